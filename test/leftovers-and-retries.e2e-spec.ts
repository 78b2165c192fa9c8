import request from 'supertest';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { ProofStorageMaintenance, PROOF_STORAGE_MAINTENANCE_LOCK } from '../src/proofs/proof-storage-maintenance.service';
import { contentAddress } from '../src/proofs/storage/proof-storage';
import { bearer, insertDepartment, insertSession, insertUser } from './support/fixtures';
import { multipart } from './support/multipart';
import { insertStandardFile, proofState, sampleFiles, storedFiles } from './support/proof-fixtures';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

const MAINTENANCE = { sweepEveryMs: 200, staleAfterMs: 1000 };
const hourAgo = (): Date => new Date(Date.now() - 60 * 60 * 1000);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

const waitUntil = async (condition: () => Promise<boolean>, withinMs: number): Promise<boolean> => {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
};

describe('crash leftovers and retried uploads', () => {
  let database: TestDatabase;
  let dataDir: string;
  let t: TestApp;
  let token: string;
  let fileId: string;

  const uploadParts = (pdf: Buffer) =>
    multipart([
      { name: 'cycleYear', value: '1' },
      { name: 'effectiveDate', value: '2026-01-14' },
      { name: 'kind', value: 'document' },
      { name: 'file', data: pdf, filename: 'roster.pdf', contentType: 'application/pdf' },
    ]);
  const upload = (pdf: Buffer, key?: string, target = fileId) => {
    const { body, contentType } = uploadParts(pdf);
    const req = request(t.server).post(`/api/files/${target}/proofs`).set(bearer(token)).set('Content-Type', contentType);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'calea-leftovers-'));
    t = await startTestApp(database.url, { dataDir, proofMaintenance: MAINTENANCE });
    const departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    token = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    fileId = await insertStandardFile(t.dataSource, departmentId);
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("removes a crashed upload's temp file within the sweep interval, without a restart, and leaves one being written", async () => {
    const crashed = join(dataDir, 'proofs', 'tmp', `${randomUUID()}.part`);
    const writing = join(dataDir, 'proofs', 'tmp', `${randomUUID()}.part`);
    await writeFile(crashed, 'half an upload');
    await utimes(crashed, hourAgo(), hourAgo());
    await writeFile(writing, 'still arriving');
    expect(await waitUntil(() => Promise.resolve(!existsSync(crashed)), MAINTENANCE.sweepEveryMs * 10)).toBe(true);
    expect(existsSync(writing)).toBe(true);
    await rm(writing);
  });

  it('sweeps only under the advisory lock: while another replica holds it, nothing is touched', async () => {
    const maintenance = t.app.get(ProofStorageMaintenance);
    const crashed = join(dataDir, 'proofs', 'tmp', `${randomUUID()}.part`);
    const otherReplica = new Client({ connectionString: database.url });
    await otherReplica.connect();
    try {
      await otherReplica.query('SELECT pg_advisory_lock(hashtext($1))', [PROOF_STORAGE_MAINTENANCE_LOCK]);
      await writeFile(crashed, 'half an upload');
      await utimes(crashed, hourAgo(), hourAgo());
      await expect(maintenance.sweepTemp()).resolves.toEqual({ ran: false });
      await new Promise((resolve) => setTimeout(resolve, MAINTENANCE.sweepEveryMs * 3));
      expect(existsSync(crashed)).toBe(true);
    } finally {
      await otherReplica.end();
    }
    expect(await waitUntil(() => Promise.resolve(!existsSync(crashed)), MAINTENANCE.sweepEveryMs * 10)).toBe(true);
  });

  it('returns the first answer to a retried upload with the same Idempotency-Key, and stores nothing new', async () => {
    const pdf = sampleFiles.pdf(`idempotent ${randomUUID()}`);
    const key = randomUUID();
    const first = await upload(pdf, key).expect(201);
    const before = { state: await proofState(t), files: await storedFiles(t), audit: await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event') };
    const retried = await upload(pdf, key).expect(201);
    expect(retried.body).toEqual(first.body);
    expect({ state: await proofState(t), files: await storedFiles(t), audit: await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event') }).toEqual(before);
    // Twins sent at once: one files, the other answers with what it filed.
    const twinKey = randomUUID();
    const twinPdf = sampleFiles.pdf(`twins ${randomUUID()}`);
    const [a, b] = await Promise.all([upload(twinPdf, twinKey), upload(twinPdf, twinKey)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const [{ n }]: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM proof WHERE sha256 = $1', [sha256(twinPdf)]);
    expect(n).toBe(1);
    // Without a key the same upload again is a second filing: what the key is for.
    const unkeyed = await upload(pdf).expect(201);
    expect(unkeyed.body.id).not.toBe(first.body.id);
  });

  it('refuses an Idempotency-Key reused for another file (422) and a malformed one (400), naming the header', async () => {
    const key = randomUUID();
    await upload(sampleFiles.pdf(`reuse ${randomUUID()}`), key).expect(201);
    const other = await insertStandardFile(t.dataSource, (await t.dataSource.query('SELECT department_id FROM standard_file WHERE id = $1', [fileId]))[0].department_id);
    const reused = await upload(sampleFiles.pdf(`reuse ${randomUUID()}`), key, other).expect(422);
    expect(reused.body.type).toBe('urn:calea-tracker:problem:idempotency-key-reused');
    const bad = await upload(sampleFiles.pdf('x'), 'has spaces in it').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringMatching(/visible ASCII/) }]);
  });

  it('at start, moves an object file no row names to orphans/ (kept, logged), leaving named and fresh ones', async () => {
    const named = (await t.dataSource.query('SELECT storage_key FROM stored_object LIMIT 1'))[0].storage_key as string;
    await utimes(join(dataDir, 'proofs', named), hourAgo(), hourAgo());
    const orphanBytes = Buffer.from(`committed, then the process died ${randomUUID()}`);
    const orphan = contentAddress(sha256(orphanBytes));
    await mkdir(dirname(join(dataDir, 'proofs', orphan)), { recursive: true });
    await writeFile(join(dataDir, 'proofs', orphan), orphanBytes);
    await utimes(join(dataDir, 'proofs', orphan), hourAgo(), hourAgo());
    const freshBytes = Buffer.from(`committed a moment ago by another replica ${randomUUID()}`);
    const fresh = contentAddress(sha256(freshBytes));
    await mkdir(dirname(join(dataDir, 'proofs', fresh)), { recursive: true });
    await writeFile(join(dataDir, 'proofs', fresh), freshBytes);

    await t.close();
    t = await startTestApp(database.url, { dataDir, proofMaintenance: MAINTENANCE });
    const files = await storedFiles(t);
    expect(files).toContain(`orphans/${sha256(orphanBytes)}`);
    expect(files).not.toContain(orphan);
    expect(files).toContain(named);
    expect(files).toContain(fresh);
  });
});
