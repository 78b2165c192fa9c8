import { exceedsJsonDepth } from './json-depth';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('exceedsJsonDepth', () => {
  it.each([
    ['a flat object', '{"a":1,"b":[1,2,3]}', 2, false],
    ['exactly the limit', '[[[1]]]', 3, false],
    ['one level over', '[[[[1]]]]', 3, true],
    ['objects and arrays mixed', '{"a":{"b":[{"c":1}]}}', 3, true],
    ['brackets inside strings', '{"a":"[[[[[[{{{{"}', 1, false],
    ['escaped quotes inside strings', '{"a":"\\"[[[[[["}', 1, false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\","b":[[1]]}', 2, true],
    ['non-ASCII text', '{"name":"Müller [Dépt] 警察"}', 1, false],
    ['twenty thousand [', '['.repeat(20_000), 32, true],
    ['siblings do not add up', '[[1],[2],[3],[4],[5],[6]]', 2, false],
  ])('%s', (_name, text, max, expected) => {
    expect(exceedsJsonDepth(bytes(text), max)).toBe(expected);
  });
});
