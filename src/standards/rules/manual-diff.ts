import { compareStandardNumbers } from './natural-sort';
import { DEFAULT_ACTIVITY_KEY, Frequency, Levels, SIZE_CLASSES, StandardKind } from '../../kernel/standard-types';

export interface ChapterRef {
  number: number;
  title: string;
}

export interface DiffableStandard {
  number: string;
  title: string;
  tier1: boolean;
  levels: Levels;
  kinds: StandardKind[];
  chapter: number;
  chapterTitle: string;
  frequency: Frequency | null;
  /** Only read from the newer manual: the number this standard had in the older one. */
  replaces: string | null;
  /** Its required activities in the manual's order (left out or empty: none). */
  activities?: readonly DiffableActivity[];
}

export interface DiffableActivity {
  key: string;
  name: string;
  frequency: Frequency;
  reminderDays: number | null;
}

/** An activity of a standard (number in the newer manual; the older one's for a removed standard's). */
export interface ActivityRef {
  number: string;
  key: string;
  name: string;
  frequency: Frequency;
  reminderDays: number | null;
}

/** An activity kept (same key) whose frequency or per-event reminder changed. */
export interface ActivityFrequencyChange {
  number: string;
  key: string;
  name: string;
  from: { frequency: Frequency; reminderDays: number | null };
  to: { frequency: Frequency; reminderDays: number | null };
}

export interface StandardRef {
  number: string;
  title: string;
}

export interface Change<T> {
  /** Number in the newer manual. */
  number: string;
  from: T;
  to: T;
}

export interface ManualDiff {
  /** Newer-manual standards with no counterpart in the older manual. */
  added: StandardRef[];
  /** Older-manual standards with no counterpart in the newer manual. */
  removed: StandardRef[];
  retitled: Change<string>[];
  levelChanged: Change<Levels>[];
  tierChanged: Change<boolean>[];
  kindsChanged: Change<StandardKind[]>[];
  frequencyChanged: Change<Frequency | null>[];
  /** Moved to another chapter (renumbered), or its chapter was retitled. */
  chapterChanged: Change<ChapterRef>[];
  renumbered: { from: string; to: string }[];
  /** Activities of paired standards, matched by key: new in the newer manual, ... */
  activityAdded: ActivityRef[];
  /** ... gone from it, ... */
  activityRemoved: ActivityRef[];
  /** ... or kept with another frequency or reminder. */
  activityFrequencyChanged: ActivityFrequencyChange[];
}

function sameLevels(a: Levels, b: Levels): boolean {
  return SIZE_CLASSES.every((c) => a[c] === b[c]);
}

