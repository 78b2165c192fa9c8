import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FixedClock } from '../../src/common/clock';
import { insertDepartment, insertSession, insertUser } from '../support/fixtures';
import { insertStandardFile } from '../support/proof-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { formatMb, formatMs, Measurement, printTable, summarize } from './support/measure';

/**
 * Uploading a large proof (POST /api/files/:fileId/proofs, multipart, streamed) against
 * `sha256sum` plus `cp` of the same file on the same disk, in the same run; and the service's
 * resident memory while it receives the upload. Timings and memory are printed, never asserted;
 * `expect` here only checks that every upload really stored the bytes.
 */

const MIB = 1024 * 1024;
const SIZE_MIB = positiveInt('BENCH_UPLOAD_MIB', 200);
const SIZE = SIZE_MIB * MIB;
const RUNS = positiveInt('BENCH_UPLOAD_RUNS', 3);
const WARMUP = positiveInt('BENCH_UPLOAD_WARMUP', 1, true);
const UPLOAD_MAX_BYTES = Math.max(300 * MIB, SIZE + 16 * MIB);
const TARGET_THROUGHPUT_SHARE = 0.5;
const TARGET_RSS_GROWTH = 64 * MIB;
const RSS_SAMPLE_MS = 20;

const BASELINE = 'sha256sum + cp (same disk)';
const API = 'API: POST /api/files/:fileId/proofs (multipart, streamed)';
const DURABLE = 'sha256sum + cp + sync of the copy (informational)';

const CLIENT = join(__dirname, 'support', 'upload-client.mjs');
const PDF_HEADER = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
const PDF_TRAILER = Buffer.from('\ntrailer\n<< /Size 1 >>\nstartxref\n0\n%%EOF\n', 'latin1');
/** Where each run writes fresh bytes (right after the header), so no run is a duplicate of an earlier one. */
const SALT_OFFSET = PDF_HEADER.length;

interface UploadRun {
  ms: number;
  sha256: string;
  sizeBytes: number;
  rssBefore: number;
  sampledPeak: number;
  /** Kernel high-water mark (VmHWM after resetting it through /proc/self/clear_refs); undefined where unavailable. */
  kernelPeak?: number;
  /** A warm-up round's upload: not timed, but its memory counts (the first upload is the one that may grow the heap). */
  warmup: boolean;
}

