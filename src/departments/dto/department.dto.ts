import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SIZE_CLASSES, SizeClass } from '../../kernel/standard-types';
import { ACCREDITATION_STATUSES, AccreditationStatus, PROGRAM_TIERS, ProgramTier } from '../entities/department.entity';
import { AccreditationCycleDto, DepartmentManualDto, EnrolmentDto, EnrolmentFieldsDto, PendingAdoptionDto } from './enrolment.dto';

export { AccreditationCycleDto, CycleYearDto, DepartmentManualDto, PendingAdoptionDto } from './enrolment.dto';

export class ContactDto {
  @ApiProperty({ example: 'Accreditation manager' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role!: string;

  @ApiProperty({ example: 'Sgt. Jordan Smith' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '314-555-0100' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+().\s-]{7,30}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

/** The editable fields of a department, shared by create and update (tier, status and award date are its primary enrolment's). */
class DepartmentFieldsDto extends EnrolmentFieldsDto {
  @ApiPropertyOptional({ example: 'MO0123', nullable: true, type: String, description: 'CALEA agency number; null to clear it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(/^[A-Za-z0-9-]{2,20}$/, { message: 'caleaAgencyNumber must be 2-20 letters, digits or dashes' })
  caleaAgencyNumber?: string | null;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  swornOfficers?: number;

  @ApiPropertyOptional({ enum: SIZE_CLASSES, nullable: true, description: 'Overrides the size class derived from the sworn count; null to derive it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsIn(SIZE_CLASSES)
  sizeClassOverride?: SizeClass | null;

  @ApiPropertyOptional({ type: [String], example: ['Normandy', 'Bellerive Acres'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(120, { each: true })
  municipalities?: string[];

  @ApiPropertyOptional({ minimum: 0, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(50_000_000)
  populationServed?: number | null;

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ description: "Assessors also see each file's history (edits, reviews, return reasons); off by default" })
  @IsOptional()
  @IsBoolean()
  shareHistoryWithAssessors?: boolean;
}

export class CreateDepartmentDto extends DepartmentFieldsDto {
  @ApiProperty({ example: 'Normandy Police Department' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Normandy PD' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  shortName!: string;
}

export class UpdateDepartmentDto extends DepartmentFieldsDto {
  @ApiProperty({ description: 'The version you read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @Matches(/\S/, { message: 'shortName must not be blank' })
  shortName?: string;
}

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  shortName!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  caleaAgencyNumber!: string | null;
  @ApiProperty({ enum: PROGRAM_TIERS })
  programTier!: ProgramTier;
  @ApiProperty()
  swornOfficers!: number;
  @ApiProperty({ enum: SIZE_CLASSES, description: 'The override when set, otherwise derived from the sworn count' })
  sizeClass!: SizeClass;
  @ApiPropertyOptional({ enum: SIZE_CLASSES, nullable: true })
  sizeClassOverride!: SizeClass | null;
  @ApiProperty({ type: [String] })
  municipalities!: string[];
  @ApiPropertyOptional({ nullable: true, type: Number })
  populationServed!: number | null;
  @ApiProperty({ enum: ACCREDITATION_STATUSES })
  accreditationStatus!: AccreditationStatus;
  @ApiPropertyOptional({ nullable: true, type: String })
  awardDate!: string | null;
  @ApiPropertyOptional({ type: AccreditationCycleDto, nullable: true, description: 'Derived from the award date and today' })
  cycle!: AccreditationCycleDto | null;
  @ApiProperty({ type: [ContactDto] })
  contacts!: ContactDto[];
  @ApiPropertyOptional({ type: DepartmentManualDto, nullable: true, description: 'The manual version its files follow' })
  manual!: DepartmentManualDto | null;
  @ApiPropertyOptional({ type: PendingAdoptionDto, nullable: true, description: 'A newer version of its manual to adopt' })
  pendingAdoption!: PendingAdoptionDto | null;
  @ApiProperty({ type: [EnrolmentDto], description: 'Its enrolments in programs, the primary one first; programTier, accreditationStatus, awardDate, cycle, manual and pendingAdoption above are the primary enrolment\'s' })
  enrolments!: EnrolmentDto[];
  @ApiProperty({ description: "Assessors also see each file's history (edits, reviews, return reasons)" })
  shareHistoryWithAssessors!: boolean;
  @ApiProperty()
  archived!: boolean;
  @ApiProperty()
  version!: number;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}
