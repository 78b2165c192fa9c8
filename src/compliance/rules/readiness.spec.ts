import {
  BlockerCandidate,
  BlockerReason,
  blockerReason,
  blockerScore,
  ComplianceCounts,
  endedYearsWithoutProof,
  FileStanding,
  fileStanding,
  FileProofs,
  orderBlockers,
  proofCount,
  ProofCount,
  ReadinessCounts,
  ReadinessVerdict,
  readinessVerdict,
  tallyStanding,
} from './readiness';

const counts = (ma: number, mc: number, oa: number, oc: number): ReadinessCounts => ({
  mandatory: { applicable: ma, compliant: mc },
  other: { applicable: oa, compliant: oc },
});

describe('readinessVerdict', () => {
  it.each<[ReadinessCounts, number, Omit<ReadinessVerdict, 'summary' | 'compliantMissingProofs' | 'state' | 'compliantPendingReview'>, string | RegExp]>([
    [
      counts(163, 163, 20, 17), 80,
      { mandatoryPercent: 100, otherPercent: 85, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 },
      'Ready: all 163 applicable mandatory standards and 85% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      counts(163, 159, 20, 13), 80,
      { mandatoryPercent: 97.5, otherPercent: 65, meetsRule: false, mandatoryMissing: 4, otherNeededForThreshold: 3 },
      'Not ready: 4 mandatory standards are not compliant, and 3 more other-than-mandatory standards are needed to reach 80%.',
    ],
    [
      counts(163, 162, 20, 16), 80,
      { mandatoryPercent: 99.3, otherPercent: 80, meetsRule: false, mandatoryMissing: 1, otherNeededForThreshold: 0 },
      'Not ready: 1 mandatory standard is not compliant; 80% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      counts(163, 163, 20, 15), 80,
      { mandatoryPercent: 100, otherPercent: 75, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 1 },
      'Not ready: all 163 applicable mandatory standards are compliant, but 1 more other-than-mandatory standard is needed to reach 80%.',
    ],
    // exactly at the threshold, and just under it: 80% of 5 is exactly 4
    [counts(10, 10, 5, 4), 80, { mandatoryPercent: 100, otherPercent: 80, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 }, /^Ready: /],
    [counts(10, 10, 5, 3), 80, { mandatoryPercent: 100, otherPercent: 60, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 1 }, /^Not ready: /],
    // 79.96% shows as 79.9%, not a misleading 80%, and fails
    [
      counts(1, 1, 2499, 1998), 80,
      { mandatoryPercent: 100, otherPercent: 79.9, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 2 },
      'Not ready: the one applicable mandatory standard is compliant, but 2 more other-than-mandatory standards are needed to reach 80%.',
    ],
    // 2 of 3 is 66.666...%: shown rounded down
    [counts(3, 2, 3, 2), 60, { mandatoryPercent: 66.6, otherPercent: 66.6, meetsRule: false, mandatoryMissing: 1, otherNeededForThreshold: 0 }, 'Not ready: 1 mandatory standard is not compliant; 66.6% of other-than-mandatory standards are compliant (60% required).'],
    // nothing other-than-mandatory applies: 100%
    [
      counts(183, 183, 0, 0), 80,
      { mandatoryPercent: 100, otherPercent: 100, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 },
      'Ready: all 183 applicable mandatory standards are compliant, and no other-than-mandatory standards apply.',
    ],
    [
      counts(183, 180, 0, 0), 80,
      { mandatoryPercent: 98.3, otherPercent: 100, meetsRule: false, mandatoryMissing: 3, otherNeededForThreshold: 0 },
      'Not ready: 3 mandatory standards are not compliant; no other-than-mandatory standards apply.',
    ],
    [
      counts(0, 0, 10, 9), 80,
      { mandatoryPercent: 100, otherPercent: 90, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 },
      'Ready: no mandatory standards apply, and 90% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      counts(0, 0, 10, 0), 80,
      { mandatoryPercent: 100, otherPercent: 0, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 8 },
      'Not ready: no mandatory standards apply, but 8 more other-than-mandatory standards are needed to reach 80%.',
    ],
    [counts(0, 0, 0, 0), 80, { mandatoryPercent: 100, otherPercent: 100, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 }, 'Ready: no standards apply.'],
    // configurable threshold
    [counts(5, 5, 3, 0), 0, { mandatoryPercent: 100, otherPercent: 0, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 }, 'Ready: all 5 applicable mandatory standards and 0% of other-than-mandatory standards are compliant (0% required).'],
    [counts(5, 5, 3, 2), 100, { mandatoryPercent: 100, otherPercent: 66.6, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 1 }, 'Not ready: all 5 applicable mandatory standards are compliant, but 1 more other-than-mandatory standard is needed to reach 100%.'],
    [counts(1, 1, 278, 232), 83, { mandatoryPercent: 100, otherPercent: 83.4, meetsRule: true, mandatoryMissing: 0, otherNeededForThreshold: 0 }, /^Ready: /],
    [counts(1, 1, 278, 230), 83, { mandatoryPercent: 100, otherPercent: 82.7, meetsRule: false, mandatoryMissing: 0, otherNeededForThreshold: 1 }, /^Not ready: /],
  ])('%j at %i%%', (input, threshold, expected, summary) => {
    const { summary: actual, compliantMissingProofs, state, compliantPendingReview, ...figures } = readinessVerdict(input, threshold);
    expect(figures).toEqual(expected);
    expect(compliantMissingProofs).toBe(0);
    expect(compliantPendingReview).toBe(0);
    expect(state).toBe(expected.meetsRule ? 'ready' : 'not_ready');
    if (typeof summary === 'string') expect(actual).toBe(summary);
    else expect(actual).toMatch(summary);
  });

  it('defaults to 80%', () => {
    expect(readinessVerdict(counts(1, 1, 5, 4)).meetsRule).toBe(true);
    expect(readinessVerdict(counts(1, 1, 5, 3)).meetsRule).toBe(false);
  });

  it('agrees with the exact rule for every count up to 40 and several thresholds', () => {
    for (const threshold of [0, 1, 33, 67, 80, 99, 100]) {
      for (let applicable = 0; applicable <= 40; applicable++) {
        for (let compliant = 0; compliant <= applicable; compliant++) {
          const v = readinessVerdict(counts(0, 0, applicable, compliant), threshold);
          expect(v.meetsRule).toBe(compliant * 100 >= threshold * applicable);
          const reached = (compliant + v.otherNeededForThreshold) * 100 >= threshold * applicable;
          const minimal = v.otherNeededForThreshold === 0 || (compliant + v.otherNeededForThreshold - 1) * 100 < threshold * applicable;
          expect(reached && minimal).toBe(true);
        }
      }
    }
  });

  it.each<[ReadinessCounts, number]>([
    [counts(10, 11, 0, 0), 80],
    [counts(10, -1, 0, 0), 80],
    [counts(10, 5, 3, 4), 80],
    [counts(10, 5.5, 3, 1), 80],
    [counts(Number.NaN, 0, 3, 1), 80],
    [counts(10, 5, 3, 1), 101],
    [counts(10, 5, 3, 1), -1],
    [counts(10, 5, 3, 1), 80.5],
  ])('refuses %j at %d%%', (input, threshold) => {
    expect(() => readinessVerdict(input, threshold)).toThrow(RangeError);
  });
});

