import { PutObjectCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalProofStorage } from '../src/proofs/storage/local-proof-storage';
import type { S3Bucket } from '../src/proofs/storage/s3-bucket';
import { createTestBucket } from './support/s3';

/**
 * `npm run storage:copy` as an operator runs it (the compiled CLI, its own process) between a
 * local data folder and a bucket on the test S3-protocol server: every object copied and verified
 * against its SHA-256, a re-run skips what is there, a damaged copy in the target is repaired, a
 * damaged source object is refused with exit code 1, and back to an empty folder.
 */
const CLI = join(__dirname, '..', 'dist', 'src', 'proofs', 'storage', 'storage-copy.cli.js');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('npm run storage:copy: local folder <-> bucket, every SHA-256 verified, safe to re-run', () => {
  let bucket: S3Bucket;
  let dataDir: string;
  let backDir: string;
  let env: Record<string, string>;
  const objects: { key: string; bytes: Buffer }[] = [];

  const run = (dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env: { ...env, DATA_DIR: dir } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const bucketBytes = async (key: string): Promise<Buffer> => Buffer.concat(await ((await bucket.open(key)) as Readable).toArray());

  beforeAll(async () => {
    expect(existsSync(CLI)).toBe(true); // npm test builds before running jest
    bucket = await createTestBucket({ partSizeBytes: 5 * 1024 * 1024 });
    dataDir = await mkdtemp(join(tmpdir(), 'calea-copy-from-'));
    backDir = await mkdtemp(join(tmpdir(), 'calea-copy-back-'));
    const s3 = bucket.config;
    env = {
      PATH: process.env.PATH ?? '',
      S3_ENDPOINT: s3.endpoint as string,
      S3_REGION: s3.region,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.credentials?.accessKeyId ?? '',
      S3_SECRET_ACCESS_KEY: s3.credentials?.secretAccessKey ?? '',
      S3_FORCE_PATH_STYLE: 'true',
      LOG_LEVEL: 'silent',
    };
    const local = new LocalProofStorage(join(dataDir, 'proofs'));
    await local.prepare();
    // A proof, a "report" PDF, and one larger than a part (a multipart upload on the bucket).
    for (const bytes of [Buffer.from('%PDF-1.4 roll-call roster'), Buffer.from('%PDF-1.7 readiness report'), randomBytes(6 * 1024 * 1024)]) {
      const stored = await local.put(Readable.from([bytes]), { maxBytes: 100 * 1024 * 1024 });
      objects.push({ key: stored.key, bytes });
    }
  });
  afterAll(async () => {
    bucket?.destroy();
    await Promise.all([dataDir, backDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('copies every object to the bucket, verified', async () => {
    const res = await run(dataDir, 'to-s3');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('3 copied, 0 repaired, 0 already there (verified), 0 failed');
    for (const { key, bytes } of objects) expect(sha256(await bucketBytes(key))).toBe(sha256(bytes));
  });

  it('skips on a re-run what is there and verified, and repairs a damaged copy in the target', async () => {
    expect((await run(dataDir, 'to-s3')).stdout).toContain('0 copied, 0 repaired, 3 already there (verified), 0 failed');
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.name, Key: objects[0].key, Body: Buffer.from('damaged') }));
    const res = await run(dataDir, 'to-s3');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`repaired ${objects[0].key}`);
    expect(res.stdout).toContain('0 copied, 1 repaired, 2 already there (verified), 0 failed');
    expect(await bucketBytes(objects[0].key)).toEqual(objects[0].bytes);
  });

  it('copies back from the bucket to an empty folder, byte for byte', async () => {
    const res = await run(backDir, 'to-local');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('3 copied, 0 repaired, 0 already there (verified), 0 failed');
    for (const { key, bytes } of objects) expect(await readFile(join(backDir, 'proofs', key))).toEqual(bytes);
  });

  it('refuses a source object whose bytes no longer match its key: exit code 1, named, nothing written under it', async () => {
    const damaged = objects[1];
    await bucket.delete(damaged.key);
    await writeFile(join(dataDir, 'proofs', damaged.key), 'bit rot');
    const res = await run(dataDir, 'to-s3');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${damaged.key}: the source bytes hash to ${sha256(Buffer.from('bit rot'))}`);
    expect(res.stdout).toContain('0 copied, 0 repaired, 2 already there (verified), 1 failed');
    expect(await bucket.head(damaged.key)).toBeUndefined();
  });

  it('says how to call it (64) and names the bucket it cannot reach (65)', async () => {
    const usage = await run(dataDir, 'sideways');
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('npm run storage:copy -- to-s3');
    env = { ...env, S3_BUCKET: 'calea-no-such-bucket' };
    const missing = await run(dataDir, 'to-s3');
    expect(missing.code).toBe(65);
    expect(missing.stderr).toMatch(/The S3 bucket "calea-no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ cannot be reached: no such bucket \(404\)/);
  });
});
