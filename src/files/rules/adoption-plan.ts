import type { ManualDiff } from '../../standards/rules/manual-diff';
import { compareStandardNumbers } from '../../standards/rules/natural-sort';

export interface CarriedFile {
  /** The standard number the file has now (older manual). */
  fromNumber: string;
  /** Its number in the newer manual (the same unless renumbered). */
  toNumber: string;
  /** Why the file needs a second look; empty when the standard is unchanged. */
  reviewReasons: string[];
}

export interface AdoptionPlan {
  carried: CarriedFile[];
  /** Files whose standard the newer manual removed: kept with their work, out of scope, flagged. */
  retired: string[];
}

/**
 * How a department's files move to a newer manual version. Every file is kept: a standard that
 * continues (same number, or renumbered through `replaces`) carries its file, flagged for review
 * when the diff changed it; a removed standard retires its file. New standards get new files
 * elsewhere (scope resolution), so they are not part of the plan.
 */
const kindNames = (kinds: readonly string[]): string => kinds.map((k) => k.replace('time_sensitive', 'time-sensitive').replace(/_/g, ' ')).join(', ');

export function planAdoption(fileNumbers: readonly string[], diff: ManualDiff): AdoptionPlan {
  const renamedTo = new Map(diff.renumbered.map((r) => [r.from, r.to]));
  const removed = new Set(diff.removed.map((r) => r.number));
  const reasons = new Map<string, string[]>();
  const add = (number: string, reason: string): void => {
    reasons.set(number, [...(reasons.get(number) ?? []), reason]);
  };
  for (const c of diff.retitled) add(c.number, `retitled from "${c.from}" to "${c.to}"`);
  for (const c of diff.levelChanged) add(c.number, 'levels changed');
  for (const c of diff.tierChanged) add(c.number, c.to ? 'now a Tier 1 (LE1) standard' : 'no longer a Tier 1 (LE1) standard');
  for (const c of diff.kindsChanged) add(c.number, `kinds changed from ${kindNames(c.from)} to ${kindNames(c.to)}`);
  for (const c of diff.frequencyChanged) add(c.number, `frequency changed from ${c.from ?? 'none'} to ${c.to ?? 'none'}`);
  for (const c of diff.activityAdded) add(c.number, `activity "${c.name}" added (${c.frequency})`);
  for (const c of diff.activityRemoved) add(c.number, `activity "${c.name}" removed`);
  for (const c of diff.activityFrequencyChanged) add(c.number, `activity "${c.name}" frequency changed from ${c.from.frequency} to ${c.to.frequency}`);

  const carried: CarriedFile[] = [];
  const retired: string[] = [];
  for (const number of fileNumbers) {
    const renamed = renamedTo.get(number);
    if (renamed) {
      carried.push({ fromNumber: number, toNumber: renamed, reviewReasons: [`renumbered from ${number} to ${renamed}`, ...(reasons.get(renamed) ?? [])] });
    } else if (removed.has(number)) {
      retired.push(number);
    } else {
      carried.push({ fromNumber: number, toNumber: number, reviewReasons: reasons.get(number) ?? [] });
    }
  }
  carried.sort((a, b) => compareStandardNumbers(a.toNumber, b.toNumber));
  retired.sort(compareStandardNumbers);
  return { carried, retired };
}