const item = (number: string, mandatory: boolean, compliant: boolean, missingProofYears = 0): BlockerCandidate => ({
  number,
  mandatory,
  compliant,
  missingProofYears,
});

describe('blockerReason and blockerScore', () => {
  it.each<[BlockerCandidate, number, BlockerReason | null, number]>([
    [item('1.1.1', true, false, 2), 0, 'mandatory_missing_proofs', 4],
    [item('1.1.1', true, true, 1), 0, 'mandatory_missing_proofs', 4],
    [item('1.1.1', true, false, 0), 0, 'mandatory_not_compliant', 3],
    [item('1.1.1', true, true, 0), 5, null, 0],
    [item('1.1.1', false, false, 0), 1, 'other_needed_for_threshold', 1],
    [item('1.1.1', false, false, 3), 1, 'other_needed_for_threshold', 1],
    [item('1.1.1', false, false, 0), 0, null, 0],
    // compliant on paper, missing proofs for an ended year: it does not count, so it blocks while the threshold is not reached
    [item('1.1.1', false, true, 2), 4, 'other_needed_for_threshold', 1],
    [item('1.1.1', false, true, 2), 0, null, 0],
    [item('1.1.1', false, true, 0), 4, null, 0],
    // an assessor's unclosed finding blocks a standard the verdict counts; the verdict's own reasons come first
    [{ ...item('1.1.1', true, true, 0), unclosedFindings: 1 }, 0, 'open_finding', 2],
    [{ ...item('1.1.1', true, false, 0), unclosedFindings: 1 }, 0, 'mandatory_not_compliant', 3],
    [{ ...item('1.1.1', false, true, 0), unclosedFindings: 2 }, 0, 'open_finding', 2],
    [{ ...item('1.1.1', false, false, 0), unclosedFindings: 1 }, 0, 'open_finding', 2],
    [{ ...item('1.1.1', false, false, 0), unclosedFindings: 1 }, 3, 'other_needed_for_threshold', 1],
    [{ ...item('1.1.1', true, true, 0), unclosedFindings: 0 }, 0, null, 0],
  ])('%j with %i others needed', (candidate, needed, reason, score) => {
    expect(blockerReason(candidate, needed)).toBe(reason);
    expect(blockerScore(candidate, needed)).toBe(score);
  });
});

