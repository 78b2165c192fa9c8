export interface StandardNumberParts {
  chapter: number;
  section: number;
  standard: number;
}

// Parts start at 1 and carry no leading zeros, so each number has exactly one spelling
// ("01.1.1" or "1.1.01" would otherwise duplicate "1.1.1").
const STANDARD_NUMBER = /^([1-9]\d{0,2})\.([1-9]\d?)\.([1-9]\d?)$/;

export function parseStandardNumber(s: string): StandardNumberParts | null {
  const m = STANDARD_NUMBER.exec(s);
  if (!m) return null;
  return { chapter: Number(m[1]), section: Number(m[2]), standard: Number(m[3]) };
}

export function isStandardNumber(s: string): boolean {
  return STANDARD_NUMBER.test(s);
}

/**
 * Natural order of standard numbers (1.2.9 < 1.2.10 < 2.1.1). Invalid strings sort after
 * all valid numbers, in plain string order, so the comparator stays a total order.
 */
export function compareStandardNumbers(a: string, b: string): number {
  const pa = parseStandardNumber(a);
  const pb = parseStandardNumber(b);
  if (pa && pb) return compareStandardNumberParts(pa, pb);
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** compareStandardNumbers() on two numbers already parsed (for sorts that parse each number once). */
export const compareStandardNumberParts = (a: StandardNumberParts, b: StandardNumberParts): number =>
  Math.sign(a.chapter - b.chapter) || Math.sign(a.section - b.section) || Math.sign(a.standard - b.standard);

/** Zero-padded key ("1.2.10" -> "001.02.10") whose plain string order is the natural order. */
export function sortKey(number: string): string {
  const p = parseStandardNumber(number);
  if (!p) throw new Error(`"${number}" is not a standard number (expected chapter.section.standard, e.g. 4.2.4)`);
  return [
    String(p.chapter).padStart(3, '0'),
    String(p.section).padStart(2, '0'),
    String(p.standard).padStart(2, '0'),
  ].join('.');
}
