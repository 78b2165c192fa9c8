import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '../../../src/identity/access/actor';
import { generateSyntheticManual, SYNTHETIC_STANDARD_COUNT, syntheticManualCsv } from '../../../src/standards/rules/synthetic-manual';
import { bearer, insertSession, insertUser } from '../../support/fixtures';
import type { TestApp } from '../../support/test-app';

/** A benchmark setting from the environment: a positive (or, when allowed, zero) integer. */
export function positiveInt(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) throw new Error(`${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer (got "${raw}")`);
  return value;
}

/**
 * Starts the app listening on 127.0.0.1 (one server for every request) with an administrator's
 * bearer session; `admin` is that administrator as the access guard resolves it, for in-process rows.
 */
export async function listenWithAdmin(t: TestApp): Promise<{ baseUrl: string; auth: Record<string, string>; admin: Actor }> {
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  const email = 'bench-admin@example.org';
  const userId = await insertUser(t.dataSource, { email, displayName: 'Bench Admin', isAdmin: true });
  const admin: Actor = { userId, email, displayName: 'Bench Admin', isAdmin: true, memberships: [], grants: [], sessionId: 'bench', sessionKind: 'bearer' };
  return { baseUrl, auth: bearer(await insertSession(t.dataSource, userId)), admin };
}

/** GET over a keep-alive agent; the whole body, read as it arrives. */
export function getOver(agent: http.Agent, baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Imports the synthetic 461-standard manual (version 6.15) through the API, publishes it, and returns its id. */
export async function importSyntheticManual(baseUrl: string, auth: Record<string, string>, program = 'Law Enforcement'): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ program, edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) form.append(name, value);
  form.append('file', new Blob([syntheticManualCsv(generateSyntheticManual({ version: '6.15' }))], { type: 'text/csv' }), 'manual.csv');
  const res = await fetch(`${baseUrl}/api/manuals/import`, { method: 'POST', headers: auth, body: form });
  const body = (await res.json()) as { manual: { id: string; standardCount: number } };
  if (res.status !== 201 || body.manual.standardCount !== SYNTHETIC_STANDARD_COUNT) {
    throw new Error(`importing the synthetic manual answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const published = await fetch(`${baseUrl}/api/manuals/${body.manual.id}/publish`, { method: 'POST', headers: auth });
  if (published.status !== 200) throw new Error(`publishing the synthetic manual answered ${published.status}`);
  return body.manual.id;
}
