/**
 * Words and dates as the reports print them. The database vocabulary (codes) stays in the view
 * models; this is the one place that turns it into text.
 */
import type { DateStyle } from './report-template';
import type {
  BlockerView,
  CycleView,
  DepartmentHeader,
  ExclusionView,
  ProgramTier,
  ProofView,
} from './view-models';
import type { ComplianceResult, WorkflowStatus } from '../files/entities/standard-file.entity';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import { plural } from '../common/plural';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** '2026-03-12' -> 'Mar 12, 2026' (medium) or unchanged (iso). */
export function formatDate(date: string, style: DateStyle = 'medium'): string {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  switch (style) {
    case 'iso':
      return date;
    case 'medium':
      return `${MONTHS[month - 1]} ${day}, ${m[1]}`;
  }
}

function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`Unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as America/Chicago).`);
  }
}

/** An instant in `timeZone`: 'Mar 12, 2026, 2:05 PM CDT' (medium) or '2026-03-12 14:05 CDT' (iso). */
export function formatDateTime(instant: string, timeZone = 'UTC', style: DateStyle = 'medium'): string {
  const when = new Date(instant);
  if (Number.isNaN(when.getTime())) throw new RangeError(`Not an ISO 8601 instant: ${JSON.stringify(instant)}`);
  checkTimeZone(timeZone);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(when);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const zone = get('timeZoneName');
  if (style === 'iso') return `${date} ${get('hour')}:${get('minute')} ${zone}`;
  const hour = Number(get('hour'));
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${get('minute')} ${hour < 12 ? 'AM' : 'PM'}`;
  return `${formatDate(date, 'medium')}, ${clock} ${zone}`;
}

export const RESULT_LABELS: Record<ComplianceResult, string> = {
  not_assessed: 'Not assessed',
  compliant: 'Compliant',
  partially_compliant: 'Partially compliant',
  non_compliant: 'Non-compliant',
};

export const STATUS_LABELS: Record<WorkflowStatus, string> = {
  to_do: 'To do',
  in_progress: 'In progress',
  in_review: 'In review',
  accepted: 'Accepted',
  returned: 'Returned',
};

export const PROOF_KIND_LABELS: Record<ProofKind, string> = {
  document: 'Document',
  no_activity_memo: 'No-activity memo',
  observation_note: 'Observation note',
};

export const REVIEW_STATE_LABELS: Record<ProofReviewState, string> = {
  pending: 'Pending review',
  accepted: 'Accepted',
  returned: 'Returned',
  withdrawn: 'Withdrawn',
};

export const TIER_LABELS: Record<ProgramTier, string> = {
  tier1: 'Tier 1: Law Enforcement Accreditation',
  advanced: 'Tier 2: Advanced Law Enforcement Accreditation',
};

export function formatTierShort(tier: ProgramTier): string {
  switch (tier) {
    case 'tier1':
      return 'Tier 1';
    case 'advanced':
      return 'Tier 2';
  }
}

export const LEVEL_LABELS = { M: 'Mandatory', O: 'Other-than-mandatory' } as const;


/** What a standard lacks, in words: '1 cycle year', '2 overdue activity periods', or both. */
export function missingProofsText(years: number, periods: number): string {
  const parts = [years > 0 ? plural(years, 'cycle year', 'cycle years') : null, periods > 0 ? plural(periods, 'overdue activity period', 'overdue activity periods') : null];
  return parts.filter((p) => p !== null).join(' and ');
}

export function blockerReasonText(
  b: Pick<BlockerView, 'reason' | 'missingProofYears'> & { missingProofPeriods?: number; missingActivities?: string[] },
  thresholdPercent: number,
): string {
  switch (b.reason) {
    case 'mandatory_missing_proofs':
      return `Mandatory; proofs missing for ${missingProofsText(b.missingProofYears, b.missingProofPeriods ?? 0)}${b.missingActivities?.length ? ` (${b.missingActivities.join(', ')})` : ''}`;
    case 'mandatory_not_compliant':
      return 'Mandatory; not compliant';
    case 'open_finding':
      return "An assessor's finding is not closed yet";
    case 'other_needed_for_threshold':
      return `Not compliant; counts toward the ${thresholdPercent}% of other-than-mandatory`;
  }
}

/** 'Reviewed by J. Smith' style cell of a proof: the reviewer once reviewed, the state otherwise. */
export function proofReviewText(p: Pick<ProofView, 'reviewState' | 'reviewerName'>): string {
  switch (p.reviewState) {
    case 'pending':
      return REVIEW_STATE_LABELS.pending;
    case 'accepted':
    case 'returned':
    case 'withdrawn':
      return p.reviewerName ? `${REVIEW_STATE_LABELS[p.reviewState]}: ${p.reviewerName}` : REVIEW_STATE_LABELS[p.reviewState];
  }
}

export function sha256Prefix(sha256: string, length = 12): string {
  if (!/^[0-9a-f]{8,64}$/i.test(sha256)) throw new RangeError(`Not a hex SHA-256: ${JSON.stringify(sha256)}`);
  return sha256.slice(0, length).toLowerCase();
}

export function cycleText(cycle: CycleView | null, style: DateStyle, withSpan = true): string {
  if (!cycle) return 'No cycle yet (working toward accreditation)';
  const span = withSpan ? ` (${formatDate(cycle.startsOn, style)} to ${formatDate(cycle.endsOn, style)})` : '';
  return cycle.basis === 'working' ? `Working cycle, year ${cycle.year}${span}` : `Cycle ${cycle.number}, year ${cycle.year} of ${cycle.cycleYears}${span}`;
}

export function sizeClassText(d: Pick<DepartmentHeader, 'sizeClass' | 'swornOfficers'>): string {
  return d.swornOfficers ? `Class ${d.sizeClass} (${plural(d.swornOfficers, 'sworn officer', 'sworn officers')})` : `Class ${d.sizeClass}`;
}

export function exclusionText(e: ExclusionView, style: DateStyle): string {
  switch (e.applicability) {
    case 'not_applicable':
      return e.reason ?? 'No reason recorded';
    case 'waived': {
      const parts = [e.waiverReference ? `Waiver ${e.waiverReference}` : 'Waiver', e.waiverDate ? `granted ${formatDate(e.waiverDate, style)}` : null, e.waiverEndsOn ? `until ${formatDate(e.waiverEndsOn, style)}` : null];
      const head = parts.filter(Boolean).join(', ');
      return e.reason ? `${head}: ${e.reason}` : head;
    }
  }
}

export function daysText(days: number): string {
  if (days === 0) return 'due today';
  if (days < 0) return `${plural(-days, 'day', 'days')} overdue`;
  return `in ${plural(days, 'day', 'days')}`;
}

/** The cover's eyebrow: CALEA accreditation, or the name of another program a department is enrolled in. */
export function programEyebrow(d: { programName?: string | null; primaryProgram?: boolean }): string {
  return d.primaryProgram === false && d.programName ? d.programName : 'CALEA accreditation';
}

/** The cover's subtitle: the template's (written for CALEA), or the other program's own words. */
export function programSubtitle(d: { programName?: string | null; primaryProgram?: boolean }, templateSubtitle: string | null): string | null {
  return d.primaryProgram === false && d.programName ? `Compliance against the standards of ${d.programName}` : templateSubtitle;
}

/** Whose standard numbers and titles the report prints, for its closing note. */
export function standardsOwner(d: { programName?: string | null; primaryProgram?: boolean }): string {
  return d.primaryProgram === false && d.programName ? `those of ${d.programName}` : 'CALEA\u2019s';
}
