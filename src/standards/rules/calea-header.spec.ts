import { collapseWhitespace, formatCaleaHeader, formatLevels, parseCaleaHeader, parseLevels } from './calea-header';
import { Levels } from '../../kernel/standard-types';

const L = (s: string): Levels => {
  const [A, B, C, D] = s.split('') as Levels['A'][];
  return { A, B, C, D };
};

describe('parseLevels', () => {
  it.each([
    ['MMMM', 'MMMM'],
    ['M M O O', 'MMOO'],
    ['M,M,O,O', 'MMOO'],
    ['M, M, O, O', 'MMOO'],
    ['m m o o', 'MMOO'],
    ['(O O M M)', 'OOMM'],
    ['  OOOO  ', 'OOOO'],
    ['M;O;M;O', 'MOMO'],
  ])('parses %j', (input, expected) => {
    expect(parseLevels(input)).toEqual({ ok: true, value: L(expected) });
  });

  it.each([
    ['', /level is missing/],
    ['   ', /level is missing/],
    ['MMM', /Found 3 level letters/],
    ['MMMMM', /Found 5 level letters/],
    ['M', /Found 1 level letter;/],
    ['M M X M', /"X" is not a level code/],
    ['1111', /"1" is not a level code/],
    ['Mandatory', /is not a level code/],
  ])('rejects %j', (input, reason) => {
    const r = parseLevels(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.reason).toMatch(/size class A, B, C and D/);
    }
  });
});

describe('formatLevels', () => {
  it('writes space-separated letters in size-class order', () => {
    expect(formatLevels(L('OMMM'))).toBe('O M M M');
  });
});

describe('collapseWhitespace', () => {
  it.each([
    ['  a   b \t c ', 'a b c'],
    ['a\nb', 'a b'],
    ['', ''],
  ])('%j -> %j', (input, expected) => expect(collapseWhitespace(input)).toBe(expected));
});

describe('parseCaleaHeader', () => {
  it.each([
    ['12.2.1 (M M M M) (LE1) The Written Directive System', '12.2.1', 'MMMM', true, 'The Written Directive System'],
    ['12.2.1 (M M M M) The Written Directive System', '12.2.1', 'MMMM', false, 'The Written Directive System'],
    ['  1.2.10(o o m m)(le1)Duty to Intervene  ', '1.2.10', 'OOMM', true, 'Duty to Intervene'],
    ['4.2.4 (MMMM) ( LE 1 ) Analyze Reports from Use of Force', '4.2.4', 'MMMM', true, 'Analyze Reports from Use of Force'],
    ['1.1.3   ( O   M  M  M )   Agency\'s   Participation  ', '1.1.3', 'OMMM', false, "Agency's Participation"],
    ['2.1.4 (M M M M) Requesting Assistance: Federal Law Enforcement/National Guard', '2.1.4', 'MMMM', false,
      'Requesting Assistance: Federal Law Enforcement/National Guard'],
    ['1.2.2 (M M M M) Legal Authority to Carry/Use Weapons (Firearms)', '1.2.2', 'MMMM', false,
      'Legal Authority to Carry/Use Weapons (Firearms)'],
  ])('parses %j', (header, number, levels, tier1, title) => {
    expect(parseCaleaHeader(header)).toEqual({ ok: true, value: { number, levels: L(levels), tier1, title } });
  });

  it.each([
    ['', /header is empty/],
    ['   ', /header is empty/],
    ['Oath of Office', /must start with a standard number.*"Oath"/],
    ['12.2 (M M M M) Written Directives', /"12.2" is not one/],
    ['01.1.1 (M M M M) Oath of Office', /"01.1.1" is not one/],
    ['1.1.1 Oath of Office', /level in brackets is missing after 1.1.1/],
    ['1.1.1 (M M M M Oath of Office', /never closed/],
    ['1.1.1 (M M M) Oath of Office', /Standard 1.1.1: Found 3 level letters/],
    ['1.1.1 (M M X M) Oath of Office', /Standard 1.1.1: "X" is not a level code/],
    ['1.1.1 () Oath of Office', /level is missing/],
    ['1.1.1 (M M M M) (LE2) Oath of Office', /"\(LE2\)" is not a known marker/],
    ['1.1.1 (M M M M) (LE1)', /title is missing/],
    ['1.1.1 (M M M M)', /title is missing/],
  ])('rejects %j', (header, reason) => {
    const r = parseCaleaHeader(header);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each([
    [{ number: '12.2.1', levels: L('MMMM'), tier1: true, title: 'The Written Directive System' }],
    [{ number: '1.2.10', levels: L('OOMM'), tier1: false, title: 'Duty to Intervene' }],
  ])('round-trips through formatCaleaHeader', (h) => {
    expect(parseCaleaHeader(formatCaleaHeader(h))).toEqual({ ok: true, value: h });
  });

  it('formats in CALEA style', () => {
    expect(formatCaleaHeader({ number: '12.2.1', levels: L('MMMM'), tier1: true, title: 'The Written Directive System' }))
      .toBe('12.2.1 (M M M M) (LE1) The Written Directive System');
  });
});
