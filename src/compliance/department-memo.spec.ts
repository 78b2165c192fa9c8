import { DepartmentMemo } from './department-memo';

interface Page {
  name: string;
  counts: { compliant: number };
  rows: { n: number }[];
}

const page = (name: string): Page => ({ name, counts: { compliant: 1 }, rows: [{ n: 1 }] });

describe('DepartmentMemo', () => {
  it.each<[string, string, string, boolean]>([
    ['the same key', 'rev 7|2026-06-10', 'rev 7|2026-06-10', true],
    ['another revision', 'rev 7|2026-06-10', 'rev 8|2026-06-10', false],
    ['another day', 'rev 7|2026-06-10', 'rev 7|2026-06-11', false],
    ['a key that only starts the same', 'rev 7', 'rev 70', false],
  ])('stored under one key, asked with %s: %s', (_case, storedUnder, askedWith, found) => {
    const memo = new DepartmentMemo<Page>(10);
    const value = memo.set('d1', storedUnder, page('A'));
    expect(memo.get('d1', askedWith)).toBe(found ? value : undefined);
    expect(memo.get('d2', storedUnder)).toBeUndefined();
  });

  it('keeps one entry per department: a new key replaces the old one', () => {
    const memo = new DepartmentMemo<Page>(10);
    memo.set('d1', 'k1', page('old'));
    memo.set('d1', 'k2', page('new'));
    expect(memo.size).toBe(1);
    expect(memo.get('d1', 'k1')).toBeUndefined();
    expect(memo.get('d1', 'k2')?.name).toBe('new');
  });

  it('drops the least recently used department beyond its capacity', () => {
    const memo = new DepartmentMemo<Page>(2);
    memo.set('d1', 'k', page('1'));
    memo.set('d2', 'k', page('2'));
    expect(memo.get('d1', 'k')?.name).toBe('1');
    memo.set('d3', 'k', page('3'));
    expect([memo.get('d1', 'k')?.name, memo.get('d2', 'k'), memo.get('d3', 'k')?.name]).toEqual(['1', undefined, '3']);
    expect(memo.size).toBe(2);
  });

  it('freezes what it stores, deeply: callers share the values', () => {
    const memo = new DepartmentMemo<Page>(10);
    const value = memo.set('d1', 'k', page('A'));
    expect(() => {
      value.counts.compliant = 2;
    }).toThrow(TypeError);
    expect(() => value.rows.push({ n: 2 })).toThrow(TypeError);
    expect(value).toEqual(page('A'));
  });

  it('resolves kept values from memory and computes only the others, in one call, keeping them', async () => {
    const memo = new DepartmentMemo<Page>(10);
    const kept = memo.set('d1', 'k1', page('kept'));
    memo.set('d2', 'old key', page('stale'));
    const asked: string[][] = [];
    const compute = (ids: string[]) => {
      asked.push(ids);
      return Promise.resolve(new Map(ids.map((id) => [id, page(`computed ${id}`)])));
    };
    const values = await memo.resolve(new Map([['d1', 'k1'], ['d2', 'k2'], ['d3', 'k3']]), compute);
    expect(asked).toEqual([['d2', 'd3']]);
    expect(values.get('d1')).toBe(kept);
    expect([values.get('d2')?.name, values.get('d3')?.name]).toEqual(['computed d2', 'computed d3']);
    expect(memo.get('d3', 'k3')).toBe(values.get('d3'));
    await memo.resolve(new Map([['d1', 'k1'], ['d3', 'k3']]), compute);
    expect(asked).toHaveLength(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %p', (capacity) => {
    expect(() => new DepartmentMemo(capacity)).toThrow(RangeError);
  });
});
