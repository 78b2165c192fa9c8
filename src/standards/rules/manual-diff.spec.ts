import { changedNumbers, DiffableStandard, diffManuals, ManualDiff } from './manual-diff';
import { Frequency, Levels } from '../../kernel/standard-types';

const L = (s: string): Levels => {
  const [A, B, C, D] = s.split('') as Levels['A'][];
  return { A, B, C, D };
};

function std(number: string, over: Partial<DiffableStandard> = {}): DiffableStandard {
  const chapter = Number(number.split('.')[0]);
  return {
    number, title: `Title ${number}`, tier1: false, levels: L('MMMM'), kinds: ['written_directive'], chapter, chapterTitle: `Chapter ${chapter}`,
    frequency: null, replaces: null, ...over,
  };
}

const EMPTY: ManualDiff = {
  added: [], removed: [], retitled: [], levelChanged: [], tierChanged: [], kindsChanged: [], frequencyChanged: [], chapterChanged: [], renumbered: [], activityAdded: [], activityRemoved: [], activityFrequencyChanged: [],
};
const ref = (number: string, title = `Title ${number}`) => ({ number, title });
const act = (key: string, frequency: Frequency, reminderDays: number | null = null) => ({ key, name: key[0].toUpperCase() + key.slice(1), frequency, reminderDays });

