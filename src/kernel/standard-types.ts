export const SIZE_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** M = mandatory, O = other-than-mandatory. */
export type Level = 'M' | 'O';
export type Levels = { A: Level; B: Level; C: Level; D: Level };

export const STANDARD_KINDS = [
  'written_directive',
  'bulleted',
  'conditional',
  'linked',
  'observation',
  'time_sensitive',
] as const;
export type StandardKind = (typeof STANDARD_KINDS)[number];

export const FREQUENCIES = [
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'semiannual',
  'annual',
  'biennial',
  'triennial',
  'quadrennial',
  'per_event',
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Bullet {
  letter: string;
  label: string;
}

export interface ParsedStandard {
  number: string;
  chapter: number;
  chapterTitle: string;
  /** "12.2" for standard 12.2.1. */
  section: string;
  sectionTitle: string;
  title: string;
  tier1: boolean;
  levels: Levels;
  bullets: Bullet[];
  kinds: StandardKind[];
  linkedNumbers: string[];
  frequency: Frequency | null;
  /** Number this standard had in the previous manual version, when it was renumbered. */
  replaces: string | null;
  text: string | null;
  commentary: string | null;
}

export interface ParsedManual {
  standards: ParsedStandard[];
}

export interface ImportRowError {
  /** Spreadsheet row (CSV: header is row 1) or 1-based array position (JSON); 0 = the whole file. */
  row: number;
  column: string;
  value: string;
  reason: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };
