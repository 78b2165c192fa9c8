import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class CreateDepartmentDto {
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

export class UpdateDepartmentDto {
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
  @ApiProperty()
  archived!: boolean;
  @ApiProperty()
  version!: number;
  @ApiProperty()
  createdAt!: string;
  @ApiProperty()
  updatedAt!: string;
}
