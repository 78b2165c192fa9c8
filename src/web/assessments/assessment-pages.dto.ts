import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ASSESSMENT_KINDS, FINDING_ANSWER_KINDS, STANDARD_REVIEW_STATUSES } from '../../kernel/assessment-values';
import type { AssessmentKind, FindingAnswerKind, StandardReviewStatus } from '../../kernel/assessment-values';
import { blankToNull, blankToUndefined, nonBlankList, optionalWholeNumber, trimmed } from '../form-fields';

/** The "open an assessment" form: name, kind, program (when the department has several), cycle years (checkboxes) and assessors (checkboxes of live grants). */
export class CreateAssessmentFormDto {
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'enter a name' })
  @MaxLength(200)
  name!: string;

  @IsIn(ASSESSMENT_KINDS, { message: `kind must be one of: ${ASSESSMENT_KINDS.join(', ')}` })
  kind!: AssessmentKind;

  /** The program (enrolment) the round assesses; the department's main one when left out. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID('all', { message: 'choose a program' })
  enrolmentId?: string;

  @Transform(({ value }: { value: unknown }) => (nonBlankList({ value }) as unknown[]).map((v) => (typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v)))
  @IsArray()
  @IsInt({ each: true, message: 'cycleYears must be years of the cycle' })
  cycleYears: number[] = [];

  /** No box ticked: a browser sends no such field, which means none (the round's assessors come later). */
  @Transform(nonBlankList)
  @IsArray()
  @IsUUID('all', { each: true, message: 'assessorGrantIds must be grant ids' })
  assessorGrantIds: string[] = [];
}

/** The "change assessors" form. */
export class AssessorsFormDto {
  /** No box ticked: a browser sends no such field, which means no assessor. */
  @Transform(nonBlankList)
  @IsArray()
  @IsUUID('all', { each: true, message: 'assessorGrantIds must be grant ids' })
  assessorGrantIds: string[] = [];
}

/** An assessor's form for one standard (or one of its bullets). */
export class StandardStatusFormDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  bullet?: string;

  @IsIn(STANDARD_REVIEW_STATUSES, { message: `status must be one of: ${STANDARD_REVIEW_STATUSES.join(', ')}` })
  status!: StandardReviewStatus;

  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @IsOptional()
  @Transform(blankToNull)
  proofId?: string | null;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' || value === undefined ? null : optionalWholeNumber({ value })))
  proofPage?: number | null;

  @IsOptional()
  @Transform(blankToUndefined)
  dueOn?: string;
}

export class SummaryFormDto {
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(20_000)
  summary?: string | null;
}

export class AnswerFormDto {
  @IsIn(FINDING_ANSWER_KINDS, { message: `kind must be one of: ${FINDING_ANSWER_KINDS.join(', ')}` })
  kind!: FindingAnswerKind;

  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'write the answer' })
  @MaxLength(10_000)
  text!: string;

  @IsOptional()
  @Transform(blankToNull)
  proofId?: string | null;
}

export class DecisionFormDto {
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(10_000)
  note?: string | null;
}

/** /department/:id/findings?state=unclosed|closed|all */
export const FINDING_PAGE_STATES = ['unclosed', 'closed', 'all'] as const;
export class FindingsPageQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(FINDING_PAGE_STATES, { message: `state must be one of: ${FINDING_PAGE_STATES.join(', ')}` })
  state?: (typeof FINDING_PAGE_STATES)[number];
}