describe('proof upload benchmark', () => {
  let t: TestApp;
  let baseUrl: string;
  let token: string;
  let fileId: string;
  let dir: string;
  let source: string;

  beforeAll(async () => {
    // A fixed day, so the cycle year and effective date below stay valid whenever the bench runs.
    t = await createTestApp({ uploadMaxBytes: UPLOAD_MAX_BYTES }, new FixedClock(new Date('2026-06-10T15:00:00Z')));
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    const departmentId = await insertDepartment(t.dataSource, 'Bench Upload Police Department');
    await t.dataSource.query(`UPDATE department SET award_date = '2022-03-01' WHERE id = $1`, [departmentId]);
    fileId = await insertStandardFile(t.dataSource, departmentId);
    const manager = await insertUser(t.dataSource, { email: 'bench-manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
    token = await insertSession(t.dataSource, manager);

    // Next to the service's data folder (both under the OS temp folder): the same disk.
    dir = await mkdtemp(join(tmpdir(), 'calea-bench-upload-'));
    source = join(dir, 'evidence.pdf');
    await writeRandomPdf(source, SIZE);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    await t?.close();
  });

  it(`uploads a ${SIZE_MIB} MiB proof: the API against sha256sum + cp`, async () => {
    expect((await stat(source)).size).toBe(SIZE);
    const gc = exposeGc();
    const copy = join(dir, 'copy.pdf');
    const baseline: number[] = [];
    const durable: number[] = [];
    const uploads: UploadRun[] = [];
    const shas: string[] = [];

    for (let round = 0; round < WARMUP + RUNS; round++) {
      await freshen(source);
      const timed = round >= WARMUP;
      const hashes = new Set<string>();
      // Rotating order, so no row always runs first (or right after another's disk writes).
      const rows = [BASELINE, API, DURABLE];
      for (let k = 0; k < rows.length; k++) {
        const row = rows[(round + k) % rows.length];
        // Dirty pages of the previous row are written out first, untimed.
        await run('sync', []);
        if (row === API) {
          const upload = { ...(await uploadOnce(baseUrl, token, fileId, source, gc)), warmup: !timed };
          expect(upload.sizeBytes).toBe(SIZE);
          hashes.add(upload.sha256);
          uploads.push(upload);
        } else {
          const command = `sha256sum "$1" && cp "$1" "$2"${row === DURABLE ? ' && sync "$2"' : ''}`;
          const start = performance.now();
          const out = await run('sh', ['-c', command, 'sh', source, copy]);
          const ms = performance.now() - start;
          hashes.add(out.split(' ')[0]);
          await rm(copy, { force: true });
          if (timed) (row === BASELINE ? baseline : durable).push(ms);
        }
      }
      // The API stored exactly the bytes sha256sum read, and each round's content is new (no deduplication).
      expect(hashes.size).toBe(1);
      const [sha] = hashes;
      expect(shas).not.toContain(sha);
      shas.push(sha);
      const object = join(t.config.dataDir, 'proofs', 'objects', sha.slice(0, 2), sha.slice(2, 4), sha);
      expect((await stat(object)).size).toBe(SIZE);
    }
    const [{ objects }]: { objects: number }[] = await t.dataSource.query('SELECT count(*)::int AS objects FROM stored_object WHERE sha256 = ANY($1)', [shas]);
    expect(objects).toBe(WARMUP + RUNS);

    report(
      [
        { name: BASELINE, samples: baseline },
        {
          name: API,
          samples: uploads.filter((u) => !u.warmup).map((u) => u.ms),
          peakRssBytes: Math.max(...uploads.map((u) => Math.max(u.sampledPeak, u.kernelPeak ?? 0))),
        },
        { name: DURABLE, samples: durable },
      ],
      uploads,
      (await stat(dir)).dev === (await stat(t.config.dataDir)).dev,
    );
  });
});

/**
 * One upload by the client process (support/upload-client.mjs), with the service's resident
 * memory watched meanwhile: a full GC first (so garbage from the previous run does not inflate the
 * RSS before), then process.memoryUsage.rss() every RSS_SAMPLE_MS, and the kernel's high-water mark.
 */
async function uploadOnce(baseUrl: string, token: string, fileId: string, path: string, gc: () => void): Promise<Omit<UploadRun, 'warmup'>> {
  gc();
  const rssBefore = process.memoryUsage.rss();
  const kernelReset = resetKernelPeak();
  let sampledPeak = rssBefore;
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  let out: string;
  try {
    const fields = { cycleYear: '1', effectiveDate: '2026-04-14', kind: 'document', description: 'Bench upload: range qualification video log' };
    out = await run(process.execPath, [CLIENT, `${baseUrl}/api/files/${fileId}/proofs`, token, path, JSON.stringify(fields), 'evidence.pdf', 'application/pdf']);
  } finally {
    clearInterval(timer);
  }
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { status: number; ms: number; body: { proof?: { sha256: string; sizeBytes: number; mimeType: string } } };
  if (result.status !== 201 || !result.body.proof) throw new Error(`the upload answered ${result.status}: ${JSON.stringify(result.body).slice(0, 500)}`);
  expect(result.body.proof.mimeType).toBe('application/pdf');
  return {
    ms: result.ms,
    sha256: result.body.proof.sha256,
    sizeBytes: result.body.proof.sizeBytes,
    rssBefore,
    sampledPeak,
    kernelPeak: kernelReset ? kernelPeakRss() : undefined,
  };
}

/** Random bytes between a PDF header and trailer (file-type sniffs application/pdf), written in chunks. */
async function writeRandomPdf(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(PDF_HEADER);
    let left = size - PDF_HEADER.length - PDF_TRAILER.length;
    while (left > 0) {
      const chunk = randomBytes(Math.min(8 * MIB, left));
      await handle.write(chunk);
      left -= chunk.length;
    }
    await handle.write(PDF_TRAILER);
  } finally {
    await handle.close();
  }
}

/** New random bytes right after the header: new content (and SHA-256) for the next round, same size. */
async function freshen(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(randomBytes(32), 0, 32, SALT_OFFSET);
  } finally {
    await handle.close();
  }
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * MIB }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** A full garbage collection on demand (the bench process is not started with --expose-gc). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Resets this process's VmHWM to its current RSS (Linux: writing 5 to /proc/self/clear_refs); false where that is not possible. */
function resetKernelPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function kernelPeakRss(): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : undefined;
}

