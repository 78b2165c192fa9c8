import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { DEPARTMENT_ROLES, DepartmentRole } from '../entities/membership.entity';

export class MembershipInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  departmentId!: string;

  @ApiProperty({ enum: DEPARTMENT_ROLES })
  @IsIn(DEPARTMENT_ROLES)
  role!: DepartmentRole;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty()
  departmentName!: string;

  @ApiProperty({ enum: DEPARTMENT_ROLES })
  role!: DepartmentRole;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty()
  isAdmin!: boolean;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ description: 'False until an invited user has set a password' })
  hasPassword!: boolean;

  @ApiProperty({ type: [MembershipDto] })
  memberships!: MembershipDto[];

  @ApiPropertyOptional({ nullable: true, type: String })
  lastLoginAt!: string | null;

  @ApiProperty()
  createdAt!: string;
}

export class InviteUserDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({ type: [MembershipInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships?: MembershipInputDto[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isAdmin?: boolean;

  @ApiPropertyOptional({ description: 'Disabling signs the user out everywhere' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class SetMembershipsDto {
  @ApiProperty({ type: [MembershipInputDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships!: MembershipInputDto[];
}

export class InvitationDto {
  @ApiProperty({ description: 'One-time token; shown once, stored hashed' })
  token!: string;

  @ApiProperty({ description: 'Path of the page where the invited user sets a password' })
  acceptPath!: string;

  @ApiProperty()
  expiresAt!: string;
}

export class InvitedUserDto {
  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiPropertyOptional({ type: InvitationDto, nullable: true })
  invitation!: InvitationDto | null;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the email or name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}
