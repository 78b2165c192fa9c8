import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength } from 'class-validator';
import { ACCREDITATION_STATUSES, PROGRAM_TIERS } from '../../kernel/department-values';
import type { AccreditationStatus, ProgramTier } from '../../kernel/department-values';
import { SIZE_CLASSES } from '../../kernel/standard-types';
import type { SizeClass } from '../../kernel/standard-types';
import { blankToNull, blankToUndefined, checkbox, lines, rows, trimmed, wholeNumber } from '../form-fields';

/** The department's names, on the profile form and the "add a department" form. */
class DepartmentNamesFormDto {
  @Transform(trimmed)
  @IsString()
  @MinLength(2, { message: 'name must be 2 characters or more' })
  @MaxLength(200)
  name!: string;

  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'enter the short name' })
  @MaxLength(40)
  shortName!: string;
}

/** The profile form of the settings page: every editable field of the department, and the version read. */
export class DepartmentProfileFormDto extends DepartmentNamesFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @IsOptional()
  @Transform(blankToNull)
  caleaAgencyNumber?: string | null;

  @IsIn(PROGRAM_TIERS, { message: `programTier must be one of: ${PROGRAM_TIERS.join(', ')}` })
  programTier!: ProgramTier;

  @Transform(wholeNumber)
  @IsInt({ message: 'swornOfficers must be a whole number' })
  swornOfficers!: number;

  @IsOptional()
  @Transform(blankToNull)
  @IsIn([...SIZE_CLASSES, null], { message: `sizeClassOverride must be empty or one of: ${SIZE_CLASSES.join(', ')}` })
  sizeClassOverride?: SizeClass | null;

  /** One municipality per line. */
  @IsOptional()
  @Transform(lines)
  @IsArray()
  municipalities?: string[];

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => wholeNumber({ value: blankToNull({ value }) }))
  populationServed?: number | null;

  @IsIn(ACCREDITATION_STATUSES, { message: `accreditationStatus must be one of: ${ACCREDITATION_STATUSES.join(', ')}` })
  accreditationStatus!: AccreditationStatus;

  @IsOptional()
  @Transform(blankToNull)
  awardDate?: string | null;

  /** A checkbox: absent when unticked. */
  @IsOptional()
  @Transform(checkbox)
  @IsBoolean({ message: 'shareHistoryWithAssessors must be ticked or not' })
  shareHistoryWithAssessors?: boolean;

  /** The contact rows, position by position (a row left empty is dropped). */
  @IsOptional()
  @Transform(rows)
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  contactRole?: string[];

  @IsOptional()
  @Transform(rows)
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  contactName?: string[];

  @IsOptional()
  @Transform(rows)
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  contactEmail?: string[];

  @IsOptional()
  @Transform(rows)
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  contactPhone?: string[];
}

/** Assign a manual version, or adopt the newer one. */
export class ManualChoiceFormDto {
  @Transform(trimmed)
  @IsUUID('all', { message: 'choose a manual version' })
  manualId!: string;
}

/** The administrator's "enrol in another program" form (checked with CreateEnrolmentDto's rules). */
export class EnrolFormDto {
  @Transform(trimmed)
  @IsUUID('all', { message: 'choose a program' })
  programId!: string;

  @IsOptional()
  @Transform(blankToUndefined)
  accreditationStatus?: AccreditationStatus;

  @IsOptional()
  @Transform(blankToUndefined)
  awardDate?: string;
}

/** A manager's change of another program's enrolment: its status, award date and (for a program with tiers) tier, checked with UpdateEnrolmentDto's rules. */
export class EnrolmentFormDto {
  @Transform(wholeNumber)
  @IsInt({ message: 'version must be the version read' })
  version!: number;

  @IsOptional()
  @Transform(blankToUndefined)
  accreditationStatus?: AccreditationStatus;

  /** Empty: no award in this program (yet). */
  @IsOptional()
  @Transform(blankToNull)
  awardDate?: string | null;

  @IsOptional()
  @Transform(blankToUndefined)
  programTier?: ProgramTier;
}

/** The administrator's "add a department" form. */
export class CreateDepartmentFormDto extends DepartmentNamesFormDto {

  @IsOptional()
  @Transform(blankToUndefined)
  caleaAgencyNumber?: string;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(PROGRAM_TIERS, { message: `programTier must be one of: ${PROGRAM_TIERS.join(', ')}` })
  programTier?: ProgramTier;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => wholeNumber({ value: blankToUndefined({ value }) }))
  @IsInt({ message: 'swornOfficers must be a whole number' })
  swornOfficers?: number;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(ACCREDITATION_STATUSES, { message: `accreditationStatus must be one of: ${ACCREDITATION_STATUSES.join(', ')}` })
  accreditationStatus?: AccreditationStatus;

  @IsOptional()
  @Transform(blankToUndefined)
  awardDate?: string;
}
