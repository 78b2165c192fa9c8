import { addDays, IsoDate } from '../../kernel/accreditation-cycle';
import type { FindingState, StandardReviewStatus } from '../../kernel/assessment-values';

/** Days a department has to answer a finding when the assessor sets no due date. */
export const FINDING_DUE_DAYS = 30;

/** A status other than "in compliance" (and "not reviewed") says something is wrong: it opens a finding. */
export function opensFinding(status: StandardReviewStatus): boolean {
  return status !== 'in_compliance' && status !== 'not_reviewed';
}

export type FindingEffect = 'open' | 'close' | 'update' | 'none';

/**
 * What a new status does to the finding of the same standard (and bullet) of the assessment: opens
 * one when there is none still unclosed, closes the unclosed one when the assessor now finds the
 * standard in compliance, updates its status otherwise; "not reviewed" leaves a finding as it is.
 */
export function findingEffect(status: StandardReviewStatus, unclosed: FindingState | null): FindingEffect {
  if (status === 'not_reviewed') return 'none';
  if (status === 'in_compliance') return unclosed ? 'close' : 'none';
  return unclosed ? 'update' : 'open';
}

export type FindingAction = 'answer' | 'close' | 'reopen';

/** The state a finding moves to, or null when the action is not open to it. */
export function findingTransition(state: FindingState, action: FindingAction): FindingState | null {
  switch (action) {
    case 'answer':
      return state === 'closed' ? null : 'answered';
    case 'close':
      return state === 'closed' ? null : 'closed';
    case 'reopen':
      return state === 'closed' || state === 'answered' ? 'open' : null;
  }
}

export function defaultDueOn(openedOn: IsoDate): IsoDate {
  return addDays(openedOn, FINDING_DUE_DAYS);
}

export interface ProgressItem {
  chapter: number;
  chapterTitle: string | null;
  /** The status of the whole standard (bullet statuses are detail and are not counted). */
  status: StandardReviewStatus;
  /** Who recorded that status, when someone has. */
  reviewedBy: { userId: string; name: string } | null;
}

export interface ProgressCount {
  reviewed: number;
  total: number;
  percent: number;
}

export interface AssessmentProgress extends ProgressCount {
  byStatus: Record<StandardReviewStatus, number>;
  chapters: (ProgressCount & { chapter: number; title: string | null })[];
  assessors: { userId: string; name: string; reviewed: number }[];
}

const percentOf = (reviewed: number, total: number): number => (total === 0 ? 0 : Math.floor((reviewed * 100) / total));

/** Reviewed / total over the assessment's standards, by chapter and per assessor. */
export function assessmentProgress(items: readonly ProgressItem[]): AssessmentProgress {
  const byStatus = { not_reviewed: 0, in_compliance: 0, needs_more_proof: 0, not_in_compliance: 0, not_applicable_questioned: 0 };
  const chapters = new Map<number, { title: string | null; reviewed: number; total: number }>();
  const assessors = new Map<string, { userId: string; name: string; reviewed: number }>();
  let reviewed = 0;
  for (const item of items) {
    byStatus[item.status]++;
    let chapter = chapters.get(item.chapter);
    if (!chapter) chapters.set(item.chapter, (chapter = { title: item.chapterTitle, reviewed: 0, total: 0 }));
    chapter.total++;
    if (item.status === 'not_reviewed') continue;
    reviewed++;
    chapter.reviewed++;
    if (item.reviewedBy) {
      const assessor = assessors.get(item.reviewedBy.userId) ?? { ...item.reviewedBy, reviewed: 0 };
      assessor.reviewed++;
      assessors.set(item.reviewedBy.userId, assessor);
    }
  }
  return {
    reviewed,
    total: items.length,
    percent: percentOf(reviewed, items.length),
    byStatus,
    chapters: [...chapters.entries()]
      .sort(([a], [b]) => a - b)
      .map(([chapter, c]) => ({ chapter, title: c.title, reviewed: c.reviewed, total: c.total, percent: percentOf(c.reviewed, c.total) })),
    assessors: [...assessors.values()].sort((a, b) => b.reviewed - a.reviewed || a.name.localeCompare(b.name)),
  };
}
