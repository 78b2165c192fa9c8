import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const DATE_MESSAGE = { message: 'doneOn must be a date like 2026-06-30' };

export class RecordMilestoneDto {
  @ApiProperty({ example: '2026-04-01', description: 'The day it was done (not in the future)' })
  @IsISO8601({ strict: true }, DATE_MESSAGE)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  doneOn!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Notice posted on the city site and in the St. Louis American' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string | null;
}

export class MilestoneRecordDto {
  @ApiProperty({ example: '2022-Y4-site-assessment-public-comment-notice' })
  key!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ example: '2026-06-17' })
  dueOn!: string;
  @ApiProperty({ example: '2026-04-01' })
  doneOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  note!: string | null;
}
