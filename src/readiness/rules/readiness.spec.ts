import {
  BlockerCandidate,
  BlockerReason,
  blockerReason,
  blockerScore,
  orderBlockers,
  ReadinessCounts,
  ReadinessVerdict,
  readinessVerdict,
} from './readiness';

const counts = (ma: number, mc: number, oa: number, oc: number): ReadinessCounts => ({
  mandatory: { applicable: ma, compliant: mc },
  other: { applicable: oa, compliant: oc },
});

describe('readinessVerdict', () => {
  it.each<[ReadinessCounts, number, Omit<ReadinessVerdict, 'summary'>, string | RegExp]>([
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
    const { summary: actual, ...figures } = readinessVerdict(input, threshold);
    expect(figures).toEqual(expected);
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
    [item('1.1.1', true, false, 2), 0, 'mandatory_missing_proofs', 3],
    [item('1.1.1', true, true, 1), 0, 'mandatory_missing_proofs', 3],
    [item('1.1.1', true, false, 0), 0, 'mandatory_not_compliant', 2],
    [item('1.1.1', true, true, 0), 5, null, 0],
    [item('1.1.1', false, false, 0), 1, 'other_needed_for_threshold', 1],
    [item('1.1.1', false, false, 3), 1, 'other_needed_for_threshold', 1],
    [item('1.1.1', false, false, 0), 0, null, 0],
    [item('1.1.1', false, true, 2), 4, null, 0],
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
    [2, ['4.2.4', '84.1.6', '1.2.9', '1.2.10', '1.1.2', '41.2.2']],
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
