import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { insertDepartment, insertUser, TEST_PASSWORD, setProfile } from './support/fixtures';
import { databaseUrl, withClient } from './support/global-setup';
import { multipart } from './support/multipart';
import { insertStandardFile, recentDay, sampleFiles } from './support/proof-fixtures';
import { MAIN, RunningService, startService, stopService } from './support/service-process';
import { createTestBucket } from './support/s3';
import { PROOF_STORAGE_DRIVERS, type ProofStorageDriver } from '../src/kernel/proof-storage-drivers';

/**
 * Where the replicas keep proof bytes, and what each replica is told about it. With the local
 * driver both replicas get one DATA_DIR, so $DATA_DIR/proofs is one shared folder, as a shared
 * volume would be. With s3 each replica gets a data folder of its own (nothing shared on disk) and
 * one bucket on the test S3 server, so whatever passes then passes through the bucket alone.
 */
interface SharedStorage {
  dataDirs: [string, string];
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function sharedStorage(driver: ProofStorageDriver): Promise<SharedStorage> {
  if (driver === 'local') {
    const shared = await mkdtemp(join(tmpdir(), 'calea-replicas-'));
    return { dataDirs: [shared, shared], env: { PROOF_STORAGE_DRIVER: 'local' }, cleanup: () => rm(shared, { recursive: true, force: true }) };
  }
  const bucket = await createTestBucket();
  const { endpoint, region, credentials } = bucket.config;
  bucket.destroy();
  const dirs: [string, string] = [await mkdtemp(join(tmpdir(), 'calea-replica-a-')), await mkdtemp(join(tmpdir(), 'calea-replica-b-'))];
  const env: Record<string, string> = {
    PROOF_STORAGE_DRIVER: 's3',
    S3_ENDPOINT: endpoint ?? '',
    S3_REGION: region,
    S3_BUCKET: bucket.name,
    S3_ACCESS_KEY_ID: credentials?.accessKeyId ?? '',
    S3_SECRET_ACCESS_KEY: credentials?.secretAccessKey ?? '',
    S3_FORCE_PATH_STYLE: 'true',
  };
  return { dataDirs: dirs, env, cleanup: async () => void (await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))) };
}

/** The environment of each replica: the one database, the shared storage, short job intervals. */
function replicaEnv(databaseUrl: string, storage: SharedStorage): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_CONNECT_RETRIES: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_FAILURES: '3',
    // Every second, on both replicas: the job lock and the record keep each deadline to one entry.
    DEADLINE_JOB_CRON: '* * * * * *',
    DEADLINE_JOB_TIME_ZONE: 'UTC',
    DIGEST_JOB_CRON: 'off',
    READINESS_FIGURES_REFRESH_SECONDS: '1',
    UPLOAD_TEMP_SWEEP_MS: '1000',
    MAIL_POLL_MS: '0',
    ...storage.env,
  };
}

const ADMIN = { email: 'operator@replicas.example', password: 'Replicas-shared-2026!' };

interface Answer {
  status: number;
  headers: Headers;
  json: () => unknown;
  bytes: Buffer;
}