/** Kinds are a set: the order they were written in does not matter. */
function sameKinds(a: readonly StandardKind[], b: readonly StandardKind[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((k) => right.has(k));
}

/**
 * Pairs each newer standard with its older counterpart: the one it `replaces` when that exists in
 * the older manual, otherwise the older standard with the same number unless that one was claimed
 * by a replacement (a shift such as 4.2.3 -> 4.2.4 plus a new 4.2.3 must not pair the two 4.2.3s).
 */
export function diffManuals(older: readonly DiffableStandard[], newer: readonly DiffableStandard[]): ManualDiff {
  const oldByNumber = new Map(older.map((s) => [s.number, s]));
  const newSorted = [...newer].sort((a, b) => compareStandardNumbers(a.number, b.number));

  const claimed = new Set<string>();
  const pairs = new Map<string, DiffableStandard>();
  const renumbered: { from: string; to: string }[] = [];
  for (const s of newSorted) {
    const r = s.replaces;
    const o = r && r !== s.number && !claimed.has(r) ? oldByNumber.get(r) : undefined;
    if (r && o) {
      claimed.add(r);
      pairs.set(s.number, o);
      renumbered.push({ from: r, to: s.number });
    }
  }
  const added: StandardRef[] = [];
  for (const s of newSorted) {
    if (pairs.has(s.number)) continue;
    const same = oldByNumber.get(s.number);
    if (same && !claimed.has(s.number)) {
      claimed.add(s.number);
      pairs.set(s.number, same);
    } else {
      added.push({ number: s.number, title: s.title });
    }
  }

  const removed = older
    .filter((s) => !claimed.has(s.number))
    .map((s) => ({ number: s.number, title: s.title }))
    .sort((a, b) => compareStandardNumbers(a.number, b.number));

  const diff: ManualDiff = {
    added,
    removed,
    retitled: [],
    levelChanged: [],
    tierChanged: [],
    kindsChanged: [],
    frequencyChanged: [],
    chapterChanged: [],
    renumbered,
    activityAdded: [],
    activityRemoved: [],
    activityFrequencyChanged: [],
  };
  for (const s of newSorted) {
    const o = pairs.get(s.number);
    if (!o) continue;
    if (o.title !== s.title) diff.retitled.push({ number: s.number, from: o.title, to: s.title });
    if (!sameLevels(o.levels, s.levels)) {
      diff.levelChanged.push({ number: s.number, from: { ...o.levels }, to: { ...s.levels } });
    }
    if (o.tier1 !== s.tier1) diff.tierChanged.push({ number: s.number, from: o.tier1, to: s.tier1 });
    if (!sameKinds(o.kinds, s.kinds)) diff.kindsChanged.push({ number: s.number, from: [...o.kinds], to: [...s.kinds] });
    if (o.frequency !== s.frequency) diff.frequencyChanged.push({ number: s.number, from: o.frequency, to: s.frequency });
    if (o.chapter !== s.chapter || o.chapterTitle !== s.chapterTitle) {
      diff.chapterChanged.push({ number: s.number, from: { number: o.chapter, title: o.chapterTitle }, to: { number: s.chapter, title: s.chapterTitle } });
    }
    diffActivities(s.number, o.activities ?? [], s.activities ?? [], diff);
  }
  return diff;
}

const activityRef = (number: string, a: DiffableActivity): ActivityRef => ({ number, key: a.key, name: a.name, frequency: a.frequency, reminderDays: a.reminderDays });

/**
 * The activity changes of one paired standard, matched by key (a slug of the name, so a renamed
 * activity reads as one removed and one added: its proofs named the old key and no longer count).
 * A standard that has one frequency in both versions is left to frequencyChanged; one that goes
 * from a frequency to named activities lists "Required activity" removed and the new ones added.
 */
function diffActivities(number: string, older: readonly DiffableActivity[], newer: readonly DiffableActivity[], into: ManualDiff): void {
  // A standard of one frequency on both sides (its one "Required activity", or none): frequencyChanged says it all.
  const oneFrequency = (list: readonly DiffableActivity[]) => list.every((a) => a.key === DEFAULT_ACTIVITY_KEY);
  if (oneFrequency(older) && oneFrequency(newer)) return;
  const oldByKey = new Map(older.map((a) => [a.key, a]));
  const newKeys = new Set(newer.map((a) => a.key));
  for (const a of newer) {
    const o = oldByKey.get(a.key);
    if (!o) into.activityAdded.push(activityRef(number, a));
    else if (o.frequency !== a.frequency || o.reminderDays !== a.reminderDays) {
      into.activityFrequencyChanged.push({ number, key: a.key, name: a.name, from: { frequency: o.frequency, reminderDays: o.reminderDays }, to: { frequency: a.frequency, reminderDays: a.reminderDays } });
    }
  }
  for (const o of older) if (!newKeys.has(o.key)) into.activityRemoved.push(activityRef(number, o));
}

/** Newer-manual numbers whose files an accreditation manager should review after adopting the newer manual. */
export function changedNumbers(diff: ManualDiff): Set<string> {
  const numbers = [
    ...diff.retitled.map((c) => c.number),
    ...diff.levelChanged.map((c) => c.number),
    ...diff.tierChanged.map((c) => c.number),
    ...diff.kindsChanged.map((c) => c.number),
    ...diff.frequencyChanged.map((c) => c.number),
    ...diff.renumbered.map((r) => r.to),
    ...diff.activityAdded.map((c) => c.number),
    ...diff.activityRemoved.map((c) => c.number),
    ...diff.activityFrequencyChanged.map((c) => c.number),
  ];
  return new Set(numbers.sort(compareStandardNumbers));
}
