import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsISO8601, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { InvitationDto } from './user.dto';

export class CreateAssessorGrantDto {
  @ApiProperty({ example: 'assessor@peer-agency.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Pat Assessor' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  departmentIds!: string[];

  @ApiProperty({ example: '2026-12-01', description: 'First day of access' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a date like 2026-12-01' })
  startsOn!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day of access (inclusive)' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a date like 2026-12-31' })
  endsOn!: string;
}

export class RevokeAssessorGrantDto {
  @ApiProperty({ example: 'Assessment finished early' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

class GrantUserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  email!: string;
  @ApiProperty()
  displayName!: string;
}

class GrantDepartmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  name!: string;
}

export class AssessorGrantDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: GrantUserDto })
  assessor!: GrantUserDto;
  @ApiProperty({ type: [GrantDepartmentDto] })
  departments!: GrantDepartmentDto[];
  @ApiProperty()
  startsOn!: string;
  @ApiProperty()
  endsOn!: string;
  @ApiProperty({ enum: ['pending', 'active', 'expired', 'revoked'] })
  state!: 'pending' | 'active' | 'expired' | 'revoked';
  @ApiPropertyOptional({ nullable: true, type: String })
  revokedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  revokeReason!: string | null;
  @ApiProperty()
  createdAt!: string;
}

export class CreatedAssessorGrantDto {
  @ApiProperty({ type: AssessorGrantDto })
  grant!: AssessorGrantDto;

  @ApiPropertyOptional({ type: InvitationDto, nullable: true, description: 'Present when the assessor has no password yet' })
  invitation!: InvitationDto | null;
}
