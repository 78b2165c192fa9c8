import { notReadyReasons, signOffNeedsAcknowledgement, VerdictForSignOff } from './sign-off-acknowledgement';

const ready: VerdictForSignOff = { state: 'ready', meetsRule: true, mandatoryMissing: 0, compliantMissingProofs: 0, otherNeededForThreshold: 0, proofsAwaitingReviewForVerdict: 0 };
const notReady = { ...ready, state: 'not_ready', meetsRule: false } as const;

describe('sign-off acknowledgement', () => {
  it.each<[string, VerdictForSignOff, boolean, string[]]>([
    ['plainly ready', ready, false, []],
        ['ready once proofs awaiting review are accepted', { ...ready, state: 'ready_pending_review', proofsAwaitingReviewForVerdict: 3 }, true, ['3 proofs awaiting review must be accepted first']],
    ['one pending proof', { ...ready, state: 'ready_pending_review', proofsAwaitingReviewForVerdict: 1 }, true, ['1 proof awaiting review must be accepted first']],
    [
      'mandatory standards missing, some only on paper',
      { ...notReady, mandatoryMissing: 2, compliantMissingProofs: 1, otherNeededForThreshold: 0 },
      true,
      ['2 mandatory standards do not count as compliant', '1 standard recorded compliant is missing proofs for a cycle year that has ended'],
    ],
    [
      'below the other-than-mandatory threshold only',
      { ...notReady, mandatoryMissing: 0, compliantMissingProofs: 0, otherNeededForThreshold: 4 },
      true,
      ['4 more other-than-mandatory standards are needed to reach the threshold'],
    ],
    [
      'one of each',
      { ...notReady, mandatoryMissing: 1, compliantMissingProofs: 0, otherNeededForThreshold: 1 },
      true,
      ['1 mandatory standard does not count as compliant', '1 more other-than-mandatory standard is needed to reach the threshold'],
    ],
    ['not meeting the rule with no count given', notReady, true, ["the verdict does not meet CALEA's rule"]],
  ])('%s', (_name, verdict, needed, reasons) => {
    expect(signOffNeedsAcknowledgement(verdict)).toBe(needed);
    expect(notReadyReasons(verdict)).toEqual(reasons);
  });
});
