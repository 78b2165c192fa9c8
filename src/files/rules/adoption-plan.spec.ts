import type { ManualDiff } from '../../standards/rules/manual-diff';
import { planAdoption } from './adoption-plan';

const noChanges: ManualDiff = {
  added: [], removed: [], retitled: [], levelChanged: [], tierChanged: [], kindsChanged: [], frequencyChanged: [], chapterChanged: [], renumbered: [], activityAdded: [], activityRemoved: [], activityFrequencyChanged: [],
};
const M = { A: 'M', B: 'M', C: 'M', D: 'M' } as const;
const O = { A: 'O', B: 'O', C: 'M', D: 'M' } as const;

describe('planAdoption', () => {
  it.each([
    ['unchanged standards carry their files with nothing to review', ['1.1.1', '1.2.9'], noChanges, {
      carried: [{ fromNumber: '1.1.1', toNumber: '1.1.1', reviewReasons: [] }, { fromNumber: '1.2.9', toNumber: '1.2.9', reviewReasons: [] }],
      retired: [],
    }],
    ['a retitled standard is flagged', ['1.2.9'], { ...noChanges, retitled: [{ number: '1.2.9', from: 'Bias', to: 'Biased Policing' }] }, {
      carried: [{ fromNumber: '1.2.9', toNumber: '1.2.9', reviewReasons: ['retitled from "Bias" to "Biased Policing"'] }],
      retired: [],
    }],
    ['several changes are all named', ['4.2.4'], {
      ...noChanges,
      levelChanged: [{ number: '4.2.4', from: M, to: O }],
      tierChanged: [{ number: '4.2.4', from: false, to: true }],
      frequencyChanged: [{ number: '4.2.4', from: 'annual', to: 'semiannual' }],
    }, {
      carried: [{ fromNumber: '4.2.4', toNumber: '4.2.4', reviewReasons: ['levels changed', 'now a Tier 1 (LE1) standard', 'frequency changed from annual to semiannual'] }],
      retired: [],
    }],
    ['a standard whose kinds changed is flagged; a retitled chapter alone is not', ['1.2.9', '1.2.10'], {
      ...noChanges,
      kindsChanged: [{ number: '1.2.9', from: ['written_directive'], to: ['written_directive', 'time_sensitive'] }],
      chapterChanged: [{ number: '1.2.10', from: { number: 1, title: 'Role' }, to: { number: 1, title: 'Role and Authority' } }],
    }, {
      carried: [
        { fromNumber: '1.2.9', toNumber: '1.2.9', reviewReasons: ['kinds changed from written directive to written directive, time-sensitive'] },
        { fromNumber: '1.2.10', toNumber: '1.2.10', reviewReasons: [] },
      ],
      retired: [],
    }],
    ['a renumbered standard moves its file and says so', ['4.2.3', '4.2.9'], { ...noChanges, renumbered: [{ from: '4.2.3', to: '4.2.4' }], retitled: [{ number: '4.2.4', from: 'A', to: 'B' }] }, {
      carried: [
        { fromNumber: '4.2.3', toNumber: '4.2.4', reviewReasons: ['renumbered from 4.2.3 to 4.2.4', 'retitled from "A" to "B"'] },
        { fromNumber: '4.2.9', toNumber: '4.2.9', reviewReasons: [] },
      ],
      retired: [],
    }],
    ['a removed standard retires its file, in natural order', ['1.2.10', '1.2.9', '2.1.1'], { ...noChanges, removed: [{ number: '1.2.10', title: 'x' }, { number: '1.2.9', title: 'y' }] }, {
      carried: [{ fromNumber: '2.1.1', toNumber: '2.1.1', reviewReasons: [] }],
      retired: ['1.2.9', '1.2.10'],
    }],
  ] as const)('%s', (_name, files, diff, expected) => {
    expect(planAdoption(files, diff as ManualDiff)).toEqual(expected);
  });
});
