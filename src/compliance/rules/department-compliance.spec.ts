import type { Deadline } from './deadline-schedule';
import { departmentCompliance, duePeriodsByFile, EngineFileInput, missingActivityPeriod } from './department-compliance';

let nextId = 0;
const file = (overrides: Partial<EngineFileInput> = {}): EngineFileInput => ({
  id: `f${++nextId}`,
  number: `1.1.${nextId}`,
  title: `Standard ${nextId}`,
  chapter: 1,
  chapter_title: 'Law Enforcement Role',
  in_scope: true,
  level: 'M',
  applicability: 'applicable',
  result: 'compliant',
  updated_ms: Date.parse('2026-06-01T00:00:00Z'),
  proofs: [1, 1, 0, 0],
  accepted: [1, 1, 0, 0],
  pending: 0,
  waiver_ends_on: null,
  ...overrides,
});

const period = (fileId: string, state: Deadline['state'], daysUntilDue: number, kind: Deadline['kind'] = 'activity', dueOn = '2026-03-31'): Deadline =>
  ({ id: `${fileId}:${state}:${daysUntilDue}`, kind, standardFileId: kind === 'activity' ? fileId : null, state, daysUntilDue, dueOn, urgent: false, title: kind }) as unknown as Deadline;

const compute = (files: EngineFileInput[], deadlines: Deadline[] = [], thresholdPercent = 80) =>
  departmentCompliance({
    today: '2026-06-10',
    currentYear: 3,
    cycleYears: 4,
    files,
    deadlines,
    thresholdPercent,
    untouchedBeforeMs: Date.parse('2026-03-12T00:00:00Z'),
    untouchedDays: 90,
    oldestUntouched: 10,
  });

