import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { APPLICABILITIES, Applicability, ComplianceResult, RESULTS, WORKFLOW_STATUSES, WorkflowStatus } from '../entities/standard-file.entity';
import { StandardFileDto } from './standard-file.dto';
import { ActivityDto } from '../../standards/dto/standard.dto';

const DATE_MESSAGE = (field: string) => ({ message: `${field} must be a date like 2026-01-31` });

export class DirectiveDto {
  @ApiProperty({ example: 'GO 1-12' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  number!: string;

  @ApiProperty({ example: 'Bias-Based Policing' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ example: 'III.B' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  section?: string;

  @ApiPropertyOptional({ example: '2025-03-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, DATE_MESSAGE('effectiveDate'))
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE('effectiveDate'))
  effectiveDate?: string;

  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, DATE_MESSAGE('nextReviewDate'))
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE('nextReviewDate'))
  nextReviewDate?: string;
}

export class UpdateFileDto {
  @ApiProperty({ description: 'The version you read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ enum: APPLICABILITIES })
  @IsOptional()
  @IsIn(APPLICABILITIES)
  applicability?: Applicability;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required when not applicable' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  applicabilityReason?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required when waived: the waiver reference' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  waiverReference?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Required when waived' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true }, DATE_MESSAGE('waiverDate'))
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE('waiverDate'))
  waiverDate?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'When waived: the last day the waiver holds (on or after waiverDate); after it the standard applies again and counts in the verdict',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true }, DATE_MESSAGE('waiverEndsOn'))
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE('waiverEndsOn'))
  waiverEndsOn?: string | null;

  @ApiPropertyOptional({ enum: RESULTS })
  @IsOptional()
  @IsIn(RESULTS)
  result?: ComplianceResult;

  @ApiPropertyOptional({ enum: WORKFLOW_STATUSES, description: 'accepted and returned are for managers; returned needs statusReason' })
  @IsOptional()
  @IsIn(WORKFLOW_STATUSES)
  status?: WorkflowStatus;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  statusReason?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'A member of the department; null to unassign' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeUserId?: string | null;

  @ApiPropertyOptional({ type: [DirectiveDto], description: 'The written directives that answer the standard (replaces the list)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DirectiveDto)
  directives?: DirectiveDto[];

  @ApiPropertyOptional({ example: { a: 'GO 1-12 III.B', b: 'Training record 2026' }, description: 'Notes per bullet letter (replaces the map)' })
  @IsOptional()
  @IsObject()
  bulletNotes?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({ description: 'true: the changes a manual version made were reviewed (clears needsReview)' })
  @IsOptional()
  @IsBoolean()
  reviewed?: boolean;
}

export class StandardFileDetailDto extends StandardFileDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty({ format: 'uuid', description: 'The enrolment (program) the file belongs to' })
  enrolmentId!: string;
  @ApiProperty({ type: [Object], description: 'The standard\'s bullets: letter and label' })
  bullets!: { letter: string; label: string }[];
  @ApiProperty({ type: [String] })
  kinds!: string[];
  @ApiProperty({ type: () => [ActivityDto], description: "The standard's activities, each with its own deadlines; a proof upload names one by id (activityId) when there are several" })
  activities!: ActivityDto[];
  @ApiPropertyOptional({ nullable: true, type: String })
  applicabilityReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  waiverReference!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  waiverDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The last day the waiver holds' })
  waiverEndsOn!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  statusReason!: string | null;
  @ApiProperty({ type: [DirectiveDto] })
  directives!: DirectiveDto[];
  @ApiProperty({ type: Object })
  bulletNotes!: Record<string, string>;
  @ApiPropertyOptional({ nullable: true, type: String })
  notes!: string | null;
}

export class AssignChapterDto {
  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(1)
  @Max(999)
  chapter!: number;

  @ApiProperty({ format: 'uuid', nullable: true, description: 'A member of the department; null to unassign' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeUserId!: string | null;
}

export class ChapterNotApplicableDto {
  @ApiProperty({ example: 11 })
  @IsInt()
  @Min(1)
  @Max(999)
  chapter!: number;

  @ApiProperty({ example: 'The agency has no holding facility' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class BulkResultDto {
  @ApiProperty({ description: 'Files changed' })
  changed!: number;
  @ApiProperty({ type: [String] })
  numbers!: string[];
}
