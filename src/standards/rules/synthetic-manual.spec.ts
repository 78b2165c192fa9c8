import { parseManualCsv } from './manual-import';
import { changedNumbers, diffManuals } from './manual-diff';
import { compareStandardNumbers, isStandardNumber } from './natural-sort';
import { SIZE_CLASSES } from '../../kernel/standard-types';
import {
  generateSyntheticManual,
  mulberry32,
  SYNTHETIC_CHAPTERS,
  SYNTHETIC_STANDARD_COUNT,
  SYNTHETIC_TIER1_COUNT,
  syntheticManualCsv,
} from './synthetic-manual';

describe('mulberry32', () => {
  it('is deterministic and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe.each([[undefined], [1], [2024], [0xffffffff]])('generateSyntheticManual(seed %s)', (seed) => {
  const manual = generateSyntheticManual({ seed });

  it('has 461 standards, 183 of them Tier 1, with unique valid numbers in natural order', () => {
    expect(manual).toHaveLength(SYNTHETIC_STANDARD_COUNT);
    expect(manual.filter((s) => s.tier1)).toHaveLength(SYNTHETIC_TIER1_COUNT);
    const numbers = manual.map((s) => s.number);
    expect(numbers.every(isStandardNumber)).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort(compareStandardNumbers));
  });

  it('uses exactly the CALEA chapter numbering and consistent sections', () => {
    expect([...new Set(manual.map((s) => s.chapter))]).toEqual([...SYNTHETIC_CHAPTERS]);
    for (const s of manual) {
      expect(s.number.startsWith(`${s.section}.`)).toBe(true);
      expect(s.section.startsWith(`${s.chapter}.`)).toBe(true);
      expect(s.chapterTitle).toBe(`Chapter ${s.chapter}`);
      expect(s.sectionTitle).toBe(`Section ${s.section}`);
    }
  });

  it('contains the numbers of the public sample', () => {
    const numbers = new Set(manual.map((s) => s.number));
    for (const n of ['1.1.4', '1.2.9', '1.2.10', '2.1.4', '3.1.2', '4.1.7', '4.2.4', '4.2.5', '4.3.1', '12.2.1']) {
      expect(numbers).toContain(n);
    }
  });

  it('is clearly synthetic', () => {
    for (const s of manual) {
      expect(s.title).toBe(`Synthetic standard ${s.number}`);
      expect(s.text).toMatch(/^Synthetic statement/);
      expect(s.commentary === null || s.commentary.startsWith('Synthetic')).toBe(true);
    }
  });

  it('has plausible levels: mostly mandatory in Tier 1, mandatory never only for smaller agencies', () => {
    const mShare = (tier1: boolean) => {
      const group = manual.filter((s) => s.tier1 === tier1);
      return group.filter((s) => s.levels.A === 'M').length / group.length;
    };
    expect(mShare(true)).toBeGreaterThan(0.8);
    expect(mShare(false)).toBeLessThan(0.6);
    expect(manual.some((s) => s.levels.A === 'O')).toBe(true);
    for (const s of manual) {
      const letters = SIZE_CLASSES.map((c) => s.levels[c]).join('');
      expect(letters).toMatch(/^O*M*$/);
    }
  });

  it('makes about 15% time-sensitive, each with a frequency, mostly annual', () => {
    const timed = manual.filter((s) => s.kinds.includes('time_sensitive'));
    expect(timed.length / manual.length).toBeGreaterThan(0.1);
    expect(timed.length / manual.length).toBeLessThan(0.2);
    expect(timed.every((s) => s.frequency !== null)).toBe(true);
    expect(manual.filter((s) => !s.kinds.includes('time_sensitive')).every((s) => s.frequency === null)).toBe(true);
    expect(timed.filter((s) => s.frequency === 'annual').length / timed.length).toBeGreaterThan(0.45);
  });

  it('keeps kinds, bullets and links coherent', () => {
    const numbers = new Set(manual.map((s) => s.number));
    for (const s of manual) {
      expect(s.kinds.length).toBeGreaterThan(0);
      expect(s.kinds.includes('bulleted')).toBe(s.bullets.length > 0);
      expect(s.kinds.includes('linked')).toBe(s.linkedNumbers.length > 0);
      expect(s.bullets.map((b) => b.letter).join('')).toBe('abcdefghijklmnopqrstuvwxyz'.slice(0, s.bullets.length));
      for (const n of s.linkedNumbers) {
        expect(numbers).toContain(n);
        expect(n).not.toBe(s.number);
      }
    }
    expect(manual.filter((s) => s.bullets.length > 0).length).toBeGreaterThan(50);
  });

  it('round-trips through syntheticManualCsv and parseManualCsv', () => {
    const result = parseManualCsv(Buffer.from(syntheticManualCsv(manual), 'utf8'));
    expect(result).toEqual({ ok: true, manual: { standards: manual } });
  });
});

describe('generateSyntheticManual determinism and versions', () => {
  it('returns the same manual for the same seed and a different one for another seed', () => {
    expect(generateSyntheticManual({ seed: 7 })).toEqual(generateSyntheticManual({ seed: 7 }));
    expect(generateSyntheticManual()).toEqual(generateSyntheticManual({}));
    expect(generateSyntheticManual({ seed: 7 })).not.toEqual(generateSyntheticManual({ seed: 8 }));
  });

  it('keeps the numbering whatever the seed', () => {
    const numbers = (seed: number) => generateSyntheticManual({ seed }).map((s) => s.number);
    expect(numbers(1)).toEqual(numbers(99));
  });

  it('revises a few standards per version, keeping the counts', () => {
    const base = generateSyntheticManual({ seed: 3 });
    const v615 = generateSyntheticManual({ seed: 3, version: '6.15' });
    const v616 = generateSyntheticManual({ seed: 3, version: '6.16' });
    expect(generateSyntheticManual({ seed: 3, version: '6.15' })).toEqual(v615);
    for (const m of [v615, v616]) {
      expect(m).toHaveLength(SYNTHETIC_STANDARD_COUNT);
      expect(m.filter((s) => s.tier1)).toHaveLength(SYNTHETIC_TIER1_COUNT);
      expect(parseManualCsv(Buffer.from(syntheticManualCsv(m))).ok).toBe(true);
    }
    const diff = diffManuals(base, v615);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.retitled).toHaveLength(3);
    expect(diff.retitled[0].to).toMatch(/\(revised in 6\.15\)$/);
    expect(diff.levelChanged).toHaveLength(3);
    expect(diff.frequencyChanged).toHaveLength(2);
    expect(diff.tierChanged).toHaveLength(2);
    expect(changedNumbers(diff).size).toBe(10);
    expect(changedNumbers(diffManuals(v615, v616)).size).toBeGreaterThan(0);
  });
});

describe('syntheticManualCsv', () => {
  it('writes the import header and quotes values that need it', () => {
    const [first] = generateSyntheticManual();
    const csv = syntheticManualCsv([
      { ...first, title: 'Say "hello", world', text: 'two\nlines', commentary: ' padded ' },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,linked,frequency,activities,bullets,replaces,text,commentary',
    );
    expect(csv).toContain('"Say ""hello"", world"');
    expect(csv).toContain('"two\nlines"');
    expect(csv).toContain('" padded "');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes only a header for no standards', () => {
    expect(syntheticManualCsv([]).split('\r\n')).toHaveLength(2);
  });
});
