import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { contentAddress } from '../src/proofs/storage/proof-storage';
import type { S3Bucket } from '../src/proofs/storage/s3-bucket';
import { insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { insertStandardFile, recentDay } from './support/proof-fixtures';
import { createTestBucket } from './support/s3';
import { MAIN, RunningService, startService, stopService } from './support/service-process';
import { createTestDatabase, TestDatabase } from './support/test-app';
import { freshenRandomPdf, writeRandomPdf } from './support/random-pdf';

/**
 * The built service (node dist/src/main.js, its own process) with PROOF_STORAGE_DRIVER=s3 on the
 * test S3-protocol server: a 200 MiB upload streams through it to the bucket with the process's
 * resident memory measured from /proc, and uploads cut short by the client or by the process
 * dying leave no row, no object under a final key, and (once swept) no open multipart upload.
 */
const MIB = 1024 * 1024;
const SIZE = 200 * MIB;
/** The service's RSS may grow by this much while it takes the 200 MiB upload (parts in flight, buffers, GC slack). */
const RSS_GROWTH_LIMIT = 96 * MIB;

describe('the built service on the s3 driver: large and crashed uploads', () => {
  let database: TestDatabase;
  let bucket: S3Bucket;
  let dataDir: string;
  let work: string;
  let source: string;
  let env: Record<string, string>;
  let service: RunningService;
  let db: DataSource;
  let token: string;
  let fileId: string;

  const counts = async (): Promise<{ proof: number; stored_object: number }> => {
    const [row] = await db.query<{ proof: number; stored_object: number }[]>('SELECT (SELECT count(*)::int FROM proof) AS proof, (SELECT count(*)::int FROM stored_object) AS stored_object');
    return row;
  };
  const bucketKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    for await (const object of bucket.list('')) keys.push(object.key);
    return keys.sort();
  };
  const openUploads = async (): Promise<string[]> => {
    const keys: string[] = [];
    for await (const upload of bucket.openUploads('')) keys.push(upload.key);
    return keys;
  };
  const stagingFiles = async (): Promise<string[]> => readdir(join(dataDir, 'proofs', 'tmp')).catch(() => []);
  const until = async (what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await probe()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const rssOf = (pid: number): number => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds before running jest
    database = await createTestDatabase();
    bucket = await createTestBucket();
    dataDir = await mkdtemp(join(tmpdir(), 'calea-s3-service-'));
    work = await mkdtemp(join(tmpdir(), 'calea-s3-upload-'));
    source = join(work, 'evidence.pdf');
    await writeRandomPdf(source, SIZE);
    expect((await stat(source)).size).toBe(SIZE);
    const s3 = bucket.config;
    env = {
      DATABASE_URL: database.url,
      DATABASE_CONNECT_RETRIES: '0',
      NODE_ENV: 'production',
      PROOF_STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint as string,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.credentials?.accessKeyId ?? '',
      S3_SECRET_ACCESS_KEY: s3.credentials?.secretAccessKey ?? '',
      S3_FORCE_PATH_STYLE: 'true',
      UPLOAD_MAX_BYTES: String(SIZE + 16 * MIB),
      DEADLINE_JOB_CRON: 'off',
      DIGEST_JOB_CRON: 'off',
      READINESS_FIGURES_REFRESH_SECONDS: '0',
      MAIL_POLL_MS: '0',
    };
    service = await startService(dataDir, env);
    db = await new DataSource(buildDataSourceOptions(database.url)).initialize();
    const departmentId = await insertDepartment(db, 'Bucket Upload Police Department');
    await setProfile(db, departmentId, { awardDate: recentDay(60) });
    fileId = await insertStandardFile(db, departmentId);
    token = await insertSession(db, await insertUser(db, { email: 'manager@bucket.example', memberships: [{ departmentId, role: 'manager' }] }));
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    if (service) await stopService(service);
    bucket?.destroy();
    await database?.drop();
    await Promise.all([dataDir, work].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("streams a 200 MiB upload to the bucket: stored at its content address, downloaded identical with its ETag and ranges, the service's memory growing far less than the file", async () => {
    const pid = service.process.pid as number;
    const before = rssOf(pid);
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
    let answer: { status: number; text: string };
    try {
      answer = await postFile(service.port, token, fileId, source).done;
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, rssOf(pid));
    expect(answer.status).toBe(201);
    const proof = (JSON.parse(answer.text) as { proof: { sha256: string; sizeBytes: number; mimeType: string } }).proof;
    const expected = await sha256Of(createReadStream(source));
    expect(proof).toMatchObject({ sha256: expected, sizeBytes: SIZE, mimeType: 'application/pdf' });
    expect(await bucket.head(contentAddress(expected))).toMatchObject({ size: SIZE });
    expect(await openUploads()).toEqual([]);
    expect(await stagingFiles()).toEqual([]);
    const growth = peak - before;
    process.stdout.write(`s3 driver, 200 MiB upload: service RSS ${(before / MIB).toFixed(1)} MiB before, peak ${(peak / MIB).toFixed(1)} MiB (+${(growth / MIB).toFixed(1)} MiB)\n`);
    expect(growth).toBeLessThan(RSS_GROWTH_LIMIT);

    const id = (JSON.parse(answer.text) as { proofId: string }).proofId;
    const download = await fetch(`http://127.0.0.1:${service.port}/api/proofs/${id}/content`, { headers: { Authorization: `Bearer ${token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('etag')).toBe(`"${expected}"`);
    expect(await sha256Of(Readable.fromWeb(download.body as import('node:stream/web').ReadableStream))).toBe(expected);
    const notModified = await fetch(`http://127.0.0.1:${service.port}/api/proofs/${id}/content`, { headers: { Authorization: `Bearer ${token}`, 'If-None-Match': `"${expected}"` } });
    expect(notModified.status).toBe(304);
  }, 180_000);

  it('a client that dies mid-upload leaves no row, nothing in the bucket and no staging file', async () => {
    const before = { counts: await counts(), keys: await bucketKeys() };
    const upload = postFile(service.port, token, fileId, source, 80 * MIB);
    await upload.sentPart;
    await until('the staging file', async () => (await stagingFiles()).length > 0);
    upload.request.destroy();
    await until('the staging file to be removed', async () => (await stagingFiles()).length === 0);
    expect({ counts: await counts(), keys: await bucketKeys() }).toEqual(before);
    expect(await openUploads()).toEqual([]);
  }, 120_000);

  it('a service killed while it sends the parts to the bucket leaves no row and no object under the final key; the next start sweeps the open multipart upload', async () => {
    await freshenRandomPdf(source);
    const sha = await sha256Of(createReadStream(source));
    const before = { counts: await counts(), keys: await bucketKeys() };
    const upload = postFile(service.port, token, fileId, source);
    await until('the multipart upload to the bucket to start', async () => (await openUploads()).includes(contentAddress(sha)), 120_000);
    const exited = new Promise((resolve) => service.process.once('exit', resolve));
    service.process.kill('SIGKILL');
    await exited;
    await upload.done.catch(() => undefined);
    expect(await counts()).toEqual(before.counts);
    expect(await bucket.head(contentAddress(sha))).toBeUndefined();
    expect(await bucketKeys()).toEqual(before.keys);
    expect(await openUploads()).toEqual([contentAddress(sha)]);

    // Restarted with a short staleness: its sweep aborts the leftover upload and removes the staging file.
    service = await startService(dataDir, { ...env, UPLOAD_TEMP_SWEEP_MS: '200', UPLOAD_TEMP_STALE_MS: '500' });
    await until('the sweep', async () => (await openUploads()).length === 0 && (await stagingFiles()).length === 0);
    expect(await bucketKeys()).toEqual(before.keys);
    expect(await counts()).toEqual(before.counts);
  }, 240_000);
});

/** POSTs the file as multipart/form-data, streamed; with `stopAfter`, sends only that many bytes of it (sentPart resolves then). */
function postFile(port: number, token: string, fileId: string, path: string, stopAfter?: number): { request: http.ClientRequest; sentPart: Promise<void>; done: Promise<{ status: number; text: string }> } {
  const boundary = `----calea-s3-${randomBytes(12).toString('hex')}`;
  const fields = { cycleYear: '1', effectiveDate: recentDay(2), kind: 'document', description: 'Range qualification video log' };
  let head = '';
  for (const [name, value] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const prefix = Buffer.from(head, 'utf8');
  const suffix = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/api/files/${fileId}/proofs`,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(prefix.length + SIZE + suffix.length) },
  });
  let sentPartResolve: () => void = () => undefined;
  const sentPart = new Promise<void>((resolve) => (sentPartResolve = resolve));
  async function* body(): AsyncGenerator<Buffer> {
    yield prefix;
    if (stopAfter === undefined) {
      yield* createReadStream(path) as AsyncIterable<Buffer>;
      yield suffix;
      return;
    }
    yield* createReadStream(path, { end: stopAfter - 1 }) as AsyncIterable<Buffer>;
    sentPartResolve();
    await new Promise(() => undefined); // The client hangs until the test destroys it.
  }
  const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  done.catch(() => undefined);
  pipeline(Readable.from(body()), request).catch(() => undefined);
  return { request, sentPart, done };
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}



