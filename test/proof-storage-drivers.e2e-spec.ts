import { CreateMultipartUploadCommand, GetObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { LocalProofStorage } from '../src/proofs/storage/local-proof-storage';
import { contentAddress, isContentAddress, ObjectMissingError, ObjectTooLargeError, ProofStorage } from '../src/proofs/storage/proof-storage';
import { S3Bucket, S3BucketUnreachableError } from '../src/proofs/storage/s3-bucket';
import { S3ProofStorage } from '../src/proofs/storage/s3-proof-storage';
import { createTestBucket, testS3Config } from './support/s3';

/**
 * The storage contract, run against both drivers: the local folder, and an S3-compatible bucket on
 * the real S3-protocol server the test set-up starts (s3rver from npm). Then what only the bucket
 * has: multipart uploads (aborted on failure; left by a crash, swept), and the check at start.
 */

const MIB = 1024 * 1024;
const PART = 5 * MIB;
const STALE_MS = 60_000;
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** A source that sends `chunks`, then fails as a dropped connection does. */
function failingSource(chunks: Buffer[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else this.destroy(new Error('aborted'));
    },
  });
}

async function keysOf(storage: ProofStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.objects()) keys.push(object.key);
  return keys.sort();
}

interface Driver {
  storage: ProofStorage;
  /** The local staging folder (both drivers stage on local disk). */
  tmpDir: string;
  bucket?: S3Bucket;
  close(): Promise<void>;
}