describe('diffManuals', () => {
  it.each<[string, DiffableStandard[], DiffableStandard[], Partial<ManualDiff>]>([
    ['identical manuals', [std('1.1.1'), std('1.1.2')], [std('1.1.2'), std('1.1.1')], {}],
    ['both empty', [], [], {}],
    ['added standard', [std('1.1.1')], [std('1.1.1'), std('1.1.2')], { added: [ref('1.1.2')] }],
    ['removed standard', [std('1.1.1'), std('1.1.2')], [std('1.1.1')], { removed: [ref('1.1.2')] }],
    ['retitled', [std('1.1.1')], [std('1.1.1', { title: 'New' })],
      { retitled: [{ number: '1.1.1', from: 'Title 1.1.1', to: 'New' }] }],
    ['level change', [std('1.1.1')], [std('1.1.1', { levels: L('OMMM') })],
      { levelChanged: [{ number: '1.1.1', from: L('MMMM'), to: L('OMMM') }] }],
    ['tier change', [std('1.1.1')], [std('1.1.1', { tier1: true })], { tierChanged: [{ number: '1.1.1', from: false, to: true }] }],
    ['frequency set', [std('1.1.1')], [std('1.1.1', { frequency: 'annual' })],
      { frequencyChanged: [{ number: '1.1.1', from: null, to: 'annual' }] }],
    ['frequency changed', [std('1.1.1', { frequency: 'annual' })], [std('1.1.1', { frequency: 'biennial' })],
      { frequencyChanged: [{ number: '1.1.1', from: 'annual', to: 'biennial' }] }],
    ['activity added to a standard', [std('1.2.9', { activities: [act('administrative-review', 'annual')] })],
      [std('1.2.9', { activities: [act('administrative-review', 'annual'), act('refresher-training', 'annual')] })],
      { activityAdded: [{ number: '1.2.9', key: 'refresher-training', name: 'Refresher-training', frequency: 'annual', reminderDays: null }] }],
    ['activity removed from a standard', [std('1.2.9', { activities: [act('administrative-review', 'annual'), act('refresher-training', 'annual')] })],
      [std('1.2.9', { activities: [act('administrative-review', 'annual')] })],
      { activityRemoved: [{ number: '1.2.9', key: 'refresher-training', name: 'Refresher-training', frequency: 'annual', reminderDays: null }] }],
    ['activity on another schedule', [std('1.2.9', { activities: [act('administrative-review', 'annual')] })],
      [std('1.2.9', { activities: [act('administrative-review', 'biennial')] })],
      { activityFrequencyChanged: [{ number: '1.2.9', key: 'administrative-review', name: 'Administrative-review', from: { frequency: 'annual', reminderDays: null }, to: { frequency: 'biennial', reminderDays: null } }] }],
    ['per-event reminder changed', [std('84.1.1', { activities: [act('audit', 'per_event', 90)] })], [std('84.1.1', { activities: [act('audit', 'per_event', 60)] })],
      { activityFrequencyChanged: [{ number: '84.1.1', key: 'audit', name: 'Audit', from: { frequency: 'per_event', reminderDays: 90 }, to: { frequency: 'per_event', reminderDays: 60 } }] }],
    ['one frequency changed: said once, by frequencyChanged', [std('1.1.1', { frequency: 'annual', activities: [act('required-activity', 'annual')] })], [std('1.1.1', { frequency: 'biennial', activities: [act('required-activity', 'biennial')] })],
      { frequencyChanged: [{ number: '1.1.1', from: 'annual', to: 'biennial' }] }],
    ['one frequency becomes two activities', [std('1.2.9', { frequency: 'annual', activities: [act('required-activity', 'annual')] })], [std('1.2.9', { frequency: 'annual', activities: [act('review', 'annual'), act('training', 'annual')] })],
      { activityRemoved: [{ number: '1.2.9', key: 'required-activity', name: 'Required-activity', frequency: 'annual', reminderDays: null }],
        activityAdded: [{ number: '1.2.9', key: 'review', name: 'Review', frequency: 'annual', reminderDays: null }, { number: '1.2.9', key: 'training', name: 'Training', frequency: 'annual', reminderDays: null }] }],
    ['activity order alone is no change', [std('1.2.9', { activities: [act('a', 'annual'), act('b', 'annual')] })], [std('1.2.9', { activities: [act('b', 'annual'), act('a', 'annual')] })], {}],
    ['activities of an added standard are not listed twice', [], [std('1.2.9', { activities: [act('a', 'annual')] })], { added: [ref('1.2.9')] }],
    ['activities follow a renumbered standard', [std('4.2.3', { activities: [act('audit', 'annual')] })], [std('4.2.4', { replaces: '4.2.3', title: 'Title 4.2.3', activities: [act('audit', 'annual'), act('inventory', 'triennial')] })],
      { renumbered: [{ from: '4.2.3', to: '4.2.4' }], activityAdded: [{ number: '4.2.4', key: 'inventory', name: 'Inventory', frequency: 'triennial', reminderDays: null }] }],
    ['renumbered: neither removed nor added', [std('4.2.3')], [std('4.2.4', { replaces: '4.2.3', title: 'Title 4.2.3' })],
      { renumbered: [{ from: '4.2.3', to: '4.2.4' }] }],
    ['renumbered and retitled', [std('4.2.3')], [std('4.2.4', { replaces: '4.2.3' })],
      { renumbered: [{ from: '4.2.3', to: '4.2.4' }], retitled: [{ number: '4.2.4', from: 'Title 4.2.3', to: 'Title 4.2.4' }] }],
    ['shift: new standard takes a moved number',
      [std('4.2.3'), std('4.2.4')],
      [std('4.2.3', { title: 'Brand new' }), std('4.2.4', { replaces: '4.2.3', title: 'Title 4.2.3' }),
        std('4.2.5', { replaces: '4.2.4', title: 'Title 4.2.4' })],
      { added: [ref('4.2.3', 'Brand new')], renumbered: [{ from: '4.2.3', to: '4.2.4' }, { from: '4.2.4', to: '4.2.5' }] }],
    ['swap of two numbers',
      [std('1.1.1'), std('1.1.2')],
      [std('1.1.1', { replaces: '1.1.2', title: 'Title 1.1.2' }), std('1.1.2', { replaces: '1.1.1', title: 'Title 1.1.1' })],
      { renumbered: [{ from: '1.1.2', to: '1.1.1' }, { from: '1.1.1', to: '1.1.2' }] }],
    ['replaces a number the older manual never had', [std('1.1.1')], [std('1.1.1'), std('1.1.5', { replaces: '9.9.9' })],
      { added: [ref('1.1.5')] }],
    ['replaces a missing number but keeps its own', [std('1.1.1')], [std('1.1.1', { replaces: '9.9.9' })], {}],
    ['replaces itself is no renumbering', [std('1.1.1')], [std('1.1.1', { replaces: '1.1.1' })], {}],
    ['renumbered while the old number is kept for another standard elsewhere',
      [std('2.1.1'), std('3.1.1')],
      [std('3.1.1'), std('3.1.2', { replaces: '2.1.1', title: 'Title 2.1.1' })],
      { renumbered: [{ from: '2.1.1', to: '3.1.2' }],
        chapterChanged: [{ number: '3.1.2', from: { number: 2, title: 'Chapter 2' }, to: { number: 3, title: 'Chapter 3' } }] }],
    ['kinds changed', [std('1.1.1')], [std('1.1.1', { kinds: ['written_directive', 'observation'] })],
      { kindsChanged: [{ number: '1.1.1', from: ['written_directive'], to: ['written_directive', 'observation'] }] }],
    ['kinds written in another order are the same kinds',
      [std('1.1.1', { kinds: ['observation', 'written_directive'] })], [std('1.1.1', { kinds: ['written_directive', 'observation'] })], {}],
    ['kinds: one dropped', [std('1.1.1', { kinds: ['bulleted', 'conditional'] })], [std('1.1.1', { kinds: ['bulleted'] })],
      { kindsChanged: [{ number: '1.1.1', from: ['bulleted', 'conditional'], to: ['bulleted'] }] }],
    ['chapter retitled', [std('1.1.1')], [std('1.1.1', { chapterTitle: 'Role and Authority' })],
      { chapterChanged: [{ number: '1.1.1', from: { number: 1, title: 'Chapter 1' }, to: { number: 1, title: 'Role and Authority' } }] }],
    ['moved to another chapter by renumbering', [std('41.2.4')], [std('42.1.1', { replaces: '41.2.4', title: 'Title 41.2.4' })],
      { renumbered: [{ from: '41.2.4', to: '42.1.1' }],
        chapterChanged: [{ number: '42.1.1', from: { number: 41, title: 'Chapter 41' }, to: { number: 42, title: 'Chapter 42' } }] }],
    ['a replaced old number claimed twice goes to the first in natural order',
      [std('1.1.1')],
      [std('1.1.10', { replaces: '1.1.1', title: 'Title 1.1.1' }), std('1.1.2', { replaces: '1.1.1', title: 'Title 1.1.1' })],
      { renumbered: [{ from: '1.1.1', to: '1.1.2' }], added: [ref('1.1.10', 'Title 1.1.1')] }],
  ])('%s', (_label, older, newer, expected) => {
    expect(diffManuals(older, newer)).toEqual({ ...EMPTY, ...expected });
  });

  it('lists every change in natural order', () => {
    const older = ['1.2.10', '1.2.9', '12.1.1', '4.3.1', '2.1.1'].map((n) => std(n));
    const newer = ['12.1.1', '1.2.10', '4.3.1', '1.2.9', '1.2.11', '1.2.2'].map((n) => std(n, { title: 'x' }));
    const diff = diffManuals(older, newer);
    expect(diff.retitled.map((c) => c.number)).toEqual(['1.2.9', '1.2.10', '4.3.1', '12.1.1']);
    expect(diff.added.map((c) => c.number)).toEqual(['1.2.2', '1.2.11']);
    expect(diff.removed.map((c) => c.number)).toEqual(['2.1.1']);
  });

  it('reports several changes of one standard in each list', () => {
    const diff = diffManuals(
      [std('4.2.4', { frequency: 'annual' })],
      [std('4.2.4', { title: 'T', tier1: true, levels: L('OOMM'), frequency: 'quarterly', kinds: ['time_sensitive'], chapterTitle: 'C' })],
    );
    expect([diff.retitled, diff.levelChanged, diff.tierChanged, diff.kindsChanged, diff.frequencyChanged, diff.chapterChanged].map((l) => l.length))
      .toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe('changedNumbers', () => {
  it('collects newer numbers needing review, but not added or removed ones', () => {
    const diff = diffManuals(
      [std('1.1.1'), std('1.1.2'), std('1.1.3'), std('1.1.4'), std('1.1.5'), std('2.1.1'), std('3.1.1'), std('4.1.1')],
      [
        std('1.1.1', { title: 'New' }),
        std('1.1.2', { levels: L('OMMM') }),
        std('1.1.3', { tier1: true }),
        std('1.1.4', { frequency: 'annual' }),
        std('1.1.5', { kinds: ['observation'] }),
        std('2.1.2', { replaces: '2.1.1', title: 'Title 2.1.1' }),
        std('3.1.1'),
        std('5.1.1'),
      ],
    );
    expect([...changedNumbers(diff)]).toEqual(['1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '2.1.2']);
  });

  it('is empty for identical manuals', () => {
    expect(changedNumbers(diffManuals([std('1.1.1')], [std('1.1.1')])).size).toBe(0);
  });
});
