import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Min, ValidateIf } from 'class-validator';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS } from '../../kernel/program-values';
import { ACCREDITATION_STATUSES, PROGRAM_TIERS, type AccreditationStatus, type ProgramTier } from '../../kernel/department-values';

export class CycleYearDto {
  @ApiProperty({ minimum: MIN_CYCLE_YEARS, maximum: MAX_CYCLE_YEARS, description: "1 to the program's cycle length (CALEA's: 4)" })
  year!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
}

export class AccreditationCycleDto {
  @ApiProperty()
  cycleNumber!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
  @ApiProperty({ minimum: MIN_CYCLE_YEARS, maximum: MAX_CYCLE_YEARS })
  currentYear!: number;
  @ApiProperty({ type: [CycleYearDto], description: "As many years as the program's cycle lasts (CALEA's: 4)" })
  years!: CycleYearDto[];
  @ApiProperty({ type: [String], description: 'Remote web-based file reviews closing every year but the last (CALEA: years 1-3)' })
  annualReviewDates!: string[];
  @ApiProperty({ description: 'Planned site-based assessment in the last year (CALEA: year 4)' })
  siteAssessmentOn!: string;
}

export class DepartmentManualDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: '6.15' })
  version!: string;
  @ApiProperty()
  effectiveDate!: string;
}

export class PendingAdoptionDto {
  @ApiProperty({ format: 'uuid', description: 'The newest version of the same manual' })
  manualId!: string;
  @ApiProperty()
  version!: string;
  @ApiProperty({ description: 'Adopt by this date: the day before the first newer version\'s effective date plus MANUAL_ADOPTION_MONTHS' })
  dueOn!: string;
}

/** What a department's enrolment in a program says, shared by enrolling and changing an enrolment. */
export class EnrolmentFieldsDto {
  @ApiPropertyOptional({ enum: PROGRAM_TIERS, description: 'tier1: the tier-1 standards only; advanced: all standards (programs without tiers: advanced)' })
  @IsOptional()
  @IsIn(PROGRAM_TIERS)
  programTier?: ProgramTier;

  @ApiPropertyOptional({ enum: ACCREDITATION_STATUSES })
  @IsOptional()
  @IsIn(ACCREDITATION_STATUSES)
  accreditationStatus?: AccreditationStatus;

  @ApiPropertyOptional({ example: '2022-11-15', nullable: true, description: "Date of the (last) award in this program; the cycle counts from it" })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true }, { message: 'awardDate must be a date like 2022-11-15' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'awardDate must be a date like 2022-11-15' })
  awardDate?: string | null;
}

export class CreateEnrolmentDto extends EnrolmentFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The program to enrol the department in' })
  @IsUUID()
  programId!: string;
}

export class UpdateEnrolmentDto extends EnrolmentFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class EnrolmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Null until a manual version is first assigned to the primary enrolment' })
  programId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  programName!: string | null;
  @ApiProperty({ description: 'Sample data: a made-up program for trying the product' })
  sampleProgram!: boolean;
  @ApiProperty({ description: 'Whether the program has tiers (its standards vary by tier); when not, programTier means nothing' })
  programHasTiers!: boolean;
  @ApiProperty({ minimum: MIN_CYCLE_YEARS, maximum: MAX_CYCLE_YEARS, description: "The length of the program's accreditation cycle in years (CALEA's: 4; before a program is decided, CALEA's)" })
  programCycleYears!: number;
  @ApiProperty({ description: "The department's main program: department-level routes and the footprint use it" })
  primary!: boolean;
  @ApiProperty({ enum: PROGRAM_TIERS })
  programTier!: ProgramTier;
  @ApiProperty({ enum: ACCREDITATION_STATUSES })
  accreditationStatus!: AccreditationStatus;
  @ApiPropertyOptional({ nullable: true, type: String })
  awardDate!: string | null;
  @ApiPropertyOptional({ type: AccreditationCycleDto, nullable: true, description: 'Derived from the award date and today' })
  cycle!: AccreditationCycleDto | null;
  @ApiPropertyOptional({ type: DepartmentManualDto, nullable: true, description: 'The manual version its files follow' })
  manual!: DepartmentManualDto | null;
  @ApiPropertyOptional({ type: PendingAdoptionDto, nullable: true, description: 'A newer version of its manual to adopt' })
  pendingAdoption!: PendingAdoptionDto | null;
  @ApiProperty()
  version!: number;
}
