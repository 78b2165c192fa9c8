import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { DEPARTMENT_ROLES } from '../../kernel/department-values';
import type { MembershipInputDto } from '../../identity/dto/user.dto';
import { ImportManualDto } from '../../standards/dto/manual.dto';
import { blankToUndefined, checkbox, nonBlankList, optionalWholeNumber, trimmed, wholeNumber } from '../form-fields';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS, PROGRAM_MILESTONES, type ProgramMilestone } from '../../kernel/program-values';

/** A membership as a form sends it: one select per department, "<departmentId>:<role>" (empty: no role). */
const MEMBERSHIP_PATTERN = new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:(${DEPARTMENT_ROLES.join('|')})$`, 'i');

export function membershipsOf(values: string[] | undefined): MembershipInputDto[] {
  return (values ?? []).map((value) => {
    const [departmentId, role] = value.split(':');
    return { departmentId, role: role as MembershipInputDto['role'] };
  });
}

/** /admin/users?search=&offset= */
export class AdminUsersQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(200)
  search?: string;

  @IsOptional()
  @Transform(optionalWholeNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

/** /admin/outbox?offset= */
export class AdminOutboxQueryDto {
  @IsOptional()
  @Transform(optionalWholeNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class MembershipsFormDto {
  /** Absent when there is no department to choose from. */
  @IsOptional()
  @Transform(nonBlankList)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(MEMBERSHIP_PATTERN, { each: true, message: 'each role must be a department and one of: manager, member, chief' })
  membership?: string[];
}

/** Who is invited: an email address and a name (users and assessors alike). */
class PersonFormDto {
  @Transform(trimmed)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'enter the name' })
  @MaxLength(200)
  displayName!: string;
}

export class InviteUserFormDto extends IntersectionType(PersonFormDto, MembershipsFormDto) {
  @IsOptional()
  @Transform(checkbox)
  @IsIn([true, false], { message: 'isAdmin must be checked or not' })
  isAdmin?: boolean;
}

/** Disable or enable an account. */
export class UserAccessFormDto {
  @Transform(checkbox)
  @IsIn([true, false], { message: 'disabled must be true or false' })
  disabled!: boolean;
}

export class CreateGrantFormDto extends PersonFormDto {
  @Transform(nonBlankList)
  @IsArray()
  @ArrayMinSize(1, { message: 'choose at least one department' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'departmentIds must be departments' })
  /** No box ticked sends no field: an empty list, refused with "choose at least one department". */
  departmentIds: string[] = [];

  @IsISO8601({ strict: true }, { message: 'startsOn must be a date like 2026-12-01' })
  startsOn!: string;

  @IsISO8601({ strict: true }, { message: 'endsOn must be a date like 2026-12-31' })
  endsOn!: string;
}

export class RevokeGrantFormDto {
  @Transform(trimmed)
  @IsString()
  @MinLength(3, { message: 'say why, in 3 characters or more' })
  @MaxLength(500)
  reason!: string;
}

/** A program's shape as its row on the manuals page sends it: the milestones as ticked boxes (none ticked: none), yes/no selects for tiers and size classes. */
export class ProgramShapeFormDto {
  @Transform(wholeNumber)
  @IsInt({ message: 'version must be the version read' })
  @Min(1)
  version!: number;

  @IsOptional()
  @Transform(optionalWholeNumber)
  @IsInt({ message: `cycleYears must be a whole number of years from ${MIN_CYCLE_YEARS} to ${MAX_CYCLE_YEARS}` })
  @Min(MIN_CYCLE_YEARS, { message: `cycleYears must be a whole number of years from ${MIN_CYCLE_YEARS} to ${MAX_CYCLE_YEARS}` })
  @Max(MAX_CYCLE_YEARS, { message: `cycleYears must be a whole number of years from ${MIN_CYCLE_YEARS} to ${MAX_CYCLE_YEARS}` })
  cycleYears?: number;

  @Transform(nonBlankList)
  @IsArray()
  @ArrayUnique()
  @IsIn(PROGRAM_MILESTONES, { each: true, message: `milestones must be among: ${PROGRAM_MILESTONES.join(', ')}` })
  /** No box ticked: a browser sends no such field, which means none. */
  milestones: ProgramMilestone[] = [];

  @Transform(checkbox)
  @IsBoolean({ message: 'hasTiers must be yes or no' })
  hasTiers!: boolean;

  @Transform(checkbox)
  @IsBoolean({ message: 'hasSizeClasses must be yes or no' })
  hasSizeClasses!: boolean;
}

/** The import form: the API's fields, except that an empty name field means "the default name". */
export class ImportManualPageFormDto extends ImportManualDto {
  @IsOptional()
  @Transform(blankToUndefined)
  declare name?: string;
}
