import { activityKey, defaultActivity, formatActivities, isDefaultActivityList, parseActivities } from './activities';
import { parseFrequency } from './manual-import';
import type { Bullet } from '../../kernel/standard-types';

const BULLETS: Bullet[] = [
  { letter: 'a', label: 'Review' },
  { letter: 'b', label: 'Training' },
];

describe('activityKey', () => {
  it.each([
    ['Administrative review', 'administrative-review'],
    ['  Audit (change of custodian) ', 'audit-change-of-custodian'],
    ['Qualificación anual', 'qualificacion-anual'],
    ['!!!', ''],
  ])('%s -> %s', (name, key) => expect(activityKey(name)).toBe(key));
});

describe('parseActivities', () => {
  const parse = (v: unknown) => parseActivities(v, BULLETS, parseFrequency);

  it.each([
    ['empty text', '', []],
    ['nothing', undefined, []],
    ['one per line', 'Review: annual\nTraining: semi-annual bullets a, b', [['review', 'annual', null, []], ['training', 'semiannual', null, ['a', 'b']]]],
    ['a per-event reminder', 'Audit: per_event reminder 1 day', [['audit', 'per_event', 1, []]]],
    ['JSON objects', [{ name: 'Audit', frequency: 'per_event', reminderDays: 90, bullets: ['B'] }], [['audit', 'per_event', 90, ['b']]]],
  ])('reads %s', (_name, value, expected) => {
    const result = parse(value);
    if (!result.ok) throw new Error(result.reason);
    expect(result.value.map((a) => [a.key, a.frequency, a.reminderDays, a.bullets])).toEqual(expected);
  });

  it.each([
    ['a number', 12, /must be text or a list/],
    ['an object with an unknown field', [{ name: 'A', frequency: 'annual', every: 2 }], /not every/],
    ['no name', [{ frequency: 'annual' }], /needs a name/],
    ['no frequency', [{ name: 'A' }], /needs a frequency/],
    ['a reminder of 0 days', [{ name: 'A', frequency: 'per_event', reminderDays: 0 }], /whole number of days from 1/],
    ['a fractional reminder', [{ name: 'A', frequency: 'per_event', reminderDays: 1.5 }], /whole number of days/],
    ['a name that is all punctuation', '--: annual', /needs a letter or digit/],
    ['a name longer than 80 characters', `${'x'.repeat(81)}: annual`, /longer than 80/],
    ['21 activities', Array.from({ length: 21 }, (_, i) => `A${i}: annual`).join('; '), /at most 20/],
  ])('refuses %s', (_name, value, reason) => {
    const result = parse(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('reads back what formatActivities writes', () => {
    const written = 'Review: annual bullets a; Audit: per_event reminder 30 days';
    const result = parse(written);
    if (!result.ok) throw new Error(result.reason);
    expect(formatActivities(result.value)).toBe(written);
  });
});

describe('isDefaultActivityList', () => {
  it.each([
    ['the one activity a frequency gives', [defaultActivity('annual')], true],
    ['none', [], false],
    ['a named activity', [{ ...defaultActivity('annual'), key: 'review', name: 'Review' }], false],
    ['the default one with bullets', [{ ...defaultActivity('annual'), bullets: ['a'] }], false],
    ['two', [defaultActivity('annual'), { ...defaultActivity('annual'), key: 'b', name: 'B' }], false],
  ])('%s: %s', (_name, list, expected) => expect(isDefaultActivityList(list)).toBe(expected));
});
