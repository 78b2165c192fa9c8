import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RESULTS, WORKFLOW_STATUSES } from '../../kernel/file-values';
import type { ComplianceResult, WorkflowStatus } from '../../kernel/file-values';
import { blankToNull, blankToUndefined, optionalWholeNumber } from '../form-fields';

/** The department page's filters, from its GET form (every value arrives as a string, possibly empty). */
export class DepartmentPageQueryDto {
  @IsOptional()
  @Transform(optionalWholeNumber)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(['M', 'O'])
  level?: 'M' | 'O';

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(WORKFLOW_STATUSES)
  status?: WorkflowStatus;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(RESULTS)
  result?: ComplianceResult;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID()
  assignee?: string;

  /** "1": only files whose current cycle year has no counting proof yet. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(['1'])
  missing?: '1';

  /** The enrolment (program) shown; the department's primary one by default. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID()
  enrolment?: string;

  @IsOptional()
  @Transform(optionalWholeNumber)
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
  @Transform(blankToNull)
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

/** A milestone recorded as done (the public-comment notice published) on a day. */
export class MilestoneRecordFormDto {
  @IsString()
  @MaxLength(20)
  doneOn!: string;
}

/** The chief's sign-off form: an empty note is no note. */
export class SignOffFormDto {
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  /** The form's checkbox: "I sign off although the department is not ready". */
  @IsOptional()
  @IsIn(['on', 'true'])
  acknowledgeNotReady?: string;
}

/** The enrolment a department page form acts in (its primary one when left out). */
export class EnrolmentQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID()
  enrolment?: string;
}
