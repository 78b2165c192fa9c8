import type { IsoDate } from '../../kernel/accreditation-cycle';

/**
 * Whether a file counts in the verdict: an applicable standard does; a waived one does again once
 * its waiver has ended (a waiver is granted for a stated duration, and the last day it holds is
 * `waiverEndsOn`); a standard that does not apply never does.
 */
export function countsInVerdict(applicability: string, waiverEndsOn: IsoDate | null, today: IsoDate): boolean {
  if (applicability === 'applicable') return true;
  return applicability === 'waived' && waiverEndsOn !== null && waiverEndsOn < today;
}