describe('departmentCompliance: one file decides its standing, and the verdict follows', () => {
  const cases: [string, () => { files: EngineFileInput[]; deadlines?: Deadline[] }, { state: string; compliant: number; missing: number; pending: number; blockers: string[] }][] = [
    ['proofs for every ended year, accepted', () => ({ files: [file()] }), { state: 'ready', compliant: 1, missing: 0, pending: 0, blockers: [] }],
    ['compliant without any proof', () => ({ files: [file({ proofs: [0, 0, 0, 0], accepted: [0, 0, 0, 0] })] }), { state: 'not_ready', compliant: 0, missing: 1, pending: 0, blockers: ['mandatory_missing_proofs'] }],
    ['proofs missing for one ended year', () => ({ files: [file({ proofs: [1, 0, 1, 0], accepted: [1, 0, 1, 0] })] }), { state: 'not_ready', compliant: 0, missing: 1, pending: 0, blockers: ['mandatory_missing_proofs'] }],
    ['the current year without a proof (not due yet)', () => ({ files: [file({ proofs: [1, 1, 0, 0] })] }), { state: 'ready', compliant: 1, missing: 0, pending: 0, blockers: [] }],
    [
      'a due time-sensitive period unmet',
      () => {
        const f = file();
        return { files: [f], deadlines: [period(f.id, 'met', -60), period(f.id, 'overdue', -10)] };
      },
      { state: 'not_ready', compliant: 0, missing: 1, pending: 0, blockers: ['mandatory_missing_proofs'] },
    ],
    [
      'every due period met (a no-activity memo makes a period met), the current one still open',
      () => {
        const f = file();
        return { files: [f], deadlines: [period(f.id, 'met', -60), period(f.id, 'met', -10), period(f.id, 'due_soon', 20)] };
      },
      { state: 'ready', compliant: 1, missing: 0, pending: 0, blockers: [] },
    ],
    [
      'a due period proven only by a proof awaiting review',
      () => {
        const f = file();
        return { files: [f], deadlines: [period(f.id, 'met_awaiting_review', -10)] };
      },
      { state: 'ready_pending_review', compliant: 1, missing: 0, pending: 1, blockers: [] },
    ],
    ['an ended year covered only by a proof awaiting review', () => ({ files: [file({ accepted: [1, 0, 0, 0], pending: 1 })] }), { state: 'ready_pending_review', compliant: 1, missing: 0, pending: 1, blockers: [] }],
    ['recorded not compliant', () => ({ files: [file({ result: 'partially_compliant' })] }), { state: 'not_ready', compliant: 0, missing: 0, pending: 0, blockers: ['mandatory_not_compliant'] }],
    ['not applicable: in no count', () => ({ files: [file({ applicability: 'not_applicable', proofs: [0, 0, 0, 0] })] }), { state: 'ready', compliant: 0, missing: 0, pending: 0, blockers: [] }],
    ['waived until later: in no count', () => ({ files: [file({ applicability: 'waived', waiver_ends_on: '2026-12-31', proofs: [0, 0, 0, 0] })] }), { state: 'ready', compliant: 0, missing: 0, pending: 0, blockers: [] }],
    [
      'a waiver that has ended: the standard counts again, and without proofs it blocks',
      () => ({ files: [file({ applicability: 'waived', waiver_ends_on: '2026-06-09', proofs: [0, 0, 0, 0], accepted: [0, 0, 0, 0] })] }),
      { state: 'not_ready', compliant: 0, missing: 1, pending: 0, blockers: ['mandatory_missing_proofs'] },
    ],
  ];

  it.each(cases)('%s', (_name, build, expected) => {
    const { files, deadlines } = build();
    const { figures } = compute(files, deadlines);
    expect({
      state: figures.verdict.state,
      compliant: figures.mandatory.compliant,
      missing: figures.mandatory.compliantMissingProofs,
      pending: figures.mandatory.compliantPendingReview,
      blockers: figures.blockers.map((b) => b.reason),
    }).toEqual(expected);
  });

  it('the 80% boundary: 4 of 5 other-than-mandatory standards meet it, 3 of 5 need one more', () => {
    const others = (compliant: number) => [...Array(5).keys()].map((i) => file({ level: 'O', result: i < compliant ? 'compliant' : 'not_compliant' }));
    expect(compute(others(4)).figures.verdict).toMatchObject({ meetsRule: true, otherPercent: 80, otherNeededForThreshold: 0 });
    const short = compute(others(3)).figures;
    expect(short.verdict).toMatchObject({ meetsRule: false, otherPercent: 60, otherNeededForThreshold: 1 });
    expect(short.blockers.map((b) => b.reason)).toEqual(['other_needed_for_threshold', 'other_needed_for_threshold']);
  });

  it('counts missing periods on the blocker, chapters and the grid from the same files', () => {
    const timeSensitive = file({ number: '1.2.9' });
    const { figures, files } = compute(
      [timeSensitive, file({ chapter: 2, chapter_title: 'Organization', level: 'O', proofs: [1, 0, 0, 0], accepted: [1, 0, 0, 0] }), file({ in_scope: false, pending: 2 })],
      [period(timeSensitive.id, 'overdue', -40), period(timeSensitive.id, 'overdue', -5)],
    );
    expect(figures.blockers[0]).toMatchObject({ number: '1.2.9', missingProofYears: 0, missingProofPeriods: 2, reason: 'mandatory_missing_proofs' });
    expect(figures.chapters.map((c) => [c.chapter, c.mandatory.applicable, c.mandatory.compliant, c.other.applicable, c.other.compliant])).toEqual([
      [1, 1, 0, 0, 0],
      [2, 0, 0, 1, 0],
    ]);
    expect(files.map((f) => f.cells)).toEqual([
      ['present', 'present', 'missing', 'not_required'],
      ['present', 'missing', 'missing', 'not_required'],
    ]);
    expect(figures.coverageTotals).toEqual({ present: 3, missing: 3, notRequired: 2 });
    // Proofs awaiting review are counted in every file, in scope or not.
    expect(figures.proofsAwaitingReview).toBe(2);
  });

  it('the next milestone is the earliest one due today or later, never a past one', () => {
    const f = file();
    const { figures } = compute([f], [period(f.id, 'overdue', -339, 'annual_review', '2025-07-06'), period(f.id, 'upcoming', 200, 'site_assessment', '2026-12-27'), period(f.id, 'upcoming', 60, 'annual_review', '2026-08-09')]);
    expect(figures.nextMilestone?.dueOn).toBe('2026-08-09');
    expect(figures.deadlineCounts).toEqual({ overdue: 1, dueSoon: 0, urgent: 0 });
  });
});

describe('duePeriodsByFile', () => {
  it('counts only activity periods whose due date has passed: overdue as unmet, met awaiting review apart', () => {
    const due = duePeriodsByFile([period('a', 'overdue', -1), period('a', 'met_awaiting_review', -3), period('a', 'met', -9), period('a', 'due_soon', 3), period('b', 'met_awaiting_review', 0)]);
    expect(Object.fromEntries(due)).toEqual({ a: { unmet: 1, awaitingReview: 1 } });
  });
});

