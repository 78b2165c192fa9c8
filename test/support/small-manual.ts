import type { Frequency, Level, ParsedStandard } from '../../src/kernel/standard-types';
import { defaultActivity } from '../../src/standards/rules/activities';
import { generateSyntheticManual } from '../../src/standards/rules/synthetic-manual';

/** The other-than-mandatory standards of smallManual(); every other one is mandatory. */
export const OTHER_THAN_MANDATORY = new Set(['1.1.2', '1.1.4', '1.2.2', '1.2.4', '1.2.6', '2.1.2', '2.1.4']);

/**
 * Chapters 1 and 2 of the synthetic manual (18 standards), all Tier 1, with known levels; 1.1.1 is
 * the one time-sensitive standard, an activity of the given frequency.
 */
export function smallManual(frequency: Frequency = 'annual'): ParsedStandard[] {
  return generateSyntheticManual()
    .filter((s) => s.chapter === 1 || s.chapter === 2)
    .map((s) => {
      const level: Level = OTHER_THAN_MANDATORY.has(s.number) ? 'O' : 'M';
      const timed = s.number === '1.1.1';
      return {
        ...s,
        tier1: true,
        levels: { A: level, B: level, C: level, D: level },
        kinds: timed ? ['written_directive', 'time_sensitive'] : ['written_directive'],
        frequency: timed ? frequency : null,
        activities: timed ? [defaultActivity(frequency)] : [],
        linkedNumbers: [],
      };
    });
}
