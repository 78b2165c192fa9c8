import { shownToAssessor } from './assessor-view';

describe('shownToAssessor', () => {
  const withdrawnAt = new Date('2026-05-01T12:00:00Z');
  it.each([
    ['accepted', null, true],
    ['accepted, then withdrawn', withdrawnAt, false],
    ['pending', null, false],
    ['returned', null, false],
    ['pending, withdrawn', withdrawnAt, false],
  ])('%s: %s', (state, withdrawn, shown) => {
    expect(shownToAssessor({ review_state: state.split(',')[0], withdrawn_at: withdrawn })).toBe(shown);
  });
});
