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
import { insertStandardFile, proofState, recentDay, sampleFiles, storedFiles } from './support/proof-fixtures';
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
      { name: 'effectiveDate', value: recentDay() },
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

  it('takes an Idempotency-Key on the other creating POSTs: a retry answers the first result and creates nothing; a refused request leaves the key free', async () => {
    const admin = bearer(await insertSession(t.dataSource, await insertUser(t.dataSource, { email: `admin-${randomUUID()}@example.org`, isAdmin: true })));
    const departments = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM department'))[0].n;
    const create = (key: string, body: object) => request(t.server).post('/api/departments').set(admin).set('Idempotency-Key', key).send(body);
    const key = randomUUID();

    const refused = await create(key, { name: '' }).expect(400);
    expect(refused.body.type).toBe('urn:calea-tracker:problem:validation');
    const before = await departments();
    const first = await create(key, { name: 'Pagedale Police Department', shortName: 'Pagedale PD' }).expect(201);
    const retried = await create(key, { name: 'Pagedale Police Department', shortName: 'Pagedale PD' }).expect(201);
    expect(retried.body).toEqual(first.body);
    expect(await departments()).toBe(before + 1);

    const twinKey = randomUUID();
    const twins = await Promise.all([create(twinKey, { name: 'Twin Police Department', shortName: 'Twin PD' }), create(twinKey, { name: 'Twin Police Department', shortName: 'Twin PD' })]);
    // One creates; the other gets its answer, or 409 while the first is still running; never a second department.
    expect(twins.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    for (const r of twins) expect([201, 409]).toContain(r.status);
    expect(await departments()).toBe(before + 2);

    const elsewhere = await request(t.server).post('/api/reports/footprint').set(admin).set('Idempotency-Key', key).send({}).expect(422);
    expect(elsewhere.body.type).toBe('urn:calea-tracker:problem:idempotency-key-reused');
    const doc = (await request(t.server).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
    for (const [path, method] of [['/api/departments', 'post'], ['/api/files/{fileId}/proofs', 'post'], ['/api/files/{fileId}/proofs/link', 'post'], ['/api/users', 'post']]) {
      expect({ path, header: doc.paths[path][method].parameters?.some((p) => p.name === 'Idempotency-Key') }).toEqual({ path, header: true });
    }
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
    // Fresh means younger than the stale age; a minute keeps "fresh" true however slow the restart is on a loaded machine.
    t = await startTestApp(database.url, { dataDir, proofMaintenance: { ...MAINTENANCE, staleAfterMs: 60_000 } });
    const files = await storedFiles(t);
    expect(files).toContain(`orphans/${sha256(orphanBytes)}`);
    expect(files).not.toContain(orphan);
    expect(files).toContain(named);
    expect(files).toContain(fresh);
  });
});