const drivers: [string, () => Promise<Driver>][] = [
  [
    'local',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'calea-contract-local-'));
      const storage = new LocalProofStorage(root, { staleTempMs: STALE_MS });
      await storage.prepare();
      return { storage, tmpDir: join(root, 'tmp'), close: () => rm(root, { recursive: true, force: true }) };
    },
  ],
  [
    's3',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'calea-contract-s3-'));
      const bucket = await createTestBucket({ partSizeBytes: PART });
      const storage = new S3ProofStorage(bucket, root, { staleTempMs: STALE_MS });
      await storage.prepare();
      return {
        storage,
        tmpDir: join(root, 'tmp'),
        bucket,
        close: async () => {
          storage.close();
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(drivers)('the proof storage contract: %s driver', (name, make) => {
  let d: Driver;
  beforeEach(async () => {
    d = await make();
  });
  afterEach(() => d.close());

  it('names itself', () => {
    expect(d.storage.driver).toBe(name);
  });

  it('stores bytes at their content address, hashed and counted on the way, and streams them back', async () => {
    const bytes = Buffer.from('%PDF-1.4 evidence of the annual review');
    const stored = await d.storage.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), { maxBytes: 1024 });
    expect(stored).toEqual({ sha256: sha256(bytes), size: bytes.length, key: contentAddress(sha256(bytes)), created: true });
    expect(await d.storage.exists(stored.key)).toBe(true);
    expect(await buffer(await d.storage.open(stored.key))).toEqual(bytes);
    expect(await keysOf(d.storage)).toEqual([stored.key]);
    expect(await readdir(d.tmpDir)).toEqual([]);
  });

  it('keeps identical bytes once', async () => {
    const first = await d.storage.put(Readable.from([Buffer.from('same bytes')]), { maxBytes: 1024 });
    const second = await d.storage.put(Readable.from([Buffer.from('same '), Buffer.from('bytes')]), { maxBytes: 1024 });
    expect(second).toEqual({ ...first, created: false });
    expect(await keysOf(d.storage)).toEqual([first.key]);
  });

  it('round-trips an object larger than a part (a multipart upload on the bucket)', async () => {
    const bytes = Buffer.alloc(2 * PART + 12345);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32BE(i, i);
    const stored = await d.storage.put(Readable.from([bytes.subarray(0, PART + 7), bytes.subarray(PART + 7)]), { maxBytes: 3 * PART });
    expect(stored).toMatchObject({ sha256: sha256(bytes), size: bytes.length, created: true });
    expect(sha256(await buffer(await d.storage.open(stored.key)))).toBe(sha256(bytes));
    if (d.bucket) expect(await collect(d.bucket.openUploads(''))).toEqual([]);
  });

  it('stops past the size limit and keeps nothing', async () => {
    await expect(d.storage.put(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), { maxBytes: 1000 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await keysOf(d.storage)).toEqual([]);
    expect(await readdir(d.tmpDir)).toEqual([]);
  });

  it('keeps nothing when the source fails part-way', async () => {
    await expect(d.storage.put(failingSource([Buffer.alloc(100)]), { maxBytes: 1000 })).rejects.toThrow('aborted');
    expect(await keysOf(d.storage)).toEqual([]);
    expect(await readdir(d.tmpDir)).toEqual([]);
  });

  it('shows staged bytes to the caller only: nothing at the content address until commit, nothing at all after discard', async () => {
    const bytes = Buffer.from('%PDF-1.7 staged, then inspected');
    const staged = await d.storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
    const key = contentAddress(staged.sha256);
    expect(await d.storage.exists(key)).toBe(false);
    expect(Buffer.from(await (await staged.blob()).arrayBuffer())).toEqual(bytes);
    expect(await buffer(staged.read())).toEqual(bytes);
    await staged.discard();
    await staged.discard();
    expect(await d.storage.exists(key)).toBe(false);
    expect(await readdir(d.tmpDir)).toEqual([]);

    const again = await d.storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
    expect(await again.commit()).toMatchObject({ key, created: true });
    await again.discard();
    expect(await d.storage.exists(key)).toBe(true);
    expect(await readdir(d.tmpDir)).toEqual([]);
  });

  it('refuses keys that are not content addresses, and says which are missing', async () => {
    await expect(d.storage.open('../../etc/passwd')).rejects.toBeInstanceOf(RangeError);
    await expect(d.storage.exists('orphans/x')).rejects.toBeInstanceOf(RangeError);
    await expect(d.storage.open(contentAddress('a'.repeat(64)))).rejects.toBeInstanceOf(ObjectMissingError);
    expect(await d.storage.exists(contentAddress('b'.repeat(64)))).toBe(false);
  });

  it('sets an object aside out of the store, kept', async () => {
    const stored = await d.storage.put(Readable.from([Buffer.from('nobody names me')]), { maxBytes: 1024 });
    expect(await d.storage.setAside(stored.key)).toBe(`orphans/${stored.sha256}`);
    expect(await keysOf(d.storage)).toEqual([]);
    expect(await d.storage.exists(stored.key)).toBe(false);
  });

  it('sweeps staging files left by a crash once stale, and leaves fresh ones', async () => {
    const stale = join(d.tmpDir, 'crashed.part');
    const fresh = join(d.tmpDir, 'in-progress.part');
    await writeFile(stale, 'half an upload');
    await writeFile(fresh, 'being written');
    const old = new Date(Date.now() - 2 * STALE_MS);
    await utimes(stale, old, old);
    expect(await d.storage.sweep()).toBe(1);
    expect(await readdir(d.tmpDir)).toEqual(['in-progress.part']);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('the s3 driver: multipart uploads, crashes, and the bucket check', () => {
  let root: string;
  let bucket: S3Bucket;
  let storage: S3ProofStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'calea-s3-driver-'));
    bucket = await createTestBucket({ partSizeBytes: PART, partConcurrency: 2 });
    storage = new S3ProofStorage(bucket, root, { staleTempMs: STALE_MS });
    await storage.prepare();
  });
  afterEach(async () => {
    storage.close();
    await rm(root, { recursive: true, force: true });
  });

  it('aborts its multipart upload when a part fails, leaving nothing under the key', async () => {
    const bytes = Buffer.alloc(3 * PART, 7);
    const staged = await storage.stage(Readable.from([bytes]), { maxBytes: 4 * PART });
    // The staged file shrinks under the upload (damage from outside): the later parts come up short.
    for (const file of await readdir(join(root, 'tmp'))) await truncate(join(root, 'tmp', file), PART + 100);
    await expect(staged.commit()).rejects.toThrow(/bytes of \d+ from the staged file/);
    expect(await storage.exists(contentAddress(staged.sha256))).toBe(false);
    expect(await collect(bucket.openUploads(''))).toEqual([]);
    expect(await keysOf(storage)).toEqual([]);
  });

  it('sweeps what a crash mid-upload leaves (a staging file and an open multipart upload with parts): invisible before, gone after', async () => {
    // Exactly what a process killed during commit leaves: its staging file, and a multipart upload
    // under the final key with some parts sent and no CompleteMultipartUpload.
    const bytes = Buffer.alloc(2 * PART + 10, 3);
    const key = contentAddress(sha256(bytes));
    await writeFile(join(root, 'tmp', 'killed.part'), bytes);
    const created = await bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.name, Key: key }));
    await bucket.client.send(new UploadPartCommand({ Bucket: bucket.name, Key: key, UploadId: created.UploadId, PartNumber: 1, Body: bytes.subarray(0, PART), ContentLength: PART }));

    // Nothing is visible under the key: not to open, exists, the listing, or a plain GET.
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.open(key)).rejects.toBeInstanceOf(ObjectMissingError);
    expect(await keysOf(storage)).toEqual([]);
    await expect(bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect((await collect(bucket.openUploads(''))).map((u) => u.key)).toEqual([key]);

    // While it is fresh, it may be an upload in progress: kept.
    expect(await storage.sweep()).toBe(0);
    expect(await collect(bucket.openUploads(''))).toHaveLength(1);

    // Once nobody has written to either for the stale time, both go: the bucket drops the parts.
    expect(await storage.sweep(Date.now() + 2 * STALE_MS)).toBe(2);
    expect(await collect(bucket.openUploads(''))).toEqual([]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await storage.exists(key)).toBe(false);

    // The same bytes uploaded afterwards are stored whole.
    const stored = await storage.put(Readable.from([bytes]), { maxBytes: 3 * PART });
    expect(stored).toMatchObject({ key, created: true, size: bytes.length });
    expect(sha256(await buffer(await storage.open(key)))).toBe(sha256(bytes));
  });

  it('fails at start with a message naming the bucket, the reason and the variables to check', async () => {
    const missing = new S3ProofStorage(new S3Bucket(testS3Config('calea-no-such-bucket')), root);
    await expect(missing.prepare()).rejects.toBeInstanceOf(S3BucketUnreachableError);
    await expect(missing.prepare()).rejects.toThrow(/"calea-no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ cannot be reached: no such bucket \(404\)\. Check S3_ENDPOINT, S3_REGION, S3_BUCKET/);
    missing.close();

    const closed = new S3ProofStorage(new S3Bucket({ ...testS3Config(bucket.name), endpoint: 'http://127.0.0.1:9' }), root);
    await expect(closed.prepare()).rejects.toThrow(/cannot be reached: .*ECONNREFUSED/);
    closed.close();

    const wrongKey = new S3ProofStorage(new S3Bucket({ ...testS3Config(bucket.name), credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'wrong' } }), root);
    await expect(wrongKey.prepare()).rejects.toThrow(/cannot be reached: access denied \(403\)/);
    wrongKey.close();
  });

  it('lists only content addresses as objects', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('listed')]), { maxBytes: 100 });
    await storage.setAside((await storage.put(Readable.from([Buffer.from('aside')]), { maxBytes: 100 })).key);
    const keys = await keysOf(storage);
    expect(keys).toEqual([stored.key]);
    expect(keys.every(isContentAddress)).toBe(true);
  });
});
