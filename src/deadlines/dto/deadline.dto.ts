import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS } from '../../kernel/program-values';
import { PageQueryDto } from '../../common/pagination';
import { FREQUENCIES, Frequency } from '../../kernel/standard-types';
import { DeadlineState } from '../../compliance/rules/deadline-state';
import { DEADLINE_KINDS, DeadlineKind } from '../../compliance/rules/deadline-schedule';

export const DEADLINE_STATES: readonly DeadlineState[] = ['upcoming', 'due_soon', 'overdue', 'met', 'met_awaiting_review'];

const DATE_MESSAGE = (field: string) => `${field} must be a date like 2026-06-30`;

export class DeadlineQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEADLINE_STATES })
  @IsOptional()
  @IsIn(DEADLINE_STATES)
  state?: DeadlineState;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Deadlines due on or after this day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('from') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Deadlines due on or before this day' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('to') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A department's list: one of its enrolments (programs); its primary enrolment by default" })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;
}

export class ProofsInPeriodDto {
  @ApiProperty()
  accepted!: number;
  @ApiProperty()
  pending!: number;
  @ApiProperty({ description: 'Returned proofs do not count' })
  returned!: number;
}

export class YearCoverageDto {
  @ApiProperty({ description: 'Applicable files in scope' })
  files!: number;
  @ApiProperty({ description: 'Files with a pending or accepted proof for the year' })
  covered!: number;
  @ApiProperty({ description: 'Files with an accepted proof for the year' })
  accepted!: number;
}

export class DeadlineDto {
  @ApiProperty({ description: 'Stable id: the file (or department) id and the period (or milestone) key' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty()
  departmentName!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The program (enrolment) the deadline belongs to' })
  programName!: string | null;
  @ApiProperty({ enum: DEADLINE_KINDS })
  kind!: DeadlineKind;
  @ApiProperty({ example: '2022-Y1-Q3' })
  key!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  standardFileId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '1.2.9' })
  standardNumber!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  standardTitle!: string | null;
  @ApiPropertyOptional({ enum: FREQUENCIES, nullable: true })
  frequency!: Frequency | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'refresher-training',
    description: "Activity deadlines: the key of the standard's activity (a standard may require several, each with its own series); what a proof's activityKey names",
  })
  activityKey!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Refresher training' })
  activityName!: string | null;
  @ApiProperty()
  title!: string;
  @ApiProperty({ description: 'First day of the period' })
  startsOn!: string;
  @ApiProperty({ description: 'Last day of the period: the activity may happen on any day up to it' })
  dueOn!: string;
  @ApiProperty({ enum: DEADLINE_STATES })
  state!: DeadlineState;
  @ApiProperty({ description: `Due soon and within the urgent window` })
  urgent!: boolean;
  @ApiProperty({ description: '0 on the due date, negative once it has passed' })
  daysUntilDue!: number;
  @ApiProperty({ description: 'The period has opened' })
  open!: boolean;
  @ApiProperty({ type: ProofsInPeriodDto, description: 'Proofs dated inside the period (withdrawn ones left out)' })
  proofsInPeriod!: ProofsInPeriodDto;
  @ApiPropertyOptional({ type: YearCoverageDto, nullable: true, description: 'Review and assessment milestones: files covered for the cycle year' })
  coverage!: YearCoverageDto | null;
}

export class DeadlineTotalsDto {
  @ApiProperty()
  upcoming!: number;
  @ApiProperty()
  dueSoon!: number;
  @ApiProperty({ description: 'Of the due-soon ones, those within the urgent window' })
  urgent!: number;
  @ApiProperty()
  overdue!: number;
  @ApiProperty()
  met!: number;
  @ApiProperty()
  metAwaitingReview!: number;
}

export class CycleSummaryDto {
  @ApiProperty({ enum: ['award', 'working'], description: 'award: counted from the award date; working: no award yet, the cycle the proofs module files proofs under (counted from the day the department was entered), without CALEA milestones' })
  basis!: 'award' | 'working';
  @ApiProperty()
  cycleNumber!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_CYCLE_YEARS })
  currentYear!: number;
  @ApiProperty({ minimum: MIN_CYCLE_YEARS, maximum: MAX_CYCLE_YEARS, description: "How many years the cycle lasts: the program's cycle length (CALEA's: 4). Absent from sign-offs recorded before programs had their own cycle length (all four-year cycles)" })
  cycleYears!: number;
}

export class DeadlineListDto {
  @ApiProperty({ description: "The clock's day the states are computed for" })
  today!: string;
  @ApiProperty({ type: DeadlineTotalsDto, description: 'Per state, over the from/to range before the state filter and paging' })
  totals!: DeadlineTotalsDto;
  @ApiProperty({ type: [DeadlineDto] })
  items!: DeadlineDto[];
  @ApiProperty({ description: 'Deadlines matching every filter' })
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

export class DepartmentDeadlineListDto extends DeadlineListDto {
  @ApiProperty({ type: CycleSummaryDto })
  cycle!: CycleSummaryDto;
  @ApiProperty({ format: 'uuid', description: 'The enrolment (program) listed' })
  enrolmentId!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  programName!: string | null;
}

export class CalendarTokenDto {
  @ApiProperty({ description: 'The feed URL with its secret token: shown once, never stored (only its SHA-256 is)' })
  url!: string;
  @ApiProperty({ example: '/calendar/cal_….ics' })
  path!: string;
  @ApiProperty({ description: 'True when an earlier token was revoked by this one' })
  rotated!: boolean;
  @ApiProperty()
  createdAt!: string;
}
