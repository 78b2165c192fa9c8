import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PROOF_KINDS, PROOF_REVIEW_STATES, ProofKind, ProofReviewState } from '../../kernel/proof-types';
import { MAX_CYCLE_YEARS } from '../../kernel/program-values';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Keys of the deadline schedule: `<year the cycle starts>-<part>`, e.g. 2026-Y1-Q2, 2026-W014. */
export const PERIOD_KEY = /^\d{4}-[A-Za-z0-9-]{1,35}$/;
/** Bullet letters as the manual gives them: a, b, ... (a few manuals use aa, ab). */
export const BULLET_LETTER = /^[a-z]{1,3}$/i;
export const MAX_BULLETS = 52;
export const MAX_DESCRIPTION = 2000;
export const MAX_REASON = 2000;

/** Where a proof is filed: shared by the upload form and the link request. */
export class ProofPlacementDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CYCLE_YEARS,
    description:
      "Year of the program's accreditation cycle (1 to its length; CALEA's: 1 to 4) the proof is filed under. The effective date decides it: when given it must be the year the date falls in (422 otherwise, naming that year); when left out it is derived",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CYCLE_YEARS)
  cycleYear?: number;

  @ApiPropertyOptional({
    example: '2026-Y1-Q2',
    description: "Time-sensitive standards only: the period of the standard's schedule the proof covers (a key of the deadline schedule)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PERIOD_KEY, { message: 'periodKey must be a period of the deadline schedule, such as 2026-Y1-Q2' })
  periodKey?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Time-sensitive standards: the standard's activity the proof meets (ids in the file's activities). Required when the standard has several activities (400 otherwise); left out, a standard with one activity takes that one",
  })
  @IsOptional()
  @IsUUID('all', { message: 'activityId must be the id of one of the standard\'s activities' })
  activityId?: string;

  @ApiPropertyOptional({ type: [String], example: ['a', 'c'], description: "Letters of the standard's bullets the proof covers" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_BULLETS)
  @IsString({ each: true })
  @Matches(BULLET_LETTER, { each: true, message: 'each bullet must be a bullet letter such as a or c' })
  bullets?: string[];
}

/** The form fields of an upload (validated before the file is read). */
export class UploadProofFieldsDto extends ProofPlacementDto {
  @ApiProperty({ example: '2026-04-14', description: 'When the activity happened (not the upload time); not in the future' })
  @IsString()
  @Matches(DATE_ONLY, { message: 'effectiveDate must be a date as YYYY-MM-DD' })
  effectiveDate!: string;

  @ApiPropertyOptional({ enum: PROOF_KINDS, default: 'document' })
  @IsOptional()
  @IsIn(PROOF_KINDS)
  kind?: ProofKind;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION)
  description?: string;
}

/** The multipart body as documented: the fields first, the file last. */
export class UploadProofFormDto extends UploadProofFieldsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The proof: PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx) or MP4; the last part of the form. Repeat `bullets` or separate letters with commas.',
  })
  file!: unknown;
}

export class LinkProofDto extends ProofPlacementDto {
  @ApiProperty({
    format: 'uuid',
    description: "A proof filed elsewhere: the department's own (another program's file too), or another department's that you manage as well as this one (shared; each department reviews its own filing). No second copy is made",
  })
  @IsUUID()
  proofId!: string;
}

export class ReviewProofDto {
  @ApiProperty({ description: 'The version of the proof link as read (optimistic locking)' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class ReasonedReviewProofDto extends ReviewProofDto {
  @ApiProperty({ maxLength: MAX_REASON, example: 'The roster page is missing its date; upload the signed copy.' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'reason must say why' })
  @MaxLength(MAX_REASON)
  reason!: string;
}

export class FileProofsQueryDto {
  @ApiPropertyOptional({ default: false, description: 'true lists every proof ever filed in the file, however old' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  history?: boolean;
}

export class ProofDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty({ description: 'The uploaded name, made safe (no path, no control characters, at most 120 bytes)' })
  fileName!: string;
  @ApiProperty({ enum: PROOF_KINDS })
  kind!: ProofKind;
  @ApiProperty({ example: '2026-04-14', description: 'When the activity happened' })
  effectiveDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  description!: string | null;
  @ApiProperty({ example: 'application/pdf', description: 'Sniffed from the bytes, never taken from the client' })
  mimeType!: string;
  @ApiProperty()
  sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes (hex); also the download ETag' })
  sha256!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  uploadedByUserId!: string | null;
  @ApiProperty()
  uploadedAt!: string;
  @ApiProperty({ example: '/api/proofs/3f0c.../content' })
  contentUrl!: string;
}

export class ProofLinkDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  proofId!: string;
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty({ example: '1.2.9' })
  standardNumber!: string;
  @ApiProperty({ example: '2026-03-01', description: "Start of the program's cycle the proof is filed under" })
  cycleStartsOn!: string;
  @ApiProperty({ minimum: 1, maximum: 4 })
  cycleYear!: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-Y1-Q2' })
  periodKey!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'refresher-training', description: "Key of the standard's activity the proof meets (null: the standard has no activities)" })
  activityKey!: string | null;
  @ApiProperty({ type: [String] })
  bullets!: string[];
  @ApiProperty({ enum: PROOF_REVIEW_STATES, description: 'The review state, or withdrawn' })
  state!: ProofReviewState;
  @ApiProperty({ enum: ['pending', 'accepted', 'returned'], description: 'The last review decision (kept when withdrawn)' })
  reviewState!: Exclude<ProofReviewState, 'withdrawn'>;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it was returned (or a note on acceptance)' })
  reviewReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  reviewedByUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  reviewedAt!: string | null;
  @ApiProperty({ description: 'Withdrawn proofs are kept (bytes and row) and shown, marked; they no longer count' })
  withdrawn!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String })
  withdrawnAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  withdrawnByUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  withdrawReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  createdByUserId!: string | null;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
  @ApiProperty({ description: 'Send it back with accept, return or withdraw (optimistic locking)' })
  version!: number;
}

