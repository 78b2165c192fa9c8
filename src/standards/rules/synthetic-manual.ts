import { formatLevels } from './calea-header';
import { defaultActivity, formatActivities, isDefaultActivityList } from './activities';
import { IMPORT_COLUMNS, ImportColumn } from './manual-import';
import { compareStandardNumbers } from './natural-sort';
import { Bullet, Frequency, Level, Levels, ParsedStandard, STANDARD_KINDS, StandardKind } from '../../kernel/standard-types';

export interface SyntheticManualOptions {
  /** Drives levels, tiers, kinds and frequencies; the numbering is the same for every seed. */
  seed?: number;
  /** When given, a few standards are revised (retitled, level, tier or frequency changed) so versions differ. */
  version?: string;
}

export const SYNTHETIC_CHAPTERS: readonly number[] = [
  1, 2, 3, 4, 11, 12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26, 31, 32, 33, 34, 35, 41, 42, 43, 44, 45, 46, 51, 52, 53,
  54, 55, 61, 70, 71, 72, 73, 74, 81, 82, 83, 84,
];
export const SYNTHETIC_STANDARD_COUNT = 461;
export const SYNTHETIC_TIER1_COUNT = 183;
const DEFAULT_SEED = 6;
const STRUCTURE_SEED = 0x6ca1ea;

