import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RESULTS, WORKFLOW_STATUSES } from '../../files/entities/standard-file.entity';
import type { ComplianceResult, WorkflowStatus } from '../../files/entities/standard-file.entity';

/** A form's empty field ("" from an unselected <select>) means "not given". */
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
/** A whole number from a form field; an empty field means "not given" (validation rejects anything else that is not a number). */
const toOptionalNumber = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
};
/** A form's empty assignee means "nobody": the service takes null to unassign. */
const emptyToNull = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() === '' ? null : value);

/** The department page's filters, from its GET form (every value arrives as a string, possibly empty). */
export class DepartmentPageQueryDto {
  @IsOptional()
  @Transform(toOptionalNumber)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['M', 'O'])
  level?: 'M' | 'O';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(WORKFLOW_STATUSES)
  status?: WorkflowStatus;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(RESULTS)
  result?: ComplianceResult;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUUID()
  assignee?: string;

  /** "1": only files whose current cycle year has no counting proof yet. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['1'])
  missing?: '1';

  @IsOptional()
  @Transform(toOptionalNumber)
  @IsInt()
  @Min(1)
  @Max(1000)
  page?: number;
}

/** The manager's "assign a chapter" form. */
export class AssignChapterFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter!: number;

  /** Empty: unassign every file of the chapter. */
  @IsOptional()
  @Transform(emptyToNull)
  @IsUUID()
  assigneeUserId?: string | null;
}

/** The manager's "mark a chapter not applicable" form. */
export class ChapterNotApplicableFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter!: number;

  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

/** The chief's sign-off form: an empty note is no note. */
export class SignOffFormDto {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