describe('orderBlockers', () => {
  const items = [
    { ...item('41.2.2', false, false), id: 'a' },
    { ...item('1.2.10', true, false), id: 'b' },
    { ...item('12.1.1', true, true), id: 'c' },
    { ...item('1.2.9', true, false), id: 'd' },
    { ...item('84.1.6', true, true, 1), id: 'e' },
    { ...item('4.2.4', true, false, 3), id: 'f' },
    { ...item('1.1.2', false, false), id: 'g' },
    { ...item('35.1.2', false, true, 2), id: 'h' },
  ];

  it.each<[number, string[]]>([
    [2, ['4.2.4', '84.1.6', '1.2.9', '1.2.10', '1.1.2', '35.1.2', '41.2.2']],
    [0, ['4.2.4', '84.1.6', '1.2.9', '1.2.10']],
  ])('with %i others needed: %j', (needed, expected) => {
    expect(orderBlockers(items, needed).map((b) => b.number)).toEqual(expected);
  });

  it('keeps the extra fields and adds the reason', () => {
    expect(orderBlockers(items, 1)[0]).toEqual({ ...items[5], reason: 'mandatory_missing_proofs' });
  });

  it('is empty when nothing blocks', () => {
    expect(orderBlockers([item('1.1.1', true, true), item('1.1.2', false, true)], 0)).toEqual([]);
  });
});

const PROOFS_NONE: [number, number, number, number] = [0, 0, 0, 0];

describe('endedYearsWithoutProof: the cycle years that have ended (before the current one) with no counting proof', () => {
  it.each<[[number, number, number, number], 1 | 2 | 3 | 4, number]>([
    [PROOFS_NONE, 1, 0], // year 1: nothing has ended, nothing is due
    [PROOFS_NONE, 2, 1],
    [PROOFS_NONE, 4, 3],
    [[1, 0, 0, 0], 3, 1], // year 2 ended without a proof; year 3 (current) is not due
    [[1, 1, 0, 0], 3, 0],
    [[2, 1, 1, 0], 4, 0], // year 4 (current) not due yet
    [[0, 1, 1, 1], 4, 1], // a proof filed early for year 4 does not make up for year 1
  ])('%j in year %i: %i', (proofs, currentYear, expected) => {
    expect(endedYearsWithoutProof(proofs, currentYear)).toBe(expected);
  });

  it('refuses a current year outside 1-4', () => {
    expect(() => endedYearsWithoutProof(PROOFS_NONE, 5)).toThrow(RangeError);
  });
});