function report(rows: Measurement[], uploads: UploadRun[], sameDisk: boolean): void {
  const p50 = (name: string): number => summarize(rows.find((r) => r.name === name)?.samples ?? []).p50;
  const mibPerSecond = (ms: number): number => SIZE / MIB / (ms / 1000);
  const api = p50(API);
  const base = p50(BASELINE);
  const share = mibPerSecond(api) / mibPerSecond(base);
  const growth = (u: UploadRun): number => Math.max(u.sampledPeak, u.kernelPeak ?? 0) - u.rssBefore;
  const worst = Math.max(...uploads.map(growth));
  const met = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');
  printTable(`Proof upload: a ${SIZE_MIB} MiB PDF (random bytes behind a PDF header); ${RUNS} timed rounds after ${WARMUP} warm-up round(s), rows interleaved`, rows, {
    baseline: BASELINE,
    notes: [
      `Throughput (p50): sha256sum + cp ${mibPerSecond(base).toFixed(1)} MiB/s, API ${mibPerSecond(api).toFixed(1)} MiB/s, ` +
        `sha256sum + cp + sync ${mibPerSecond(p50(DURABLE)).toFixed(1)} MiB/s.`,
      `Target (issue): the API reaches at least ${TARGET_THROUGHPUT_SHARE * 100}% of the baseline's throughput: ${met(share >= TARGET_THROUGHPUT_SHARE)} (${(share * 100).toFixed(1)}%).`,
      `Service RSS growth during each upload (peak over the RSS just before it; ${RSS_SAMPLE_MS} ms samples / kernel VmHWM): ` +
        uploads
          .map((u) => `${u.warmup ? 'warm-up ' : ''}${formatMb(u.sampledPeak - u.rssBefore)} / ${u.kernelPeak === undefined ? '-' : formatMb(u.kernelPeak - u.rssBefore)} MB`)
          .join(', ') +
        ` (RSS before each: ${uploads.map((u) => formatMb(u.rssBefore)).join(', ')} MB).`,
      `Target (issue): the service's resident memory grows by less than ${formatMb(TARGET_RSS_GROWTH)} MB: ${met(worst < TARGET_RSS_GROWTH)} (worst ${formatMb(worst)} MB, warm-up included).`,
      'The service runs in this process; the client runs in its own (support/upload-client.mjs), so this RSS is the service\'s alone. ' +
        'API time runs from the first byte sent to the answer received.',
      'The API also parses the multipart body, checks the type early, hashes and counts the bytes, writes a temp file and fsyncs it, sniffs the type, ' +
        'renames it to its content address and fsyncs the folder, then writes the rows and the audit event. cp does not fsync; the last row adds `sync` of the copy.',
      `The source file, its copies and the service's data folder are ${sameDisk ? 'on the same filesystem' : 'NOT on the same filesystem'} (${tmpdir()}).`,
      `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; API p50 ${formatMs(api)} ms.`,
    ],
  });
}

function positiveInt(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) throw new Error(`${name} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer (got "${raw}")`);
  return value;
}
