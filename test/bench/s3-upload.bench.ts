import { Upload } from '@aws-sdk/lib-storage';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PART_CONCURRENCY, DEFAULT_PART_SIZE_BYTES, S3Bucket } from '../../src/proofs/storage/s3-bucket';
import { S3ProofStorage } from '../../src/proofs/storage/s3-proof-storage';
import { createTestBucket } from '../support/s3';
import { measureInterleaved, printTable, summarize } from './support/measure';
import { positiveInt } from './support/bench-app';

/**
 * Upload throughput through the S3 driver (S3ProofStorage.put: the bytes staged on local disk
 * with their SHA-256 computed and fsynced, then put to their content address, in parts above the
 * part size) against the same bytes put by the AWS SDK directly (lib-storage's Upload, same part
 * size and concurrency) to the same S3-protocol server (the test s3rver), in the same run, rows
 * alternating. Target: the driver at least 80% of the SDK's throughput. Printed, never asserted.
 */

const MIB = 1024 * 1024;
const SIZE_MIB = positiveInt('BENCH_S3_MIB', 100);
const SIZE = SIZE_MIB * MIB;
const RUNS = positiveInt('BENCH_S3_RUNS', 3);
const WARMUP = positiveInt('BENCH_S3_WARMUP', 1, true);
const TARGET_SHARE = 0.8;

const BASELINE = 'SDK directly: lib-storage Upload of the file';
const DRIVER = 'S3 driver: put (staged, SHA-256, fsync, then multipart)';

describe('S3 driver upload benchmark', () => {
  let bucket: S3Bucket;
  let storage: S3ProofStorage;
  let dir: string;
  let source: string;

  beforeAll(async () => {
    bucket = await createTestBucket();
    dir = await mkdtemp(join(tmpdir(), 'calea-bench-s3-'));
    storage = new S3ProofStorage(bucket, join(dir, 'staging'));
    await storage.prepare();
    source = join(dir, 'evidence.bin');
    const handle = await open(source, 'w');
    try {
      for (let left = SIZE; left > 0; left -= 8 * MIB) await handle.write(randomBytes(Math.min(8 * MIB, left)));
    } finally {
      await handle.close();
    }
  });
  afterAll(async () => {
    storage?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`puts ${SIZE_MIB} MiB through the S3 driver and through the SDK directly`, async () => {
    const salt = async (round: number, row: number): Promise<void> => {
      // Fresh bytes each time: no upload is answered "already stored".
      const handle = await open(source, 'r+');
      try {
        await handle.write(Buffer.from(`${round}-${row}-${randomBytes(8).toString('hex')}`.padEnd(32)), 0, 32, 0);
      } finally {
        await handle.close();
      }
    };
    let sdkKeys = 0;
    const rows = await measureInterleaved(
      [
        {
          name: BASELINE,
          run: async (round: number) => {
            await salt(round, 0);
            const key = `sdk/${round}-${sdkKeys++}`;
            await new Upload({
              client: bucket.client,
              params: { Bucket: bucket.name, Key: key, Body: createReadStream(source), ContentType: 'application/octet-stream' },
              partSize: DEFAULT_PART_SIZE_BYTES,
              queueSize: DEFAULT_PART_CONCURRENCY,
            }).done();
            expect((await bucket.head(key))?.size).toBe(SIZE);
            await bucket.delete(key);
          },
        },
        {
          name: DRIVER,
          run: async (round: number) => {
            await salt(round, 1);
            const stored = await storage.put(createReadStream(source), { maxBytes: SIZE });
            expect(stored).toMatchObject({ size: SIZE, created: true });
            await bucket.delete(stored.key);
          },
        },
      ],
      { iterations: RUNS, warmup: WARMUP },
    );
    const [sdk, driver] = rows.map((row) => summarize(row.samples));
    const mibPerS = (ms: number): string => `${(SIZE_MIB / (ms / 1000)).toFixed(1)} MiB/s`;
    const share = sdk.p50 / driver.p50;
    printTable(`${SIZE_MIB} MiB put to the test S3-protocol server (s3rver); ${RUNS} timed rounds after ${WARMUP} warm-up, rows alternating`, rows, {
      baseline: BASELINE,
      notes: [
        `S3 driver upload throughput ${mibPerS(driver.p50)} vs SDK directly ${mibPerS(sdk.p50)} (p50): ${(share * 100).toFixed(0)}% of the baseline ` +
          `(target >= ${TARGET_SHARE * 100}%: ${share >= TARGET_SHARE ? 'met' : 'NOT met'}).`,
        `Part size ${DEFAULT_PART_SIZE_BYTES / MIB} MiB, ${DEFAULT_PART_CONCURRENCY} parts at once, for both. The driver also hashes and fsyncs the staged copy on local disk first.`,
      ],
    });
  });
});
