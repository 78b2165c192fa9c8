import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { addDays } from '../../src/kernel/accreditation-cycle';
import { dayOf } from '../../src/kernel/calendar';
import { insertDepartment, insertSession, insertUser, setProfile } from '../support/fixtures';
import { insertStandardFile } from '../support/proof-fixtures';
import { createTestApp, createTestDatabase, TestDatabase } from '../support/test-app';
import { formatMb, formatMs, Measurement, printTable, summarize } from './support/measure';
import { positiveInt } from './support/bench-app';
import { freshenRandomPdf, writeRandomPdf } from '../support/random-pdf';

/**
 * Uploading a large proof (POST /api/files/:fileId/proofs, multipart, streamed) against
 * `sha256sum` plus `cp` of the same file on the same disk, in the same run; and the service's
 * resident memory while it receives the upload. The service runs as its own process (the build
 * in dist/, as `npm start` runs it), so its memory is measured alone, from /proc. Timings and
 * memory are printed, never asserted; `expect` here only checks that every upload stored the bytes.
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

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
/** The sources the upload runs through: when one is newer than the build, the bench says so. */
const UPLOAD_SOURCES = ['src/main.ts', 'src/app.factory.ts', 'src/proofs', 'src/config', 'src/audit'];

/** Where each round writes fresh bytes (right after the header), so no upload duplicates an earlier one. */

/** The service under test and how to read its resident memory. */
interface Service {
  kind: 'process' | 'in-process';
  baseUrl: string;
  dataDir: string;
  dataSource: DataSource;
  /** Current RSS in bytes. */
  rss(): Promise<number>;
  /** Resets the kernel's high-water mark (VmHWM) to the current RSS; false where that is not possible. */
  resetPeak(): Promise<boolean>;
  /** VmHWM in bytes, where available. */
  peak(): Promise<number | undefined>;
  /** Settles memory before an upload (in process: a full GC; a separate process is left alone). */
  settle(): Promise<void>;
  note: string;
  close(): Promise<void>;
}

interface UploadRun {
  ms: number;
  sha256: string;
  sizeBytes: number;
  rssBefore: number;
  sampledPeak: number;
  kernelPeak?: number;
  warmup: boolean;
}