describe('fileStanding: a standard counts only when compliant and its proofs cover what is due by today', () => {
  it.each<[string, string, [number, number, number, number], 1 | 2 | 3 | 4, FileStanding]>([
    ['compliant without any proof, in year 3', 'compliant', PROOFS_NONE, 3, 'compliant_missing_proofs'],
    ['compliant, proofs missing for one ended year (year 2)', 'compliant', [1, 0, 1, 0], 4, 'compliant_missing_proofs'],
    ['compliant, every ended year proven, current year still open', 'compliant', [1, 1, 0, 0], 3, 'compliant'],
    ['compliant in year 1 without proofs: nothing is due yet', 'compliant', PROOFS_NONE, 1, 'compliant'],
    ['compliant with every year proven', 'compliant', [1, 1, 1, 1], 4, 'compliant'],
    ['partially compliant with every proof', 'partially_compliant', [1, 1, 1, 1], 4, 'not_compliant'],
    ['not assessed', 'not_assessed', [1, 1, 1, 0], 4, 'not_compliant'],
    ['non-compliant without proofs', 'non_compliant', PROOFS_NONE, 2, 'not_compliant'],
  ])('%s', (_name, result, proofsByYear, currentYear, expected) => {
    expect(fileStanding({ result, proofsByYear, currentYear })).toBe(expected);
  });
});

describe('the verdict counts standings, not results', () => {
  const tally = (standings: FileStanding[]): ComplianceCounts => {
    const into: ComplianceCounts = { applicable: 0, compliant: 0, compliantMissingProofs: 0 };
    for (const s of standings) tallyStanding(into, s);
    return into;
  };
  const repeat = (n: number, s: FileStanding): FileStanding[] => Array.from({ length: n }, () => s);

  it.each<[string, FileStanding[], FileStanding[], boolean, number, number, string]>([
    [
      'every mandatory standard compliant on paper, one missing proofs: not ready',
      [...repeat(9, 'compliant'), 'compliant_missing_proofs'], repeat(5, 'compliant'), false, 1, 0,
      'Not ready: 1 mandatory standard is not compliant (1 of them compliant on paper but missing proofs); 100% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      'all compliant with proofs: ready',
      repeat(10, 'compliant'), repeat(5, 'compliant'), true, 0, 0,
      'Ready: all 10 applicable mandatory standards and 100% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      '80% boundary: 4 of 5 others counted, the fifth compliant on paper only: ready',
      repeat(2, 'compliant'), [...repeat(4, 'compliant'), 'compliant_missing_proofs'], true, 0, 0,
      'Ready: all 2 applicable mandatory standards and 80% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      '80% boundary: 3 of 5 others counted, 2 compliant on paper only: not ready, 1 more needed',
      repeat(2, 'compliant'), [...repeat(3, 'compliant'), ...repeat(2, 'compliant_missing_proofs')], false, 0, 1,
      'Not ready: all 2 applicable mandatory standards are compliant, but 1 more other-than-mandatory standard is needed to reach 80% (2 compliant on paper but missing proofs).',
    ],
  ])('%s', (_name, mandatory, other, meetsRule, mandatoryMissing, otherNeeded, summary) => {
    const counts = { mandatory: tally(mandatory), other: tally(other) };
    const v = readinessVerdict(counts, 80);
    expect(v).toMatchObject({ meetsRule, mandatoryMissing, otherNeededForThreshold: otherNeeded });
    expect(v.compliantMissingProofs).toBe((counts.mandatory.compliantMissingProofs ?? 0) + (counts.other.compliantMissingProofs ?? 0));
    expect(v.summary).toBe(summary);
  });

  it('refuses more compliant-on-paper standards than are left uncounted', () => {
    expect(() => readinessVerdict({ mandatory: { applicable: 2, compliant: 1, compliantMissingProofs: 2 }, other: { applicable: 0, compliant: 0 } })).toThrow(RangeError);
  });
});

