/** The values of a department's profile and of the roles people hold in it. */
export const PROGRAM_TIERS = ['tier1', 'advanced'] as const;
export type ProgramTier = (typeof PROGRAM_TIERS)[number];
export const ACCREDITATION_STATUSES = ['working_toward', 'self_assessment', 'accredited', 'reaccreditation', 'lapsed'] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];
export const DEPARTMENT_ROLES = ['manager', 'member', 'chief'] as const;
export type DepartmentRole = (typeof DEPARTMENT_ROLES)[number];
