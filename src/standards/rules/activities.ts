import { Bullet, DEFAULT_ACTIVITY_KEY, DEFAULT_ACTIVITY_NAME, FREQUENCIES, Frequency, ParsedActivity, ParseResult } from '../../kernel/standard-types';

export const MAX_ACTIVITIES = 20;
export const MAX_ACTIVITY_NAME = 80;
export const MAX_REMINDER_DAYS = 1461;

export const ACTIVITIES_HELP =
  'write activities as "Administrative review: annual; Refresher training: annual bullets b; Audit on change of custodian: per_event reminder 90 days"';

/** "Administrative review" -> "administrative-review": what a proof's filing records. */
export function activityKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** The one activity of a standard imported with a frequency and no activities (and of every standard migrated from one frequency). */
export function defaultActivity(frequency: Frequency): ParsedActivity {
  return { key: DEFAULT_ACTIVITY_KEY, name: DEFAULT_ACTIVITY_NAME, frequency, reminderDays: null, bullets: [] };
}

const ITEM = /^(.+?)\s*:\s*([a-z_-]+)(?:\s+reminder\s+(\d+)\s*days?)?(?:\s+bullets?\s+([a-z](?:[\s,]+[a-z])*))?$/i;

interface RawActivity {
  name: unknown;
  frequency: unknown;
  reminderDays: unknown;
  bullets: unknown;
}

/**
 * A standard's activities, from a cell ("Name: frequency[ reminder N days][ bullets a b]", several
 * separated by ";" or line breaks) or, in JSON, also from a list of objects
 * ({"name", "frequency", "reminderDays"?, "bullets"?: ["a"]}). Empty gives none. Names must be
 * distinct (by key), the frequency one of the known ones (`parseFrequency` reads aliases), a
 * reminder only on a per_event activity, and bullets the standard's own letters.
 */
export function parseActivities(
  v: unknown,
  standardBullets: readonly Bullet[],
  parseFrequency: (v: unknown) => ParseResult<Frequency | null>,
): ParseResult<ParsedActivity[]> {
  const raw: RawActivity[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return { ok: false, reason: `Each activity needs a name and a frequency; ${ACTIVITIES_HELP}.` };
      const o = item as Record<string, unknown>;
      const unknown = Object.keys(o).filter((k) => !['name', 'frequency', 'reminderDays', 'bullets'].includes(k));
      if (unknown.length > 0) return { ok: false, reason: `An activity has name, frequency, reminderDays and bullets, not ${unknown.join(', ')}.` };
      raw.push({ name: o.name, frequency: o.frequency, reminderDays: o.reminderDays ?? null, bullets: o.bullets ?? [] });
    }
  } else if (v === undefined || v === null) {
    return { ok: true, value: [] };
  } else if (typeof v === 'string') {
    for (const piece of v.split(/\s*(?:;|\r?\n)\s*/).filter((p) => p.trim() !== '')) {
      const m = ITEM.exec(piece.trim());
      if (!m) return { ok: false, reason: `"${piece.trim().slice(0, 60)}" is not an activity; ${ACTIVITIES_HELP}.` };
      raw.push({ name: m[1], frequency: m[2], reminderDays: m[3] === undefined ? null : Number(m[3]), bullets: m[4] ? m[4].split(/[\s,]+/) : [] });
    }
  } else {
    return { ok: false, reason: `Activities must be text or a list; ${ACTIVITIES_HELP}.` };
  }

  if (raw.length > MAX_ACTIVITIES) return { ok: false, reason: `A standard has at most ${MAX_ACTIVITIES} activities (found ${raw.length}).` };
  const activities: ParsedActivity[] = [];
  for (const a of raw) {
    if (typeof a.name !== 'string' || a.name.trim() === '') return { ok: false, reason: `Each activity needs a name; ${ACTIVITIES_HELP}.` };
    const name = a.name.replace(/\s+/g, ' ').trim();
    if (name.length > MAX_ACTIVITY_NAME) return { ok: false, reason: `Activity name "${name.slice(0, 40)}…" is longer than ${MAX_ACTIVITY_NAME} characters.` };
    const key = activityKey(name);
    if (key === '') return { ok: false, reason: `Activity name "${name}" needs a letter or digit.` };
    if (activities.some((b) => b.key === key)) return { ok: false, reason: `Activity "${name}" is named twice; each activity of a standard needs its own name.` };
    const frequency = parseFrequency(a.frequency);
    if (!frequency.ok) return { ok: false, reason: `Activity "${name}": ${frequency.reason}` };
    if (frequency.value === null) return { ok: false, reason: `Activity "${name}" needs a frequency (one of ${FREQUENCIES.join(', ')}).` };
    let reminderDays: number | null = null;
    if (a.reminderDays !== null) {
      if (typeof a.reminderDays !== 'number' || !Number.isInteger(a.reminderDays) || a.reminderDays < 1 || a.reminderDays > MAX_REMINDER_DAYS) {
        return { ok: false, reason: `Activity "${name}": the reminder must be a whole number of days from 1 to ${MAX_REMINDER_DAYS}.` };
      }
      if (frequency.value !== 'per_event') {
        return { ok: false, reason: `Activity "${name}" is ${frequency.value}: only a per_event activity has a reminder (its calendar is the reminder).` };
      }
      reminderDays = a.reminderDays;
    }
    if (!Array.isArray(a.bullets) || a.bullets.some((b) => typeof b !== 'string')) return { ok: false, reason: `Activity "${name}": bullets must be letters.` };
    const wanted = new Set((a.bullets as string[]).map((b) => b.trim().toLowerCase()));
    const unknown = [...wanted].filter((b) => !standardBullets.some((s) => s.letter === b));
    if (unknown.length > 0) {
      const has = standardBullets.length === 0 ? 'the standard has no bullets' : `its bullets are ${standardBullets.map((b) => b.letter).join(', ')}`;
      return { ok: false, reason: `Activity "${name}" names bullet ${unknown.join(', ')}; ${has}.` };
    }
    activities.push({ key, name, frequency: frequency.value, reminderDays, bullets: standardBullets.filter((b) => wanted.has(b.letter)).map((b) => b.letter) });
  }
  return { ok: true, value: activities };
}

/** True for the one default activity a frequency alone gives (what the frequency column says by itself). */
export function isDefaultActivityList(activities: readonly ParsedActivity[]): boolean {
  return activities.length === 1 && activities[0].key === DEFAULT_ACTIVITY_KEY && activities[0].name === DEFAULT_ACTIVITY_NAME && activities[0].reminderDays === null && activities[0].bullets.length === 0;
}

/** The activities cell as parseActivities() reads it back. */
export function formatActivities(activities: readonly ParsedActivity[]): string {
  return activities
    .map((a) => `${a.name}: ${a.frequency}${a.reminderDays !== null ? ` reminder ${a.reminderDays} days` : ''}${a.bullets.length > 0 ? ` bullets ${a.bullets.join(' ')}` : ''}`)
    .join('; ');
}