// Section sizes of the chapters in the public sample, so numbers such as 1.2.10 and 12.2.1 exist.
const FIXED_SECTIONS: Record<number, number[]> = {
  1: [4, 10],
  2: [4],
  3: [2],
  4: [7, 5, 3],
  12: [3, 6],
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

function pick<T>(rng: Rng, weighted: readonly [T, number][]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Sections per chapter, as [chapter, sizes[]], summing to SYNTHETIC_STANDARD_COUNT. */
function structure(): [number, number[]][] {
  const rng = mulberry32(STRUCTURE_SEED);
  const chapters: [number, number[]][] = SYNTHETIC_CHAPTERS.map((c) => {
    const fixed = FIXED_SECTIONS[c];
    if (fixed) return [c, [...fixed]];
    return [c, Array.from({ length: int(rng, 1, 4) }, () => int(rng, 2, 8))];
  });
  const adjustable = chapters.filter(([c]) => !FIXED_SECTIONS[c]).flatMap(([, sizes]) => sizes.map((_, i) => ({ sizes, i })));
  let total = chapters.reduce((sum, [, sizes]) => sum + sizes.reduce((a, b) => a + b, 0), 0);
  while (total !== SYNTHETIC_STANDARD_COUNT) {
    const { sizes, i } = adjustable[Math.floor(rng() * adjustable.length)];
    if (total < SYNTHETIC_STANDARD_COUNT && sizes[i] < 99) {
      sizes[i]++;
      total++;
    } else if (total > SYNTHETIC_STANDARD_COUNT && sizes[i] > 1) {
      sizes[i]--;
      total--;
    }
  }
  return chapters;
}

const LEVEL_PATTERNS_TIER1: [string, number][] = [['MMMM', 90], ['OMMM', 8], ['OOMM', 2]];
const LEVEL_PATTERNS_OTHER: [string, number][] = [['MMMM', 40], ['OMMM', 15], ['OOMM', 15], ['OOOM', 5], ['OOOO', 25]];
const FREQUENCY_WEIGHTS: [Frequency, number][] = [
  ['annual', 65], ['quarterly', 8], ['semiannual', 6], ['monthly', 5], ['biennial', 5], ['per_event', 4],
  ['triennial', 3], ['quadrennial', 2], ['daily', 1], ['weekly', 1],
];

function levelsOf(pattern: string): Levels {
  const [A, B, C, D] = [...pattern] as Level[];
  return { A, B, C, D };
}

/**
 * A deterministic, clearly fake manual with CALEA's chapter numbering and counts (461 standards,
 * 183 Tier 1), for demos and tests; it contains no licensed CALEA text.
 */
export function generateSyntheticManual(options: SyntheticManualOptions = {}): ParsedStandard[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const rng = mulberry32(seed);

  const standards: ParsedStandard[] = [];
  for (const [chapter, sizes] of structure()) {
    sizes.forEach((size, s) => {
      for (let n = 1; n <= size; n++) {
        const number = `${chapter}.${s + 1}.${n}`;
        standards.push({
          number,
          chapter,
          chapterTitle: `Chapter ${chapter}`,
          section: `${chapter}.${s + 1}`,
          sectionTitle: `Section ${chapter}.${s + 1}`,
          title: `Synthetic standard ${number}`,
          tier1: false,
          levels: levelsOf('MMMM'),
          bullets: [],
          kinds: [],
          linkedNumbers: [],
          frequency: null,
          activities: [],
          replaces: null,
          text: `Synthetic statement for standard ${number}; not CALEA text.`,
          commentary: null,
        });
      }
    });
  }

  for (const i of shuffled(rng, standards.map((_, i) => i)).slice(0, SYNTHETIC_TIER1_COUNT)) standards[i].tier1 = true;

  for (const std of standards) {
    std.levels = levelsOf(pick(rng, std.tier1 ? LEVEL_PATTERNS_TIER1 : LEVEL_PATTERNS_OTHER));
    const kinds = new Set<StandardKind>();
    if (rng() < 0.85) kinds.add('written_directive');
    if (rng() < 0.35) {
      kinds.add('bulleted');
      std.bullets = Array.from({ length: int(rng, 2, 8) }, (_, b): Bullet => {
        const letter = String.fromCharCode(97 + b);
        return { letter, label: `Synthetic requirement ${letter}` };
      });
    }
    if (rng() < 0.1) kinds.add('conditional');
    if (rng() < 0.06) {
      kinds.add('linked');
      const others = standards.filter((o) => o.number !== std.number);
      const count = int(rng, 1, 2);
      std.linkedNumbers = [...new Set(Array.from({ length: count }, () => others[Math.floor(rng() * others.length)].number))]
        .sort(compareStandardNumbers);
    }
    if (rng() < 0.06) kinds.add('observation');
    if (rng() < 0.15) {
      kinds.add('time_sensitive');
      std.frequency = pick(rng, FREQUENCY_WEIGHTS);
      std.activities = [defaultActivity(std.frequency)];
    }
    if (kinds.size === 0) kinds.add('written_directive');
    std.kinds = STANDARD_KINDS.filter((k) => kinds.has(k));
    if (rng() < 0.5) std.commentary = `Synthetic commentary for standard ${std.number}.`;
  }

  if (options.version !== undefined) revise(standards, options.version, mulberry32((fnv1a(options.version) ^ seed) >>> 0));
  return standards;
}

/** Small, count-preserving changes so two versions of the synthetic manual show a realistic diff. */
function revise(standards: ParsedStandard[], version: string, rng: Rng): void {
  const order = shuffled(rng, standards.map((_, i) => i));
  const take = (n: number, ok: (s: ParsedStandard) => boolean = () => true): ParsedStandard[] => {
    const out: ParsedStandard[] = [];
    while (out.length < n) {
      const i = order.findIndex((j) => ok(standards[j]));
      if (i < 0) break;
      out.push(standards[order.splice(i, 1)[0]]);
    }
    return out;
  };
  for (const s of take(3)) s.title = `${s.title} (revised in ${version})`;
  for (const s of take(3, (x) => x.levels.A === 'M' || x.levels.D === 'O')) {
    // Flipping the smallest class keeps the pattern monotonic (mandatory for larger agencies first).
    if (s.levels.A === 'M') s.levels = { ...s.levels, A: 'O' };
    else s.levels = { ...s.levels, D: 'M' };
  }
  for (const s of take(2, (x) => x.frequency !== null)) {
    s.frequency = s.frequency === 'annual' ? 'biennial' : 'annual';
    s.activities = [defaultActivity(s.frequency)];
  }
  const [promote] = take(1, (x) => !x.tier1);
  const [demote] = take(1, (x) => x.tier1);
  if (promote && demote) {
    promote.tier1 = true;
    demote.tier1 = false;
  }
}

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes standards in the import CSV format (all columns, RFC 4180 quoting, CRLF line ends). */
export function syntheticManualCsv(standards: readonly ParsedStandard[]): string {
  const cells = (s: ParsedStandard): Record<ImportColumn, string> => ({
    chapter: String(s.chapter),
    chapter_title: s.chapterTitle,
    section: s.section,
    section_title: s.sectionTitle,
    number: s.number,
    title: s.title,
    levels: formatLevels(s.levels),
    tier1: s.tier1 ? 'yes' : 'no',
    kinds: s.kinds.join('; '),
    linked: s.linkedNumbers.join('; '),
    // A frequency alone (no activities, or only the one it gives) goes in the frequency column.
    frequency: s.activities.length === 0 || isDefaultActivityList(s.activities) ? (s.frequency ?? '') : '',
    activities: s.activities.length === 0 || isDefaultActivityList(s.activities) ? '' : formatActivities(s.activities),
    bullets: s.bullets.map((b) => `${b.letter}: ${b.label}`).join('; '),
    replaces: s.replaces ?? '',
    text: s.text ?? '',
    commentary: s.commentary ?? '',
  });
  const lines = [IMPORT_COLUMNS.join(',')];
  for (const s of standards) {
    const row = cells(s);
    lines.push(IMPORT_COLUMNS.map((c) => csvField(row[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
