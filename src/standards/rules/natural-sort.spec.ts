import { compareStandardNumbers, isStandardNumber, parseStandardNumber, sortKey } from './natural-sort';

describe('parseStandardNumber', () => {
  it.each([
    ['1.1.1', { chapter: 1, section: 1, standard: 1 }],
    ['1.2.10', { chapter: 1, section: 2, standard: 10 }],
    ['12.2.1', { chapter: 12, section: 2, standard: 1 }],
    ['84.1.6', { chapter: 84, section: 1, standard: 6 }],
    ['999.99.99', { chapter: 999, section: 99, standard: 99 }],
  ])('parses %s', (input, expected) => {
    expect(parseStandardNumber(input)).toEqual(expected);
    expect(isStandardNumber(input)).toBe(true);
  });

  it.each([
    [''],
    ['1'],
    ['1.2'],
    ['1.2.3.4'],
    ['01.1.1'],
    ['1.01.1'],
    ['1.1.01'],
    ['0.1.1'],
    ['1.0.1'],
    ['1.1.0'],
    ['1000.1.1'],
    ['1.100.1'],
    ['1.1.100'],
    [' 1.1.1'],
    ['1.1.1 '],
    ['1..1'],
    ['1.1.1.'],
    ['a.b.c'],
    ['1,1,1'],
    ['１.1.1'],
    ['1.1.1\n'],
  ])('rejects %j', (input) => {
    expect(parseStandardNumber(input)).toBeNull();
    expect(isStandardNumber(input)).toBe(false);
  });
});

describe('compareStandardNumbers', () => {
  it.each([
    ['1.2.10', '1.2.9', 1],
    ['1.2.9', '1.2.10', -1],
    ['4.1.1', '2.1.4', 1],
    ['12.1.1', '4.3.1', 1],
    ['1.10.1', '1.9.5', 1],
    ['100.1.1', '99.99.99', 1],
    ['4.2.4', '4.2.4', 0],
    ['1.1.1', 'not a number', -1],
    ['not a number', '1.1.1', 1],
    ['abc', 'abd', -1],
    ['x', 'x', 0],
  ])('compare(%s, %s) = %d', (a, b, expected) => {
    expect(compareStandardNumbers(a, b)).toBe(expected);
  });

  it('sorts a shuffled list naturally', () => {
    const list = ['12.2.1', '1.2.10', '4.3.1', '1.2.9', '2.1.4', '1.1.1', '4.1.1', '1.2.1'];
    expect([...list].sort(compareStandardNumbers)).toEqual([
      '1.1.1', '1.2.1', '1.2.9', '1.2.10', '2.1.4', '4.1.1', '4.3.1', '12.2.1',
    ]);
  });
});

describe('sortKey', () => {
  it.each([
    ['1.2.10', '001.02.10'],
    ['1.2.9', '001.02.09'],
    ['12.2.1', '012.02.01'],
    ['999.99.99', '999.99.99'],
  ])('%s -> %s', (input, expected) => {
    expect(sortKey(input)).toBe(expected);
  });

  it('orders like compareStandardNumbers', () => {
    const list = ['12.1.1', '4.3.1', '1.2.10', '1.2.9', '2.1.4', '4.1.1', '100.1.1', '1.10.1'];
    const byKey = [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    expect(byKey).toEqual([...list].sort(compareStandardNumbers));
  });

  it.each([['1.2'], ['01.1.1'], ['']])('throws for %j', (input) => {
    expect(() => sortKey(input)).toThrow(/not a standard number/);
  });
});