/** One period of one activity of a file (the schedule lays out one series per activity). */
const activityPeriod = (fileId: string, activityKey: string, activityName: string, key: string, state: Deadline['state'], daysUntilDue: number): Deadline =>
  ({ id: `${fileId}:${activityKey}:${key}`, kind: 'activity', key, standardFileId: fileId, standardNumber: '1.2.9', activityKey, activityName, state, daysUntilDue, dueOn: '2024-11-14', urgent: false, title: key }) as unknown as Deadline;

describe('departmentCompliance with several activities: every activity of a standard must be proven', () => {
  const review = (key: string, state: Deadline['state'], days: number) => activityPeriod('t', 'administrative-review', 'Administrative review', key, state, days);
  const training = (key: string, state: Deadline['state'], days: number) => activityPeriod('t', 'refresher-training', 'Refresher training', key, state, days);
  const reminder = (state: Deadline['state'], days: number) => activityPeriod('t', 'audit-on-change-of-custodian', 'Audit on change of custodian', 'next-event-after-2024-01-10', state, days);
  const cases: [string, Deadline[], { state: string; missing: string[] }][] = [
    ['both activities proven for both ended years', [review('2022-Y1', 'met', -570), training('2022-Y1', 'met', -570), review('2022-Y2', 'met', -200), training('2022-Y2', 'met', -200)], { state: 'ready', missing: [] }],
    [
      'one of two activities lacks its year-2 proof: not ready, and the blocker names it',
      [review('2022-Y1', 'met', -570), training('2022-Y1', 'met', -570), review('2022-Y2', 'met', -200), training('2022-Y2', 'overdue', -200)],
      { state: 'not_ready', missing: ['1.2.9 Refresher training, year 2: no proof'] },
    ],
    [
      'each activity lacks a different year',
      [review('2022-Y1', 'overdue', -570), training('2022-Y1', 'met', -570), review('2022-Y2', 'met', -200), training('2022-Y2', 'overdue', -200)],
      { state: 'not_ready', missing: ['1.2.9 Administrative review, year 1: no proof', '1.2.9 Refresher training, year 2: no proof'] },
    ],
    ['one activity proven only by a proof awaiting review', [review('2022-Y2', 'met', -200), training('2022-Y2', 'met_awaiting_review', -200)], { state: 'ready_pending_review', missing: [] }],
    ['the current period of an activity still open is not due', [review('2022-Y2', 'met', -200), training('2022-Y3', 'due_soon', 20)], { state: 'ready', missing: [] }],
    ['a per-event activity whose reminder has not come: nothing required', [review('2022-Y2', 'met', -200), reminder('upcoming', 40)], { state: 'ready', missing: [] }],
    [
      'a per-event activity whose reminder has passed with no event or memo filed: not ready',
      [review('2022-Y2', 'met', -200), reminder('overdue', -5)],
      { state: 'not_ready', missing: ['1.2.9 Audit on change of custodian, next event due 2024-11-14: no proof'] },
    ],
  ];

  it.each(cases)('%s', (_name, deadlines, expected) => {
    const { figures } = compute([file({ id: 't', number: '1.2.9' })], deadlines);
    expect({ state: figures.verdict.state, missing: figures.blockers.flatMap((b) => b.missingActivityPeriods.map((m) => m.text)) }).toEqual(expected);
  });
});

describe('missingActivityPeriod', () => {
  it.each<[Pick<Deadline, 'standardNumber' | 'activityKey' | 'activityName' | 'key' | 'dueOn'>, string]>([
    [{ standardNumber: '1.2.9', activityKey: 'refresher-training', activityName: 'Refresher training', key: '2022-Y2', dueOn: '2024-11-14' }, '1.2.9 Refresher training, year 2: no proof'],
    [{ standardNumber: '41.3.1', activityKey: 'inspection', activityName: 'Inspection', key: '2022-Y1-Q3', dueOn: '2023-08-14' }, '41.3.1 Inspection, year 1 Q3: no proof'],
    [{ standardNumber: '1.1.1', activityKey: 'required-activity', activityName: 'Required activity', key: '2022-Y1', dueOn: '2023-11-14' }, '1.1.1 Required activity, year 1: no proof'],
    [{ standardNumber: '84.1.1', activityKey: 'audit', activityName: 'Audit', key: 'next-event-after-2024-01-10', dueOn: '2024-04-09' }, '84.1.1 Audit, next event due 2024-04-09: no proof'],
  ])('%j', (deadline, text) => {
    expect(missingActivityPeriod(deadline)).toEqual({ activityKey: deadline.activityKey, activityName: deadline.activityName, periodKey: deadline.key, dueOn: deadline.dueOn, text });
  });
});