/** Two identical service processes (real `node dist/src/main.js`) on one fresh database and one storage. */
describe.each(PROOF_STORAGE_DRIVERS)('replicas (%s storage): two service processes on one database and one storage', (driver) => {
  let adminUrl: string;
  let databaseName: string;
  let url: string;
  let storage: SharedStorage;
  let db: DataSource;
  let replicas: [RunningService, RunningService];

  const call = async (replica: RunningService, method: string, path: string, options: { token?: string; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: Uint8Array<ArrayBuffer> | string | undefined = options.body ? Uint8Array.from(options.body) : undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`http://127.0.0.1:${replica.port}${path}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) as unknown };
  };
  const signIn = async (replica: RunningService, email: string, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> => {
    const res = await call(replica, 'POST', '/api/auth/login', { json: { email, password } });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.bytes.toString()}`);
    return res.json() as { accessToken: string; refreshToken: string };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds before running jest
    adminUrl = process.env.TEST_ADMIN_DATABASE_URL as string;
    // An empty database (not the migrated template): the replicas migrate it as they start.
    databaseName = `calea_replicas_${randomBytes(6).toString('hex')}`;
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${databaseName}`));
    url = databaseUrl(adminUrl, databaseName);
    storage = await sharedStorage(driver);
    const env = replicaEnv(url, storage);
    // Both at once, as an orchestrator starts a new deployment.
    const started = await Promise.allSettled(storage.dataDirs.map((dir) => startService(dir, env)));
    const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s) => s.status === 'rejected');
    if (failure) {
      await Promise.all(running.map((service) => stopService(service)));
      throw failure.reason;
    }
    replicas = running as [RunningService, RunningService];
    db = await new DataSource(buildDataSourceOptions(url)).initialize();
  }, 90_000);

  afterAll(async () => {
    await db?.destroy();
    const codes = await Promise.all((replicas ?? []).map((replica) => stopService(replica)));
    await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    await storage?.cleanup();
    expect(codes).toEqual(codes.map(() => 0));
  });

  it('both starting at once on an empty database migrate it once, and both are ready', async () => {
    for (const replica of replicas) expect((await call(replica, 'GET', '/health/ready')).status).toBe(200);
    const files = (await readdir(join(__dirname, '..', 'migrations'))).filter((name) => name.endsWith('.ts'));
    const rows: { name: string; n: number }[] = await db.query('SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name');
    expect(rows).toHaveLength(files.length);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // One replica applied them; the other waited for its lock or came after and found nothing to do.
    const applied = replicas.map((r) => r.output().match(/Applied \d+ migration\(s\)/g) ?? []);
    expect(applied.flat()).toEqual([`Applied ${files.length} migration(s)`]);
    const [{ admins }]: { admins: number }[] = await db.query(`SELECT count(*)::int AS admins FROM audit_event WHERE action = 'user.first-admin-created'`);
    expect(admins).toBe(1);
  });

  describe('with data both replicas see', () => {
    let departmentId: string;
    let fileId: string;
    let awardDate: string;

    beforeAll(async () => {
      departmentId = await insertDepartment(db, 'Bel-Ridge Police Department');
      // Two years and a bit ago: cycle year 3, so the activities of years 1 and 2 are overdue.
      awardDate = new Date(Date.now() - (2 * 365 + 40) * 86_400_000).toISOString().slice(0, 10);
      await setProfile(db, departmentId, { awardDate: awardDate, swornOfficers: 30, programTier: 'tier1' });
      await insertUser(db, { email: 'manager@replicas.example', memberships: [{ departmentId, role: 'manager' }] });
      await insertUser(db, { email: 'locked@replicas.example', memberships: [{ departmentId, role: 'member' }] });
      fileId = await insertStandardFile(db, departmentId, { frequency: 'annual' });
      await insertStandardFile(db, departmentId, { frequency: 'quarterly' });
    });

    it('a session made on one works on the other, is refreshed there, and ends on both when signed out on either', async () => {
      const [a, b] = replicas;
      const session = await signIn(a, 'manager@replicas.example');
      const me = await call(b, 'GET', '/api/auth/me', { token: session.accessToken });
      expect(me.status).toBe(200);
      expect(me.json()).toMatchObject({ email: 'manager@replicas.example' });

      const refreshed = await call(b, 'POST', '/api/auth/refresh', { json: { refreshToken: session.refreshToken } });
      expect(refreshed.status).toBe(200);
      const { accessToken } = refreshed.json() as { accessToken: string };
      expect((await call(a, 'GET', '/api/auth/me', { token: accessToken })).status).toBe(200);

      expect((await call(b, 'POST', '/api/auth/logout', { token: accessToken })).status).toBeLessThan(300);
      expect((await call(a, 'GET', '/api/auth/me', { token: accessToken })).status).toBe(401);
    });

    it('a lockout made on one holds on the other', async () => {
      const [a, b] = replicas;
      const wrong = { email: 'locked@replicas.example', password: 'not the password at all' };
      expect((await call(a, 'POST', '/api/auth/login', { json: wrong })).status).toBe(401);
      expect((await call(b, 'POST', '/api/auth/login', { json: wrong })).status).toBe(401);
      expect((await call(a, 'POST', '/api/auth/login', { json: wrong })).status).toBe(429);
      // The right password, on the other replica: still locked.
      const right = await call(b, 'POST', '/api/auth/login', { json: { email: wrong.email, password: TEST_PASSWORD } });
      expect(right.status).toBe(429);
      expect(right.json()).toMatchObject({ type: 'urn:calea-tracker:problem:too-many-attempts', detail: expect.stringContaining('locked after 3 failed sign-ins') });
      expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('a proof uploaded through one is seen and downloaded through the other, and an Idempotency-Key holds across both', async () => {
      const [a, b] = replicas;
      const { accessToken } = await signIn(a, 'manager@replicas.example');
      const bytes = sampleFiles.pdf(`Replica upload ${randomBytes(6).toString('hex')}`);
      const { body, contentType } = multipart([
        { name: 'effectiveDate', value: recentDay() },
        { name: 'kind', value: 'document' },
        { name: 'description', value: 'Annual review, uploaded through replica A' },
        { name: 'file', data: bytes, filename: 'annual-review.pdf', contentType: 'application/pdf' },
      ]);
      // B computes (and keeps in its memory) the department's schedule before the upload ...
      const totals = async (replica: RunningService): Promise<{ metAwaitingReview: number }> =>
        ((await call(replica, 'GET', `/api/departments/${departmentId}/deadlines?limit=1`, { token: accessToken })).json() as { totals: { metAwaitingReview: number } }).totals;
      expect(await totals(b)).toMatchObject({ metAwaitingReview: 0 });
      const key = `replicas-${randomBytes(8).toString('hex')}`;
      const headers = { 'Content-Type': contentType, 'Idempotency-Key': key };
      const uploaded = await call(a, 'POST', `/api/files/${fileId}/proofs`, { token: accessToken, body, headers });
      expect(uploaded.status).toBe(201);
      const filed = uploaded.json() as { id: string; proofId: string };

      // ... and does not answer from that memory once A has changed the department.
      expect(await totals(b)).toMatchObject({ metAwaitingReview: 1 });

      const downloaded = await call(b, 'GET', `/api/proofs/${filed.proofId}/content`, { token: accessToken });
      expect(downloaded.status).toBe(200);
      expect(downloaded.bytes.equals(bytes)).toBe(true);
      expect(downloaded.headers.get('etag')).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);

      // The same request again, through the other replica: the first answer, nothing filed twice.
      const retried = await call(b, 'POST', `/api/files/${fileId}/proofs`, { token: accessToken, body, headers });
      expect(retried.json()).toMatchObject({ id: filed.id, proofId: filed.proofId });
      const [{ n }]: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM proof_link WHERE standard_file_id = $1', [fileId]);
      expect(n).toBe(1);
    });

    it('a report rendered on one is downloaded through the other', async () => {
      const [a, b] = replicas;
      const { accessToken } = await signIn(b, 'manager@replicas.example');
      const generated = await call(b, 'POST', `/api/departments/${departmentId}/reports`, { token: accessToken, json: { kind: 'readiness' } });
      expect(generated.status).toBe(201);
      const report = generated.json() as { id: string; sha256: string };
      const downloaded = await call(a, 'GET', `/api/reports/${report.id}/content`, { token: accessToken });
      expect(downloaded.status).toBe(200);
      expect(downloaded.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(downloaded.bytes).digest('hex')).toBe(report.sha256);
    }, 60_000);

    it('the overdue job, ticking every second on both, records each overdue deadline once, on one unbroken audit chain', async () => {
      const [a, b] = replicas;
      const admin = await signIn(a, ADMIN.email, ADMIN.password);
      const overdue = await call(b, 'GET', `/api/departments/${departmentId}/deadlines?limit=500&state=overdue`, { token: admin.accessToken });
      expect(overdue.status).toBe(200);
      const ids = (overdue.json() as { items: { id: string }[] }).items.map((d) => d.id).sort();
      expect(ids.length).toBeGreaterThan(2);

      const recorded = async (): Promise<string[]> =>
        (await db.query<{ deadline_id: string }[]>('SELECT deadline_id FROM deadline_overdue_record WHERE department_id = $1', [departmentId])).map((r) => r.deadline_id).sort();
      await until('the overdue job to record the department', async () => ((await recorded()).length === ids.length ? true : undefined));
      // Further ticks of both replicas add nothing.
      const ticks = (replica: RunningService): number => replica.output().match(/Overdue deadlines (on|: another replica)/g)?.length ?? 0;
      const before = replicas.map(ticks);
      await until('two more ticks on each replica', () => Promise.resolve(replicas.every((r, i) => ticks(r) >= before[i] + 2) ? true : undefined));

      expect(await recorded()).toEqual(ids);
      const audited: { entity_id: string; n: number }[] = await db.query(
        `SELECT entity_id, count(*)::int AS n FROM audit_event WHERE action = 'deadline.overdue' AND department_id = $1 GROUP BY entity_id`,
        [departmentId],
      );
      expect(audited.sort((x, y) => (x.entity_id < y.entity_id ? -1 : 1))).toEqual(ids.map((id) => ({ entity_id: id, n: 1 })));

      // Both replicas wrote to one audit trail all along: its hash chain is one unbroken line.
      const verified = await call(b, 'GET', '/api/audit/verify', { token: admin.accessToken });
      expect(verified.json()).toMatchObject({ intact: true, firstBrokenId: null });
    }, 60_000);
  });
});
