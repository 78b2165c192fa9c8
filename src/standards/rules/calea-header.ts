import { isStandardNumber } from './natural-sort';
import { Level, Levels, ParseResult, SIZE_CLASSES } from '../../kernel/standard-types';

export interface CaleaHeader {
  number: string;
  levels: Levels;
  tier1: boolean;
  title: string;
}

const LEVELS_HELP =
  'four letters, one per agency size class A, B, C and D, each M (mandatory) or O (other-than-mandatory), e.g. M M O O';

export function collapseWhitespace(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** Accepts "MMOO", "M M O O", "M,M,O,O", "(m m o o)"; letters are normalised to upper case. */
export function parseLevels(text: string): ParseResult<Levels> {
  let s = text.trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1);
  const letters = s.replace(/[\s,;/]+/g, '').toUpperCase();
  if (letters === '') return { ok: false, reason: `The level is missing: give ${LEVELS_HELP}.` };
  const bad = [...letters].filter((c) => c !== 'M' && c !== 'O');
  if (bad.length > 0) {
    const shown = [...new Set(bad)].map((c) => `"${c}"`).join(', ');
    return { ok: false, reason: `${shown} is not a level code; the level must be ${LEVELS_HELP}.` };
  }
  if (letters.length !== 4) {
    return {
      ok: false,
      reason: `Found ${letters.length} level letter${letters.length === 1 ? '' : 's'}; the level must be exactly ${LEVELS_HELP}.`,
    };
  }
  const [A, B, C, D] = [...letters] as Level[];
  return { ok: true, value: { A, B, C, D } };
}

export function formatLevels(levels: Levels): string {
  return SIZE_CLASSES.map((c) => levels[c]).join(' ');
}

/** Parses `12.2.1 (M M M M) (LE1) The Written Directive System`; `(LE1)` marks Tier 1 and is optional. */
export function parseCaleaHeader(header: string): ParseResult<CaleaHeader> {
  const example = 'e.g. 12.2.1 (M M M M) (LE1) The Written Directive System';
  const trimmed = header.trim();
  if (trimmed === '') return { ok: false, reason: `The header is empty; expected ${example}.` };

  const m = /^([^\s(]+)\s*([\s\S]*)$/.exec(trimmed);
  const number = m ? m[1] : '';
  let rest = m ? m[2] : '';
  if (!isStandardNumber(number)) {
    return {
      ok: false,
      reason: `The header must start with a standard number (chapter.section.standard); "${number}" is not one. Expected ${example}.`,
    };
  }

  if (!rest.startsWith('(')) {
    return { ok: false, reason: `The level in brackets is missing after ${number}; expected ${example}.` };
  }
  const close = rest.indexOf(')');
  if (close < 0) return { ok: false, reason: `The bracket after ${number} is never closed; expected ${example}.` };
  const levels = parseLevels(rest.slice(1, close));
  if (!levels.ok) return { ok: false, reason: `Standard ${number}: ${levels.reason}` };
  rest = rest.slice(close + 1).trim();

  let tier1 = false;
  const marker = /^\(([^)]*)\)/.exec(rest);
  if (marker) {
    if (!/^\s*LE\s*1\s*$/i.test(marker[1])) {
      return {
        ok: false,
        reason: `Standard ${number}: "(${marker[1]})" is not a known marker; only (LE1), for Tier 1 standards, may follow the level.`,
      };
    }
    tier1 = true;
    rest = rest.slice(marker[0].length);
  }

  const title = collapseWhitespace(rest);
  if (title === '') return { ok: false, reason: `Standard ${number}: the title is missing; expected ${example}.` };
  return { ok: true, value: { number, levels: levels.value, tier1, title } };
}

export function formatCaleaHeader(h: CaleaHeader): string {
  return `${h.number} (${formatLevels(h.levels)})${h.tier1 ? ' (LE1)' : ''} ${h.title}`;
}
