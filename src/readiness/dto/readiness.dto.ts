import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_CYCLE_YEARS } from '../../kernel/program-values';
import { SIGN_OFF_SNAPSHOT_FORMATS, SignOffSnapshotFormat } from '../entities/readiness-sign-off.entity';
import { CycleSummaryDto } from '../../deadlines/dto/deadline.dto';
import { APPLICABILITIES, Applicability, ComplianceResult, RESULTS } from '../../files/entities/standard-file.entity';
import type { CoverageCell } from '../../compliance/rules/coverage-grid';
import { BlockerReason, VERDICT_STATES, VerdictState } from '../../compliance/rules/readiness';

const COVERAGE_CELLS: CoverageCell[] = ['present', 'missing', 'not_required'];
const BLOCKER_REASONS: BlockerReason[] = ['mandatory_missing_proofs', 'mandatory_not_compliant', 'open_finding', 'other_needed_for_threshold'];

export class ComplianceCountDto {
  @ApiProperty({ description: 'Applicable standards (in scope, applicability = applicable)' })
  applicable!: number;
  @ApiProperty({ description: 'Applicable standards that count as compliant: result compliant and a proof for every cycle year that has ended' })
  compliant!: number;
  @ApiProperty({ description: 'Applicable standards recorded compliant that do not count: a cycle year that has ended has no proof ("compliant on paper, missing proofs")' })
  compliantMissingProofs!: number;
  @ApiProperty({ description: 'Of the compliant ones, those counted provisionally: what is due is covered only with proofs awaiting review' })
  compliantPendingReview!: number;
  @ApiProperty({ description: 'Rounded down to one decimal; 100 when none apply' })
  percent!: number;
}

export class VerdictDto {
  @ApiProperty({
    enum: VERDICT_STATES,
    description: 'ready: the rule is met on accepted proofs; ready_pending_review: met only once the proofs awaiting review it rests on are accepted (never plain ready); not_ready',
  })
  state!: VerdictState;
  @ApiProperty({ description: "CALEA's rule: every applicable mandatory standard and at least the threshold of the others compliant" })
  meetsRule!: boolean;
  @ApiProperty()
  thresholdPercent!: number;
  @ApiProperty()
  mandatoryMissing!: number;
  @ApiProperty({ description: 'Standards (mandatory and other) recorded compliant that do not count because a cycle year that has ended has no proof' })
  compliantMissingProofs!: number;
  @ApiProperty({ description: 'Standards (mandatory and other) counted compliant provisionally, on proofs awaiting review' })
  compliantPendingReview!: number;
  @ApiProperty({ description: 'Proofs awaiting review the provisionally counted standards rest on ("Ready once 3 proofs awaiting review are accepted")' })
  proofsAwaitingReviewForVerdict!: number;
  @ApiProperty({ description: 'Other-than-mandatory standards still to make compliant to reach the threshold' })
  otherNeededForThreshold!: number;
  @ApiProperty()
  summary!: string;
}

export class ChapterReadinessDto {
  @ApiProperty({ example: 41 })
  chapter!: number;
  @ApiPropertyOptional({ nullable: true, type: String })
  title!: string | null;
  @ApiProperty({ type: ComplianceCountDto })
  mandatory!: ComplianceCountDto;
  @ApiProperty({ type: ComplianceCountDto })
  other!: ComplianceCountDto;
  @ApiProperty({ description: 'In-scope files not applicable or waived' })
  notApplicable!: number;
}

export class CycleYearSpanDto {
  @ApiProperty({ minimum: 1, maximum: MAX_CYCLE_YEARS, description: "1 to the program's cycle length (CALEA's: 4)" })
  year!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
}

export class CoverageTotalsDto {
  @ApiProperty()
  present!: number;
  @ApiProperty()
  missing!: number;
  @ApiProperty()
  notRequired!: number;
}