describe('proofCount: which proofs count, by review state', () => {
  it.each<[Parameters<typeof proofCount>[0], boolean, ProofCount]>([
    ['accepted', false, 'counts'],
    ['pending', false, 'provisional'],
    ['returned', false, 'none'],
    ['withdrawn', false, 'none'],
    ['accepted', true, 'none'], // a withdrawn link never counts, whatever its review state
    ['pending', true, 'none'],
  ])('%s (withdrawn link: %s): %s', (state, withdrawn, expected) => {
    expect(proofCount(state, withdrawn)).toBe(expected);
  });
});

describe('fileStanding with accepted proofs and time-sensitive periods due by today', () => {
  const ALL: [number, number, number, number] = [1, 1, 1, 1];
  it.each<[string, FileProofs, FileStanding]>([
    ['compliant without proofs, year 2', { result: 'compliant', proofsByYear: PROOFS_NONE, acceptedByYear: PROOFS_NONE, currentYear: 2 }, 'compliant_missing_proofs'],
    ['proofs missing for one ended year', { result: 'compliant', proofsByYear: [1, 0, 1, 0], acceptedByYear: [1, 0, 1, 0], currentYear: 4 }, 'compliant_missing_proofs'],
    ['every year proven but a due time-sensitive period unmet', { result: 'compliant', proofsByYear: ALL, acceptedByYear: ALL, currentYear: 4, duePeriods: { unmet: 1, awaitingReview: 0 } }, 'compliant_missing_proofs'],
    // a no-activity memo is a proof dated in its period: the caller counts that period met (unmet 0)
    ['a no-activity memo covers the only due period', { result: 'compliant', proofsByYear: [1, 0, 0, 0], acceptedByYear: [1, 0, 0, 0], currentYear: 2, duePeriods: { unmet: 0, awaitingReview: 0 } }, 'compliant'],
    ['an ended year proven only by a proof awaiting review', { result: 'compliant', proofsByYear: [1, 1, 0, 0], acceptedByYear: [1, 0, 0, 0], currentYear: 3 }, 'compliant_pending_review'],
    ['a due period met only by a proof awaiting review', { result: 'compliant', proofsByYear: [1, 1, 0, 0], acceptedByYear: [1, 1, 0, 0], currentYear: 3, duePeriods: { unmet: 0, awaitingReview: 2 } }, 'compliant_pending_review'],
    ['missing proofs outrank proofs awaiting review', { result: 'compliant', proofsByYear: [1, 0, 0, 0], acceptedByYear: [0, 0, 0, 0], currentYear: 3 }, 'compliant_missing_proofs'],
    ['a proof awaiting review for the current year only: nothing due rests on it', { result: 'compliant', proofsByYear: [1, 1, 1, 0], acceptedByYear: [1, 1, 0, 0], currentYear: 3 }, 'compliant'],
    ['not compliant, whatever the proofs', { result: 'non_compliant', proofsByYear: ALL, acceptedByYear: ALL, currentYear: 4 }, 'not_compliant'],
  ])('%s', (_name, file, expected) => {
    expect(fileStanding(file)).toBe(expected);
  });
});

