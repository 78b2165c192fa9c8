/** The cycle milestones a program may have; the deadline schedule generates those its program lists. */
export const PROGRAM_MILESTONES = ['annual_review', 'site_assessment', 'public_comment_notice'] as const;
export type ProgramMilestone = (typeof PROGRAM_MILESTONES)[number];

/** Accreditation cycles this long, in years, are supported (CALEA's is four; state programs run three). */
export const MIN_CYCLE_YEARS = 1;
export const MAX_CYCLE_YEARS = 6;
/** CALEA's accreditation cycle, in years. */
export const CALEA_CYCLE_YEARS = 4;

/** What a program is when nothing else is known: an import naming a new program creates it so. CALEA's shape. */
export const DEFAULT_PROGRAM_SHAPE = {
  cycleYears: CALEA_CYCLE_YEARS,
  hasTiers: true,
  hasSizeClasses: true,
  milestones: [...PROGRAM_MILESTONES] as ProgramMilestone[],
} as const;
