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

/**
 * One activity a standard requires, with its own frequency and deadlines (CALEA 1.2.9: an annual
 * administrative review and annual refresher training). `key` (a slug of the name, unique within
 * the standard) is what a proof's filing records, so filings keep their activity when a department
 * moves to a new manual version whose standard names the same activity. A per_event activity has
 * no calendar series; `reminderDays` (per_event only) asks for the next event, or a note that none
 * happened, that many days after the last one recorded.
 */
export interface ParsedActivity {
  key: string;
  name: string;
  frequency: Frequency;
  reminderDays: number | null;
  /** Letters of the standard's bullets this activity answers (empty: the standard as a whole). */
  bullets: string[];
}

/** The key and name of the one activity a standard imported with a frequency but no activities gets. */
export const DEFAULT_ACTIVITY_KEY = 'required-activity';
export const DEFAULT_ACTIVITY_NAME = 'Required activity';

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
  /** The first activity's frequency (null without activities): what lists filter and show. */
  frequency: Frequency | null;
  /** Zero or more required activities, in the manual's order (time-sensitive standards have one or more). */
  activities: ParsedActivity[];
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