/** Where the effective date placed a new filing: the cycle year it falls in, and whether that is today's cycle. */
export class FiledInDto {
  @ApiProperty({ enum: ['current', 'previous'], description: "'previous': the date falls in the cycle before today's, and the proof is filed there" })
  cycle!: 'current' | 'previous';
  @ApiProperty({ example: '2026-03-01' })
  cycleStartsOn!: string;
  @ApiProperty({ example: '2030-02-28' })
  cycleEndsOn!: string;
  @ApiProperty({ minimum: 1, maximum: 4 })
  cycleYear!: number;
  @ApiProperty({ example: '2026-03-01' })
  startsOn!: string;
  @ApiProperty({ example: '2027-02-28' })
  endsOn!: string;
  @ApiProperty({ example: 'Filed in cycle year 4 (2025-03-01 to 2026-02-28) of the previous cycle (2022-03-01 to 2026-02-28), where its effective date falls.' })
  message!: string;
}

/** A proof as filed in a file: the filing and the proof itself. */
export class FiledProofDto extends ProofLinkDto {
  @ApiProperty({ type: ProofDto })
  proof!: ProofDto;
  @ApiPropertyOptional({ type: FiledInDto, description: 'Upload and link answers only: where the effective date placed the filing' })
  filedIn?: FiledInDto;
}

export class ProofDetailDto extends ProofDto {
  @ApiProperty({ type: [ProofLinkDto], description: 'Every file the proof is filed in, withdrawn filings included' })
  links!: ProofLinkDto[];
}

export class CycleYearDto {
  @ApiProperty({ minimum: 1, maximum: 4 })
  year!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
}

export class ProofCycleDto {
  @ApiProperty({ example: '2026-03-01' })
  startsOn!: string;
  @ApiProperty({ example: '2030-02-28' })
  endsOn!: string;
  @ApiProperty({ minimum: 1, maximum: 4 })
  currentYear!: number;
  @ApiProperty({ type: [CycleYearDto] })
  years!: CycleYearDto[];
  @ApiProperty({
    enum: ['award_date', 'department_created'],
    description: "What the cycles count from: the award date, or (no award yet) the day the department was created",
  })
  anchoredOn!: 'award_date' | 'department_created';
  @ApiProperty({ example: '2022-03-01' })
  anchorDate!: string;
}

export class CycleYearProofsDto {
  @ApiProperty({ minimum: 1, maximum: 4 })
  cycleYear!: number;
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
  @ApiProperty({ type: [FiledProofDto], description: 'Newest effective date first; withdrawn ones included, marked' })
  items!: FiledProofDto[];
}

export class OtherCycleProofsDto {
  @ApiProperty({
    example: '2022-06-11',
    description: 'Proofs filed under another cycle stay listed while their effective date is on or after this day',
  })
  visibleSince!: string;
  @ApiProperty()
  note!: string;
  @ApiProperty({ type: [FiledProofDto], description: 'Newest effective date first' })
  items!: FiledProofDto[];
}

export class FileProofsDto {
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty({ example: '1.2.9' })
  standardNumber!: string;
  @ApiProperty({ type: ProofCycleDto, description: 'The current cycle' })
  cycle!: ProofCycleDto;
  @ApiProperty({ type: [CycleYearProofsDto], description: 'The current cycle, year by year' })
  years!: CycleYearProofsDto[];
  @ApiProperty({
    type: OtherCycleProofsDto,
    description: "A new cycle keeps the proofs of the last cycle's length in years (four in CALEA's program) visible: proofs filed under an earlier cycle whose effective date is within those years",
  })
  otherCycles!: OtherCycleProofsDto;
  @ApiPropertyOptional({ type: [FiledProofDto], description: 'With history=true: every proof filed under another cycle, however old' })
  history?: FiledProofDto[];
}