export class CoverageRowDto {
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty()
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ enum: ['M', 'O'] })
  level!: 'M' | 'O';
  @ApiProperty({ enum: APPLICABILITIES })
  applicability!: Applicability;
  @ApiProperty({ enum: COVERAGE_CELLS, isArray: true, description: "One per cycle year, 1 to the program's cycle length (CALEA's: 4)" })
  cells!: CoverageCell[];
  @ApiProperty({ type: [Number], description: 'Counting proofs (pending or accepted, not withdrawn) per cycle year' })
  proofs!: number[];
}

export class CoverageGridDto {
  @ApiProperty({ minimum: 1, maximum: MAX_CYCLE_YEARS })
  currentYear!: number;
  @ApiProperty({ type: [CycleYearSpanDto], description: "The cycle's years: as many as the program's cycle lasts (CALEA's: 4)" })
  years!: CycleYearSpanDto[];
  @ApiProperty({ type: CoverageTotalsDto })
  totals!: CoverageTotalsDto;
  @ApiProperty({ type: [CoverageRowDto], description: 'One row per in-scope file, in natural order' })
  rows!: CoverageRowDto[];
}

export class DeadlineCountsDto {
  @ApiProperty()
  overdue!: number;
  @ApiProperty()
  dueSoon!: number;
  @ApiProperty({ description: 'Of the due-soon ones, those within the urgent window' })
  urgent!: number;
}

export class UntouchedFileDto {
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty()
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  updatedAt!: string;
}

export class UntouchedDto {
  @ApiProperty({ description: 'READINESS_STALE_DAYS' })
  days!: number;
  @ApiProperty({ description: 'Applicable files not changed for that many days' })
  count!: number;
  @ApiProperty({ type: [UntouchedFileDto], description: 'The oldest ones, at most 10' })
  oldest!: UntouchedFileDto[];
}

export class MissingActivityPeriodDto {
  @ApiProperty({ type: String, nullable: true, description: "The activity's key (a slug of its name)" })
  activityKey!: string | null;
  @ApiProperty({ type: String, nullable: true })
  activityName!: string | null;
  @ApiProperty({ description: 'The period key, e.g. 2022-Y2 or 2022-Y1-Q3; next-event-after-<date> for a per-event reminder' })
  periodKey!: string;
  @ApiProperty({ format: 'date' })
  dueOn!: string;
  @ApiProperty({ example: '1.2.9 Refresher training, year 2: no proof' })
  text!: string;
}

export class BlockerDto {
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty()
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ enum: ['M', 'O'] })
  level!: 'M' | 'O';
  @ApiProperty({ enum: RESULTS })
  result!: ComplianceResult;
  @ApiProperty({ description: 'Cycle years that have ended without a counting proof (the current year is not due yet)' })
  missingProofYears!: number;
  @ApiProperty({ description: 'Periods of time-sensitive activities whose due date has passed without a counting proof' })
  missingProofPeriods!: number;
  @ApiProperty({ description: "An assessor's findings on the standard not closed yet" })
  unclosedFindings!: number;
  @ApiProperty({
    type: () => [MissingActivityPeriodDto],
    description: 'Each due period with no counting proof, naming its activity: a standard with several activities counts only when every one is proven',
  })
  missingActivityPeriods!: MissingActivityPeriodDto[];
  @ApiProperty({ enum: BLOCKER_REASONS })
  reason!: BlockerReason;
}

/** What the footprint view shows per department. */
export class ReadinessSummaryDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty()
  departmentName!: string;
  @ApiProperty({ format: 'uuid', description: 'The enrolment (program) these figures are of' })
  enrolmentId!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  programName!: string | null;
  @ApiProperty({ description: "The clock's day the readiness is computed for" })
  today!: string;
  @ApiProperty({ type: CycleSummaryDto })
  cycle!: CycleSummaryDto;
  @ApiProperty({ type: ComplianceCountDto })
  mandatory!: ComplianceCountDto;
  @ApiProperty({ type: ComplianceCountDto })
  other!: ComplianceCountDto;
  @ApiProperty({ description: 'In-scope files not applicable or waived' })
  notApplicable!: number;
  @ApiProperty({ type: VerdictDto })
  verdict!: VerdictDto;
  @ApiProperty({ type: CoverageTotalsDto, description: 'Cells of the proof coverage grid' })
  coverageTotals!: CoverageTotalsDto;
  @ApiProperty({ type: DeadlineCountsDto })
  deadlines!: DeadlineCountsDto;
  @ApiProperty({ description: 'Proof links pending review (not withdrawn)' })
  proofsAwaitingReview!: number;
  @ApiProperty({ description: 'Applicable files not changed for READINESS_STALE_DAYS days' })
  untouchedFiles!: number;
  @ApiProperty()
  blockerCount!: number;
}

