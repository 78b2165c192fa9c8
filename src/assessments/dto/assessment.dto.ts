import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { MAX_CYCLE_YEARS } from '../../kernel/program-values';
import {
  ASSESSMENT_KINDS,
  AssessmentKind,
  FINDING_ANSWER_KINDS,
  FINDING_STATES,
  FindingAnswerKind,
  FindingState,
  STANDARD_REVIEW_STATUSES,
  StandardReviewStatus,
} from '../../kernel/assessment-values';

const DATE_MESSAGE = { message: 'dueOn must be a date like 2026-06-30' };

export class CreateAssessmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The enrolment (program) assessed; the department's primary enrolment by default" })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;

  @ApiProperty({ example: '2026 annual remote review' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ASSESSMENT_KINDS })
  @IsIn(ASSESSMENT_KINDS)
  kind!: AssessmentKind;

  @ApiProperty({
    type: [Number],
    example: [1, 2],
    description: "Years of the enrolment's current accreditation cycle the round covers: 1 to the program's cycle length (CALEA's: 4); a year the cycle does not have is a 400",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CYCLE_YEARS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_CYCLE_YEARS, { each: true })
  cycleYears!: number[];

  @ApiProperty({ type: [String], description: "Assessor grants on the department whose assessors review this round" })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  assessorGrantIds!: string[];
}

export class SetAssessorsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  assessorGrantIds!: string[];
}

export class AssessmentSummaryInputDto {
  @ApiProperty({ nullable: true, type: String, description: "The assessors' summary, printed on the assessment report" })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(20_000)
  summary!: string | null;
}

export class SetStandardStatusDto {
  @ApiPropertyOptional({ example: 'a', description: "A bullet's letter; absent for the whole standard" })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{1,2}$/, { message: 'bullet must be a bullet letter such as a' })
  bullet?: string;

  @ApiProperty({ enum: STANDARD_REVIEW_STATUSES })
  @IsIn(STANDARD_REVIEW_STATUSES)
  status!: StandardReviewStatus;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'What the assessor found; the finding says this when the status opens one' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'A proof of the standard the agency accepted' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  proofId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'A page of that proof' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  proofPage?: number | null;

  @ApiPropertyOptional({ example: '2026-07-15', description: 'When the status opens a finding: the day the department should answer by (30 days by default)' })
  @IsOptional()
  @IsISO8601({ strict: true }, DATE_MESSAGE)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  dueOn?: string;
}

export class AnswerFindingDto {
  @ApiProperty({ enum: FINDING_ANSWER_KINDS })
  @IsIn(FINDING_ANSWER_KINDS)
  kind!: FindingAnswerKind;

  @ApiProperty({ example: 'The 2025 inspection report is now filed.' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  text!: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'For a new proof: the proof, filed in the standard of the finding' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  proofId?: string | null;
}

export class FindingDecisionDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  note?: string | null;
}

export class FindingListQueryDto {
  @ApiPropertyOptional({ enum: FINDING_STATES, isArray: true, description: 'Only findings in these states (comma-separated); unclosed (open and answered) by default' })
  @IsOptional()
  @IsString()
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  assessmentId?: string;
}

export class PersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class AssessmentAssessorDto {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() grantId!: string;
  @ApiProperty({ example: '2026-06-30' }) grantEndsOn!: string;
}

export class ProgressCountDto {
  @ApiProperty() reviewed!: number;
  @ApiProperty() total!: number;
  @ApiProperty() percent!: number;
}

export class ChapterProgressDto extends ProgressCountDto {
  @ApiProperty() chapter!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) title!: string | null;
}

export class AssessorProgressDto {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() reviewed!: number;
}

export class AssessmentProgressDto extends ProgressCountDto {
  @ApiProperty({ type: Object, description: 'Standards by status' }) byStatus!: Record<StandardReviewStatus, number>;
  @ApiProperty({ type: [ChapterProgressDto] }) chapters!: ChapterProgressDto[];
  @ApiProperty({ type: [AssessorProgressDto] }) assessors!: AssessorProgressDto[];
  @ApiProperty({ description: 'Findings not closed yet' }) unclosedFindings!: number;
}

export class AssessmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty() departmentName!: string;
  @ApiProperty({ format: 'uuid', description: 'The enrolment (program) assessed' }) enrolmentId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) programName!: string | null;
  @ApiProperty() manualId!: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS }) kind!: AssessmentKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '2022-11-15' }) cycleStartsOn!: string;
  @ApiProperty({ type: [Number] }) cycleYears!: number[];
  @ApiPropertyOptional({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ type: [AssessmentAssessorDto] }) assessors!: AssessmentAssessorDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: AssessmentProgressDto }) progress!: AssessmentProgressDto;
}

export class StatusEntryDto {
  @ApiProperty({ description: "'' for the whole standard, else the bullet's letter" }) bullet!: string;
  @ApiProperty({ enum: STANDARD_REVIEW_STATUSES }) status!: StandardReviewStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) proofId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) proofPage!: number | null;
  @ApiPropertyOptional({ nullable: true, type: PersonDto }) updatedBy!: PersonDto | null;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedAt!: string | null;
}

export class AssessmentStandardDto {
  @ApiProperty() standardFileId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty() chapter!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) chapterTitle!: string | null;
  @ApiProperty() level!: string;
  @ApiProperty() applicability!: string;
  @ApiProperty({ type: [Object] }) bullets!: { letter: string; label: string }[];
  @ApiProperty({ type: StatusEntryDto, description: 'The whole standard' }) status!: StatusEntryDto;
  @ApiProperty({ type: [StatusEntryDto], description: 'Bullets with a status of their own' }) bulletStatuses!: StatusEntryDto[];
  @ApiProperty({ description: 'Findings of this standard not closed yet' }) unclosedFindings!: number;
}

export class FindingAnswerDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: FINDING_ANSWER_KINDS }) kind!: FindingAnswerKind;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'To an assessor, only a proof the agency has accepted' }) proofId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: PersonDto }) answeredBy!: PersonDto | null;
  @ApiProperty() answeredAt!: string;
}

export class FindingDto {
  @ApiProperty() id!: string;
  @ApiProperty() assessmentId!: string;
  @ApiProperty() assessmentName!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty() standardFileId!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty() bullet!: string;
  @ApiProperty({ enum: STANDARD_REVIEW_STATUSES }) status!: StandardReviewStatus;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: FINDING_STATES }) state!: FindingState;
  @ApiProperty({ example: '2026-07-15' }) dueOn!: string;
  @ApiProperty({ description: 'Unclosed and past its due date' }) overdue!: boolean;
  @ApiPropertyOptional({ nullable: true, type: PersonDto }) openedBy!: PersonDto | null;
  @ApiProperty() openedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) closedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closeNote!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [FindingAnswerDto] }) answers!: FindingAnswerDto[];
}

export class StatusChangeDto {
  @ApiProperty({ type: StatusEntryDto }) status!: StatusEntryDto;
  @ApiPropertyOptional({ nullable: true, type: FindingDto, description: 'The finding the status opened, updated or closed' }) finding!: FindingDto | null;
}
