import { SIZE_CLASSES, SizeClass } from './standard-types';

/** Sworn-officer ranges per size class, inclusive; only D may be open-ended (null upper bound). */
export type SizeClassRanges = Record<SizeClass, [number, number | null]>;

// Commonly cited but not confirmed by CALEA, so deployments may override it (see parseSizeClassRanges).
export const DEFAULT_SIZE_CLASS_RANGES: SizeClassRanges = {
  A: [1, 24],
  B: [25, 199],
  C: [200, 499],
  D: [500, null],
};

function fmt(r: [number, number | null]): string {
  return r[1] === null ? `${r[0]}+` : `${r[0]}-${r[1]}`;
}

/** Throws unless A starts at 0 or 1, the classes follow each other without gaps or overlaps, and only D is open-ended. */
export function validateSizeClassRanges(ranges: SizeClassRanges): void {
  SIZE_CLASSES.forEach((c, i) => {
    const [lo, hi] = ranges[c];
    if (!Number.isInteger(lo) || lo < 0 || (hi !== null && !Number.isInteger(hi))) {
      throw new Error(`Size class ${c}: the range ${fmt(ranges[c])} must use whole numbers of sworn officers.`);
    }
    if (hi !== null && hi < lo) throw new Error(`Size class ${c}: the range ${fmt(ranges[c])} ends before it starts.`);
    if (i === 0 && lo > 1) {
      throw new Error(`Size class A must start at 1 sworn officer (it starts at ${lo}), so that every agency has a size class.`);
    }
    if (i < SIZE_CLASSES.length - 1 && hi === null) {
      throw new Error(`Size class ${c} is open-ended (${fmt(ranges[c])}); only D may be, e.g. D:500+.`);
    }
    if (i === SIZE_CLASSES.length - 1 && hi !== null) {
      throw new Error(`Size class D must be open-ended, e.g. D:${lo}+ (got ${fmt(ranges[c])}).`);
    }
    if (i > 0) {
      const prev = SIZE_CLASSES[i - 1];
      const prevHi = ranges[prev][1] as number;
      if (lo !== prevHi + 1) {
        const problem = lo <= prevHi ? 'overlaps' : 'leaves a gap after';
        throw new Error(
          `Size class ${c} (${fmt(ranges[c])}) ${problem} ${prev} (${fmt(ranges[prev])}); ${c} must start at ${prevHi + 1}.`,
        );
      }
    }
  });
}

/** Parses e.g. "A:1-24,B:25-199,C:200-499,D:500+" (any order, case and spacing); throws a descriptive Error. */
export function parseSizeClassRanges(text: string): SizeClassRanges {
  const example = 'A:1-24,B:25-199,C:200-499,D:500+';
  const found: Partial<SizeClassRanges> = {};
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new Error(`Size class ranges are empty; expected e.g. "${example}".`);
  for (const part of parts) {
    const m = /^([A-Da-d])\s*:\s*(\d+)\s*(?:-\s*(\d+)|(\+))$/.exec(part);
    if (!m) throw new Error(`Size class range "${part}" is not understood; expected e.g. "${example}".`);
    const c = m[1].toUpperCase() as SizeClass;
    if (found[c]) throw new Error(`Size class ${c} is given twice in "${text}".`);
    found[c] = [Number(m[2]), m[4] ? null : Number(m[3])];
  }
  const missing = SIZE_CLASSES.filter((c) => !found[c]);
  if (missing.length > 0) throw new Error(`Size class ranges "${text}" lack ${missing.join(', ')}; expected e.g. "${example}".`);
  const ranges = found as SizeClassRanges;
  validateSizeClassRanges(ranges);
  return ranges;
}

export function sizeClassForSworn(sworn: number, ranges: SizeClassRanges): SizeClass {
  if (!Number.isInteger(sworn) || sworn < 0) {
    throw new RangeError(`The number of sworn officers must be a whole number of 0 or more (got ${sworn}).`);
  }
  // An agency with no sworn officers yet still needs a class; the smallest one fits best.
  if (sworn <= ranges.A[0]) return 'A';
  for (const c of SIZE_CLASSES) {
    const [lo, hi] = ranges[c];
    if (sworn >= lo && (hi === null || sworn <= hi)) return c;
  }
  throw new Error(`No size class covers ${sworn} sworn officers; check the size class ranges.`);
}