export class ReadinessDto extends ReadinessSummaryDto {
  @ApiProperty({ type: [ChapterReadinessDto] })
  chapters!: ChapterReadinessDto[];
  @ApiProperty({ type: CoverageGridDto })
  coverage!: CoverageGridDto;
  @ApiProperty({ type: UntouchedDto })
  untouched!: UntouchedDto;
  @ApiProperty({ type: [BlockerDto], description: 'By impact: mandatory standards missing proofs first, then mandatory not compliant, then others needed for the threshold' })
  blockers!: BlockerDto[];
}

export class FootprintReadinessDto {
  @ApiProperty()
  today!: string;
  @ApiProperty()
  thresholdPercent!: number;
  @ApiProperty({ description: 'Departments meeting the rule (state ready or ready_pending_review)' })
  ready!: number;
  @ApiProperty({ description: 'Of those, the ones meeting it only once proofs awaiting review are accepted (state ready_pending_review)' })
  readyPendingReview!: number;
  @ApiProperty({ type: [ReadinessSummaryDto], description: 'Every non-archived department you can see, by name' })
  departments!: ReadinessSummaryDto[];
}

export class CreateSignOffDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Reviewed with the accreditation manager before the annual review.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'note must not be blank' })
  note?: string;

  @ApiPropertyOptional({
    description:
      'Required (true) to sign off a readiness that is not plainly ready (the verdict does not meet the rule, or relies on proofs awaiting review); recorded in the signed snapshot. Without it such a sign-off is refused with 422 naming what is not ready.',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeNotReady?: boolean;
}

export class SignOffSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty({ format: 'uuid', description: 'The enrolment (program) whose readiness was signed' })
  enrolmentId!: string;
  @ApiProperty({ format: 'uuid' })
  signedByUserId!: string;
  @ApiProperty()
  signedByEmail!: string;
  @ApiProperty()
  signedByName!: string;
  @ApiProperty({ enum: ['chief', 'admin'] })
  signedByRole!: string;
  @ApiProperty()
  signedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  note!: string | null;
  @ApiProperty({ description: 'The verdict as it was at signing' })
  meetsRule!: boolean;
  @ApiProperty()
  summary!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the UTF-8 bytes of `signedSnapshot` (the sign-off\'s detail): recompute it to check the snapshot' })
  sha256!: string;
  @ApiProperty({
    enum: SIGN_OFF_SNAPSHOT_FORMATS,
    description:
      '`rfc8785`: the signed snapshot is RFC 8785 canonical JSON of {departmentId, signedAt, signedBy, note, acknowledgedNotReady, readiness}. `legacy-pg-jsonb`: a sign-off made before canonical snapshots, hashed over PostgreSQL\'s jsonb text of the readiness alone',
  })
  snapshotFormat!: SignOffSnapshotFormat;
  @ApiPropertyOptional({
    nullable: true,
    type: Boolean,
    description: 'The chief acknowledged signing a readiness that was not plainly ready (recorded in the signed snapshot); null for legacy sign-offs, which did not ask',
  })
  acknowledgedNotReady!: boolean | null;
}

export class SignOffDto extends SignOffSummaryDto {
  @ApiProperty({ type: ReadinessDto, description: 'The readiness exactly as signed' })
  readiness!: ReadinessDto;
  @ApiProperty({ description: 'The exact text the SHA-256 is taken over (its UTF-8 bytes): `sha256sum` of this string gives `sha256`' })
  signedSnapshot!: string;
}
