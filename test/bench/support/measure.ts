import { performance } from 'node:perf_hooks';

/** Small, dependency-free helpers for the benchmarks under test/bench (see ../README.md). */

export interface MeasureOptions {
  /** Timed runs. */
  iterations: number;
  /** Untimed runs first (JIT, connection pool, caches). */
  warmup: number;
  /** Sample the resident set size every this many ms while running (default 10; 0 turns sampling off). */
  rssSampleMs?: number;
}

export interface Measurement {
  name: string;
  /** Milliseconds per timed run, in run order (warm-ups excluded). */
  samples: number[];
  /** Largest RSS of this Node process seen while the runs (warm-ups included) went on; undefined when not sampled. */
  peakRssBytes?: number;
}

/**
 * Runs `run` `warmup` times untimed, then `iterations` times timed, one after the other (never
 * concurrently). `run` gets the run's index, counting warm-ups (0 … warmup + iterations - 1), so
 * each run can use fresh data (e.g. a new version string).
 *
 * RSS is sampled on a timer, which fires only while the event loop is free (during I/O), and after
 * every run; a purely synchronous run's peak inside the run is therefore not seen. The process's
 * lifetime high-water mark is `process.resourceUsage().maxRSS` (see lifetimePeakRssBytes).
 */
export async function measure(name: string, run: (index: number) => unknown, options: MeasureOptions): Promise<Measurement> {
  const { iterations, warmup, rssSampleMs = 10 } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer (got ${iterations})`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`warmup must be a non-negative integer (got ${warmup})`);

  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = rssSampleMs > 0 ? setInterval(sample, rssSampleMs) : undefined;
  timer?.unref();
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup; i++) {
      await run(i);
      if (timer) sample();
    }
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await run(warmup + i);
      samples.push(performance.now() - start);
      if (timer) sample();
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  return { name, samples, peakRssBytes: timer ? peak : undefined };
}

/**
 * Like measure(), for several rows at once, interleaved: each round runs every row once, in an
 * order that rotates from round to round (warm-up rounds first, untimed). On a shared machine
 * whose speed drifts over seconds, this keeps a row from being measured in a faster or slower
 * phase than the baseline it is compared with. `run` gets the round's index, warm-ups included.
 * The peak RSS is sampled for all rows together (each row reports the same peak).
 */
export async function measureInterleaved(
  rows: readonly { name: string; run: (index: number) => unknown }[],
  options: MeasureOptions,
): Promise<Measurement[]> {
  const { iterations, warmup, rssSampleMs = 10 } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer (got ${iterations})`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`warmup must be a non-negative integer (got ${warmup})`);

  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = rssSampleMs > 0 ? setInterval(sample, rssSampleMs) : undefined;
  timer?.unref();
  const samples = rows.map((): number[] => []);
  try {
    for (let round = 0; round < warmup + iterations; round++) {
      for (let k = 0; k < rows.length; k++) {
        const r = (round + k) % rows.length;
        const start = performance.now();
        await rows[r].run(round);
        if (round >= warmup) samples[r].push(performance.now() - start);
        if (timer) sample();
      }
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  return rows.map((row, r) => ({ name: row.name, samples: samples[r], peakRssBytes: timer ? peak : undefined }));
}

export interface Stats {
  n: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The p-th percentile (0-100) of ascending `sorted` values, interpolating linearly between the two
 * closest ranks (numpy's default). With few samples p95 and p99 lie close to the maximum.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile must be within 0-100 (got ${p})`);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('mean of no samples');
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: mean(sorted),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** The process's resident-set high-water mark since it started (kernel-reported, exact, never decreases). */
export function lifetimePeakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export const formatMs = (ms: number): string => (ms >= 100 ? ms.toFixed(1) : ms >= 10 ? ms.toFixed(2) : ms.toFixed(3));
export const formatMb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);
const formatRatio = (ratio: number): string => `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}x`;

export interface TableOptions {
  /** Name of the row every other row is compared with (its ratios are 1.00x). */
  baseline: string;
  /** Lines printed under the table. */
  notes?: readonly string[];
}

/**
 * The table as text: per row n, p50, p95, p99, mean and min in ms, the ratios of p50 and mean to
 * the baseline row's, and the sampled peak RSS.
 */
export function formatTable(title: string, rows: readonly Measurement[], options: TableOptions): string {
  const base = rows.find((r) => r.name === options.baseline);
  if (!base) throw new Error(`the baseline "${options.baseline}" is not among the rows (${rows.map((r) => r.name).join(', ')})`);
  const baseStats = summarize(base.samples);

  const header = ['', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'min ms', 'p50 vs base', 'mean vs base', 'peak RSS MB'];
  const body = rows.map((row) => {
    const s = summarize(row.samples);
    const isBase = row === base;
    return [
      isBase ? `${row.name} (baseline)` : row.name,
      String(s.n),
      formatMs(s.p50),
      formatMs(s.p95),
      formatMs(s.p99),
      formatMs(s.mean),
      formatMs(s.min),
      formatRatio(s.p50 / baseStats.p50),
      formatRatio(s.mean / baseStats.mean),
      row.peakRssBytes === undefined ? '-' : formatMb(row.peakRssBytes),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c].length)));
  // The name column is left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = '-'.repeat(line(header).length);
  return [title, rule, line(header), rule, ...body.map(line), rule, ...(options.notes ?? [])].join('\n');
}

/** Prints formatTable(...) with one console.log, so the table stays in one block in jest's output. */
export function printTable(title: string, rows: readonly Measurement[], options: TableOptions): void {
  console.log(formatTable(title, rows, options));
}