describe('the verdict state: ready, ready once proofs awaiting review are accepted, not ready', () => {
  const tally = (standings: FileStanding[]): ComplianceCounts => {
    const into: ComplianceCounts = { applicable: 0, compliant: 0 };
    for (const s of standings) tallyStanding(into, s);
    return into;
  };
  const repeat = (n: number, s: FileStanding): FileStanding[] => Array.from({ length: n }, () => s);

  it.each<[string, FileStanding[], FileStanding[], number, ReadinessVerdict['state'], string]>([
    [
      'compliant without proofs: not ready, its own count',
      [...repeat(9, 'compliant'), 'compliant_missing_proofs'], repeat(5, 'compliant'), 0, 'not_ready',
      'Not ready: 1 mandatory standard is not compliant (1 of them compliant on paper but missing proofs); 100% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      'a mandatory standard proven only by proofs awaiting review: ready once they are accepted',
      [...repeat(9, 'compliant'), 'compliant_pending_review'], repeat(5, 'compliant'), 3, 'ready_pending_review',
      'Ready once 3 proofs awaiting review are accepted: all 10 applicable mandatory standards and 100% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      'one proof awaiting review',
      repeat(2, 'compliant_pending_review'), [], 1, 'ready_pending_review',
      'Ready once 1 proof awaiting review is accepted: all 2 applicable mandatory standards are compliant, and no other-than-mandatory standards apply.',
    ],
    [
      'others above the threshold without the provisional one: plain ready',
      repeat(2, 'compliant'), [...repeat(4, 'compliant'), 'compliant_pending_review'], 1, 'ready',
      'Ready: all 2 applicable mandatory standards and 100% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      '80% boundary reached only with a provisional other: ready once accepted',
      repeat(2, 'compliant'), [...repeat(3, 'compliant'), 'compliant_pending_review', 'not_compliant'], 2, 'ready_pending_review',
      'Ready once 2 proofs awaiting review are accepted: all 2 applicable mandatory standards and 80% of other-than-mandatory standards are compliant (80% required).',
    ],
    [
      '80% boundary: just under, provisional ones do not make it: not ready',
      repeat(2, 'compliant'), [...repeat(2, 'compliant'), 'compliant_pending_review', ...repeat(2, 'not_compliant')], 1, 'not_ready',
      'Not ready: all 2 applicable mandatory standards are compliant, but 1 more other-than-mandatory standard is needed to reach 80%.',
    ],
  ])('%s', (_name, mandatory, other, awaiting, state, summary) => {
    const counts = { mandatory: tally(mandatory), other: tally(other) };
    const v = readinessVerdict(counts, 80, awaiting);
    expect(v.state).toBe(state);
    expect(v.meetsRule).toBe(state !== 'not_ready');
    expect(v.compliantPendingReview).toBe((counts.mandatory.compliantPendingReview ?? 0) + (counts.other.compliantPendingReview ?? 0));
    expect(v.summary).toBe(summary);
  });

  it('the threshold stays configurable: 60% is reached where 80% is not', () => {
    const counts = { mandatory: tally(['compliant']), other: tally([...repeat(3, 'compliant'), ...repeat(2, 'not_compliant')]) };
    expect(readinessVerdict(counts, 60).state).toBe('ready');
    expect(readinessVerdict(counts, 80).state).toBe('not_ready');
  });

  it('refuses more provisional standards than compliant ones', () => {
    expect(() => readinessVerdict({ mandatory: { applicable: 2, compliant: 1, compliantPendingReview: 2 }, other: { applicable: 0, compliant: 0 } })).toThrow(RangeError);
  });
});

describe('blockers count due time-sensitive periods without a proof as missing proofs', () => {
  it.each<[BlockerCandidate, number, BlockerReason | null]>([
    [{ number: '1.2.9', mandatory: true, compliant: true, missingProofYears: 0, missingProofPeriods: 1 }, 0, 'mandatory_missing_proofs'],
    [{ number: '1.2.9', mandatory: false, compliant: true, missingProofYears: 0, missingProofPeriods: 1 }, 1, 'other_needed_for_threshold'],
    [{ number: '1.2.9', mandatory: true, compliant: true, missingProofYears: 0, missingProofPeriods: 0 }, 0, null],
  ])('%j', (candidate, needed, reason) => {
    expect(blockerReason(candidate, needed)).toBe(reason);
  });
});
