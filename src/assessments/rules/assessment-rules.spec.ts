import type { FindingState, StandardReviewStatus } from '../../kernel/assessment-values';
import { assessmentProgress, defaultDueOn, FindingAction, findingEffect, FindingEffect, findingTransition, opensFinding } from './assessment-rules';

describe('assessment rules', () => {
  it.each<[StandardReviewStatus, boolean]>([
    ['not_reviewed', false],
    ['in_compliance', false],
    ['needs_more_proof', true],
    ['not_in_compliance', true],
    ['not_applicable_questioned', true],
  ])('a status of %s opens a finding: %s', (status, opens) => expect(opensFinding(status)).toBe(opens));

  it.each<[StandardReviewStatus, FindingState | null, FindingEffect]>([
    ['not_reviewed', null, 'none'],
    ['not_reviewed', 'open', 'none'],
    ['in_compliance', null, 'none'],
    ['in_compliance', 'open', 'close'],
    ['in_compliance', 'answered', 'close'],
    ['needs_more_proof', null, 'open'],
    ['not_in_compliance', 'open', 'update'],
    ['not_applicable_questioned', 'answered', 'update'],
  ])('status %s with an unclosed finding %s: %s', (status, unclosed, effect) => expect(findingEffect(status, unclosed)).toBe(effect));

  it.each<[FindingState, FindingAction, FindingState | null]>([
    ['open', 'answer', 'answered'],
    ['answered', 'answer', 'answered'],
    ['closed', 'answer', null],
    ['open', 'close', 'closed'],
    ['answered', 'close', 'closed'],
    ['closed', 'close', null],
    ['open', 'reopen', null],
    ['answered', 'reopen', 'open'],
    ['closed', 'reopen', 'open'],
  ])('a finding %s, %s: %s', (state, action, next) => expect(findingTransition(state, action)).toBe(next));

  it('gives a finding 30 days by default', () => expect(defaultDueOn('2026-01-15')).toBe('2026-02-14'));

  it('counts reviewed standards, by chapter and per assessor', () => {
    const ann = { userId: 'a', name: 'Ann' };
    const bob = { userId: 'b', name: 'Bob' };
    const progress = assessmentProgress([
      { chapter: 2, chapterTitle: 'Two', status: 'in_compliance', reviewedBy: ann },
      { chapter: 1, chapterTitle: 'One', status: 'not_reviewed', reviewedBy: null },
      { chapter: 1, chapterTitle: 'One', status: 'needs_more_proof', reviewedBy: bob },
      { chapter: 1, chapterTitle: 'One', status: 'not_in_compliance', reviewedBy: ann },
    ]);
    expect(progress).toMatchObject({ reviewed: 3, total: 4, percent: 75 });
    expect(progress.byStatus).toEqual({ not_reviewed: 1, in_compliance: 1, needs_more_proof: 1, not_in_compliance: 1, not_applicable_questioned: 0 });
    expect(progress.chapters).toEqual([
      { chapter: 1, title: 'One', reviewed: 2, total: 3, percent: 66 },
      { chapter: 2, title: 'Two', reviewed: 1, total: 1, percent: 100 },
    ]);
    expect(progress.assessors).toEqual([
      { userId: 'a', name: 'Ann', reviewed: 2 },
      { userId: 'b', name: 'Bob', reviewed: 1 },
    ]);
    expect(assessmentProgress([])).toMatchObject({ reviewed: 0, total: 0, percent: 0, chapters: [], assessors: [] });
  });
});
