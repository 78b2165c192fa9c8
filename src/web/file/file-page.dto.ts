import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { repeated } from '../form-fields';

/** The version read with the page (optimistic locking): every form carries it. */
export class VersionedFormDto {
  @Type(() => Number)
  @IsInt({ message: 'version must be the version the page showed; reload the page' })
  @Min(1)
  version!: number;
}

/**
 * The work form. Fields arrive as strings; the handler turns them into the API's UpdateFileDto
 * (and validates that with the API's own rules). Only the fields the form showed are sent: a
 * member's form has no manager fields.
 */
export class FileWorkFormDto extends VersionedFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  result?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  statusReason?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  assigneeUserId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  applicability?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  applicabilityReason?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  waiverReference?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  waiverDate?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  waiverEndsOn?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;

  /** The bullet letters, in the order of `bulletNote`. */
  @IsOptional()
  @Transform(repeated)
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @MaxLength(3, { each: true })
  bulletLetter?: string[];

  @IsOptional()
  @Transform(repeated)
  @IsArray()
  @ArrayMaxSize(60)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  bulletNote?: string[];

  /** The checkbox "the manual version's changes are reviewed". */
  @IsOptional()
  @IsIn(['true'])
  reviewed?: string;
}

export class AddDirectiveFormDto extends VersionedFormDto {
  @IsString()
  @MaxLength(40)
  number!: string;

  @IsString()
  @MaxLength(300)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  section?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  effectiveDate?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  nextReviewDate?: string;
}

export class RemoveDirectiveFormDto extends VersionedFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(49)
  index!: number;
}

/** Accept a proof: the filing's version. */
export class ReviewProofFormDto extends VersionedFormDto {}

/** Return or withdraw a proof: the filing's version and why. */
export class ReasonedProofFormDto extends VersionedFormDto {
  @IsString()
  @MaxLength(2000)
  reason!: string;
}

/** "File it there too": a proof of this file filed in a mapped standard's file of another program, in one step. */
export class FileInMappedFormDto {
  @IsUUID()
  proofId!: string;

  @IsUUID()
  targetFileId!: string;
}
