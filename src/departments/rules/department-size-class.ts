import { SizeClassRanges, sizeClassForSworn } from '../../kernel/size-class';
import type { SizeClass } from '../../kernel/standard-types';

/** The size class in force: the override when set, otherwise the one the sworn count gives. */
export function departmentSizeClass(
  department: { swornOfficers: number; sizeClassOverride: SizeClass | null },
  ranges: SizeClassRanges,
): SizeClass {
  return department.sizeClassOverride ?? sizeClassForSworn(department.swornOfficers, ranges);
}