describe('proof upload benchmark', () => {
  let service: Service;
  let token: string;
  let fileId: string;
  let dir: string;
  let source: string;
  const today = dayOf(new Date());
  // Cycle year 1 started 30 days ago; the proof is dated yesterday.
  const fields = { cycleYear: '1', effectiveDate: addDays(today, -1), kind: 'document', description: 'Bench upload: range qualification video log' };

  beforeAll(async () => {
    service = await startService();
    const ds = service.dataSource;
    const departmentId = await insertDepartment(ds, 'Bench Upload Police Department');
    await setProfile(ds, departmentId, { awardDate: addDays(today, -30) });
    fileId = await insertStandardFile(ds, departmentId);
    token = await insertSession(ds, await insertUser(ds, { email: 'bench-manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));

    // Next to the service's data folder (both under the OS temp folder): the same disk.
    dir = await mkdtemp(join(tmpdir(), 'calea-bench-upload-'));
    source = join(dir, 'evidence.pdf');
    await writeRandomPdf(source, SIZE);
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    await service?.close();
  });

  it(`uploads a ${SIZE_MIB} MiB proof: the API against sha256sum + cp`, async () => {
    expect((await stat(source)).size).toBe(SIZE);
    const copy = join(dir, 'copy.pdf');
    const baseline: number[] = [];
    const durable: number[] = [];
    const uploads: UploadRun[] = [];
    const shas: string[] = [];

    for (let round = 0; round < WARMUP + RUNS; round++) {
      await freshenRandomPdf(source);
      const timed = round >= WARMUP;
      const hashes = new Set<string>();
      // Rotating order, so no row always runs first (or right after another's disk writes).
      const rows = [BASELINE, API, DURABLE];
      for (let k = 0; k < rows.length; k++) {
        const row = rows[(round + k) % rows.length];
        // Dirty pages of the previous row are written out first, untimed.
        await run('sync', []);
        if (row === API) {
          const upload = { ...(await uploadOnce(service, token, fileId, source, fields)), warmup: !timed };
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
      const object = join(service.dataDir, 'proofs', 'objects', sha.slice(0, 2), sha.slice(2, 4), sha);
      expect((await stat(object)).size).toBe(SIZE);
    }
    const [{ objects }]: { objects: number }[] = await service.dataSource.query('SELECT count(*)::int AS objects FROM stored_object WHERE sha256 = ANY($1)', [shas]);
    expect(objects).toBe(WARMUP + RUNS);

    report(
      [
        { name: BASELINE, samples: baseline },
        { name: API, samples: uploads.filter((u) => !u.warmup).map((u) => u.ms), peakRssBytes: Math.max(...uploads.map((u) => Math.max(u.sampledPeak, u.kernelPeak ?? 0))) },
        { name: DURABLE, samples: durable },
      ],
      uploads,
      service,
      (await stat(dir)).dev === (await stat(service.dataDir)).dev,
    );
  });
});

/**
 * The built service (dist/src/main.js) as its own process on a fresh copy of the migrated test
 * database, as `npm start` runs it with DATABASE_URL. Without a build (or when it does not start),
 * the application runs inside this process instead, and the note says so.
 */
async function startService(): Promise<Service> {
  if (existsSync(MAIN)) {
    const database = await createTestDatabase();
    try {
      return await startProcess(database);
    } catch (error) {
      await database.drop();
      return startInProcess(`the build did not start (${(error as Error).message.slice(0, 300)}), so the service ran inside the bench process`);
    }
  }
  return startInProcess('no build (dist/src/main.js; run npm run build), so the service ran inside the bench process');
}

async function startProcess(database: TestDatabase): Promise<Service> {
  const dataDir = await mkdtemp(join(tmpdir(), 'calea-bench-service-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await listeningPort(child);
  const dataSource = new DataSource(buildDataSourceOptions(database.url));
  await dataSource.initialize();
  const status = async (field: string): Promise<number | undefined> => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(await readFile(`/proc/${child.pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const built = statSync(MAIN).mtime;
  const newer = newerThan(built, UPLOAD_SOURCES);
  return {
    kind: 'process',
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    dataSource,
    rss: async () => (await status('VmRSS')) ?? 0,
    resetPeak: async () => {
      try {
        await writeFile(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    peak: () => status('VmHWM'),
    settle: () => Promise.resolve(),
    note:
      `The service ran as its own process (node dist/src/main.js, NODE_ENV=production, built ${built.toISOString()}` +
      `${newer.length > 0 ? `; NEWER SOURCES than the build: ${newer.join(', ')}: npm run build to measure them` : ''}); ` +
      'its RSS is read from /proc/<pid>/status. The client runs in the bench process.',
    async close() {
      await dataSource.destroy();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startInProcess(why: string): Promise<Service> {
  const t = await createTestApp({ uploadMaxBytes: UPLOAD_MAX_BYTES });
  await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
  const gc = exposeGc();
  const status = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  };
  return {
    kind: 'in-process',
    baseUrl: `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`,
    dataDir: t.config.dataDir,
    dataSource: t.dataSource,
    rss: () => Promise.resolve(process.memoryUsage.rss()),
    resetPeak: () => {
      try {
        writeFileSync('/proc/self/clear_refs', '5');
        return Promise.resolve(true);
      } catch {
        return Promise.resolve(false);
      }
    },
    peak: () => Promise.resolve(existsSync('/proc/self/status') ? status('VmHWM') : undefined),
    settle: async () => {
      gc();
      // Let the collector hand pages back before the RSS is read.
      await new Promise((resolve) => setTimeout(resolve, 200));
    },
    note: `${why}: its RSS includes the client's buffers and whatever earlier bench files left in this process.`,
    close: () => t.close(),
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}: ${output.slice(-2000)}`)));
  });
}

/** The files under `paths` (relative to the project) changed after `built`. */
function newerThan(built: Date, paths: string[]): string[] {
  const newer: string[] = [];
  const visit = (path: string): void => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (path.endsWith('.ts') && !path.endsWith('.spec.ts') && info.mtime > built) {
      newer.push(relative(ROOT, path));
    }
  };
  for (const p of paths) visit(join(ROOT, p));
  return newer;
}

/**
 * One upload, streamed: the form fields and the file part's headers written by hand, the bytes
 * straight from a read stream, the closing boundary; never the whole body in memory. Meanwhile
 * the service's RSS is sampled every RSS_SAMPLE_MS, and its kernel high-water mark is reset
 * before and read after.
 */
async function uploadOnce(service: Service, token: string, fileId: string, path: string, fields: Record<string, string>): Promise<Omit<UploadRun, 'warmup'>> {
  await service.settle();
  const kernelReset = await service.resetPeak();
  const rssBefore = await service.rss();
  let sampledPeak = rssBefore;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(async () => {
      sampledPeak = Math.max(sampledPeak, await service.rss());
    });
  }, RSS_SAMPLE_MS);
  let answer: { status: number; ms: number; text: string };
  try {
    answer = await postMultipart(`${service.baseUrl}/api/files/${fileId}/proofs`, token, path, fields);
  } finally {
    clearInterval(timer);
  }
  await sampling;
  sampledPeak = Math.max(sampledPeak, await service.rss());
  const body = JSON.parse(answer.text) as { proof?: { sha256: string; sizeBytes: number; mimeType: string } };
  if (answer.status !== 201 || !body.proof) throw new Error(`the upload answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  expect(body.proof.mimeType).toBe('application/pdf');
  return {
    ms: answer.ms,
    sha256: body.proof.sha256,
    sizeBytes: body.proof.sizeBytes,
    rssBefore,
    sampledPeak,
    kernelPeak: kernelReset ? await service.peak() : undefined,
  };
}

/** POSTs the file as multipart/form-data, streamed; `ms` runs from the first byte sent to the last byte of the answer. */
async function postMultipart(url: string, token: string, path: string, fields: Record<string, string>): Promise<{ status: number; ms: number; text: string }> {
  const boundary = `----calea-bench-${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const prefix = Buffer.from(head, 'utf8');
  const suffix = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* body(): AsyncGenerator<Buffer> {
    yield prefix;
    yield* createReadStream(path) as AsyncIterable<Buffer>;
    yield suffix;
  }

  const start = performance.now();
  const request = http.request(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(prefix.length + (await stat(path)).size + suffix.length),
    },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  // An early answer (e.g. a 413) may close the connection mid-body: the answer is what counts.
  const sent = pipeline(Readable.from(body()), request).catch(() => undefined);
  const { status, text } = await answer;
  const ms = performance.now() - start;
  await sent;
  return { status, ms, text };
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

function report(rows: Measurement[], uploads: UploadRun[], service: Service, sameDisk: boolean): void {
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
      `Service RSS growth during each upload, over its RSS just before (${RSS_SAMPLE_MS} ms samples / kernel VmHWM): ` +
        uploads
          .map((u) => `${u.warmup ? 'warm-up ' : ''}${formatMb(u.sampledPeak - u.rssBefore)} / ${u.kernelPeak === undefined ? '-' : formatMb(u.kernelPeak - u.rssBefore)} MB`)
          .join(', ') +
        ` (RSS before each: ${uploads.map((u) => formatMb(u.rssBefore)).join(', ')} MB).`,
      `Target (issue): the service's resident memory grows by less than ${formatMb(TARGET_RSS_GROWTH)} MB: ${met(worst < TARGET_RSS_GROWTH)} (worst ${formatMb(worst)} MB, warm-up included).`,
      service.note,
      'On top of reading and writing the bytes, the API parses the multipart body, checks the type early, hashes and counts the bytes, fsyncs the temp file, ' +
        'sniffs the type, renames it to its content address and fsyncs the folder, then writes the rows and the audit event. cp does not fsync; the last row adds `sync` of the copy.',
      `The source file, its copies and the service's data folder are ${sameDisk ? 'on the same filesystem' : 'NOT on the same filesystem'} (under ${tmpdir()}).`,
      `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; API p50 ${formatMs(api)} ms.`,
    ],
  });
}

