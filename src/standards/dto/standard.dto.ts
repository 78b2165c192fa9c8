import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { FREQUENCIES, SIZE_CLASSES, STANDARD_KINDS } from '../../kernel/standard-types';
import type { Frequency, Level, SizeClass, StandardKind } from '../../kernel/standard-types';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** "time-sensitive", "Time Sensitive" and "time_sensitive" name the same kind. */
const toKey = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toLowerCase().replace(/[\s-]+/g, '_') : value);
const toUpper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class StandardQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 4, description: 'Chapter number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'true: Tier 1 (LE1) standards only; false: the others' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  tier1?: boolean;

  @ApiPropertyOptional({ enum: ['M', 'O'], description: 'Mandatory or other-than-mandatory for sizeClass (give both)' })
  @ValidateIf((q: StandardQueryDto) => q.level !== undefined || q.sizeClass !== undefined)
  @IsDefined({ message: 'level (M or O) is needed with sizeClass' })
  @Transform(toUpper)
  @IsIn(['M', 'O'])
  level?: Level;

  @ApiPropertyOptional({ enum: SIZE_CLASSES, description: 'Agency size class the level filter applies to (give both)' })
  @ValidateIf((q: StandardQueryDto) => q.level !== undefined || q.sizeClass !== undefined)
  @IsDefined({ message: 'sizeClass (A, B, C or D) is needed with level' })
  @Transform(toUpper)
  @IsIn(SIZE_CLASSES)
  sizeClass?: SizeClass;

  @ApiPropertyOptional({ enum: STANDARD_KINDS })
  @IsOptional()
  @Transform(toKey)
  @IsIn(STANDARD_KINDS)
  kind?: StandardKind;

  @ApiPropertyOptional({ enum: FREQUENCIES })
  @IsOptional()
  @Transform(toKey)
  @IsIn(FREQUENCIES)
  frequency?: Frequency;

  @ApiPropertyOptional({ example: 'use of force', description: 'Text in the number or title (case-insensitive)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}

export class LevelsDto {
  @ApiProperty({ enum: ['M', 'O'] })
  A!: Level;
  @ApiProperty({ enum: ['M', 'O'] })
  B!: Level;
  @ApiProperty({ enum: ['M', 'O'] })
  C!: Level;
  @ApiProperty({ enum: ['M', 'O'] })
  D!: Level;
}

export class BulletDto {
  @ApiProperty({ example: 'a' })
  letter!: string;
  @ApiProperty()
  label!: string;
}

export class StandardDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: '4.2.4' })
  number!: string;
  @ApiProperty({ example: 4 })
  chapter!: number;
  @ApiProperty({ example: '4.2' })
  section!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ description: 'LE1: part of Tier 1' })
  tier1!: boolean;
  @ApiProperty({ type: LevelsDto, description: 'M or O for each agency size class' })
  levels!: LevelsDto;
  @ApiProperty({ enum: STANDARD_KINDS, isArray: true })
  kinds!: StandardKind[];
  @ApiProperty({ type: [String] })
  linkedNumbers!: string[];
  @ApiPropertyOptional({ enum: FREQUENCIES, nullable: true, description: "Time-sensitive standards only: the first activity's frequency" })
  frequency!: Frequency | null;
  @ApiProperty({ type: () => [ActivityDto], description: 'The activities the standard requires, each with its own frequency and deadlines (time-sensitive standards: one or more)' })
  activities!: ActivityDto[];
  @ApiProperty({ type: [BulletDto] })
  bullets!: BulletDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Number in the previous manual version, when renumbered' })
  replaces!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'CALEA licensed text, when imported' })
  licensedText!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  commentary!: string | null;
}

export class StandardPageDto {
  @ApiProperty({ type: [StandardDto] })
  items!: StandardDto[];
  @ApiProperty({ description: 'Standards matching the filters, over all pages' })
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

/** One activity a standard requires. */
export class ActivityDto {
  @ApiProperty({ format: 'uuid', description: "What a proof upload's activityId names" })
  id!: string;
  @ApiProperty({ example: 'refresher-training', description: 'Stable across manual versions; what a filing records' })
  key!: string;
  @ApiProperty({ example: 'Refresher training' })
  name!: string;
  @ApiProperty({ enum: FREQUENCIES })
  frequency!: Frequency;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'per_event only: the next event (or a no-activity memo) is asked for this many days after the last one' })
  reminderDays!: number | null;
  @ApiProperty({ type: [String], description: "Letters of the standard's bullets it answers; empty: the standard as a whole" })
  bullets!: string[];
}
