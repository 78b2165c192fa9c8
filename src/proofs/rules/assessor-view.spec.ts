import { shownToAssessor } from './assessor-view';

describe('shownToAssessor', () => {
  it.each([
    ['accepted', false, true],
    ['accepted, then withdrawn', true, false],
    ['pending', false, false],
    ['returned', false, false],
    ['pending, withdrawn', true, false],
  ])('%s: %s', (state, withdrawn, shown) => {
    expect(shownToAssessor(state.split(',')[0], withdrawn)).toBe(shown);
  });
});
