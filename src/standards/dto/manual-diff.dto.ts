import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { FREQUENCIES, STANDARD_KINDS } from '../../kernel/standard-types';
import type { Frequency, StandardKind } from '../../kernel/standard-types';
import { ManualSummaryDto } from './manual.dto';
import { LevelsDto } from './standard.dto';

export class StandardRefDto {
  @ApiProperty({ example: '4.2.4' })
  number!: string;
  @ApiProperty()
  title!: string;
}

export class TitleChangeDto {
  @ApiProperty({ description: 'Number in the newer manual' })
  number!: string;
  @ApiProperty()
  from!: string;
  @ApiProperty()
  to!: string;
}

export class LevelsChangeDto {
  @ApiProperty()
  number!: string;
  @ApiProperty({ type: LevelsDto })
  from!: LevelsDto;
  @ApiProperty({ type: LevelsDto })
  to!: LevelsDto;
}

export class TierChangeDto {
  @ApiProperty()
  number!: string;
  @ApiProperty({ description: 'Tier 1 (LE1) before' })
  from!: boolean;
  @ApiProperty({ description: 'Tier 1 (LE1) after' })
  to!: boolean;
}

export class FrequencyChangeDto {
  @ApiProperty()
  number!: string;
  @ApiPropertyOptional({ enum: FREQUENCIES, nullable: true })
  from!: Frequency | null;
  @ApiPropertyOptional({ enum: FREQUENCIES, nullable: true })
  to!: Frequency | null;
}

export class KindsChangeDto {
  @ApiProperty()
  number!: string;
  @ApiProperty({ enum: STANDARD_KINDS, isArray: true })
  from!: StandardKind[];
  @ApiProperty({ enum: STANDARD_KINDS, isArray: true })
  to!: StandardKind[];
}

export class ChapterRefDto {
  @ApiProperty({ example: 4 })
  number!: number;
  @ApiProperty({ example: 'Use of Force' })
  title!: string;
}

export class ChapterChangeDto {
  @ApiProperty()
  number!: string;
  @ApiProperty({ type: ChapterRefDto })
  from!: ChapterRefDto;
  @ApiProperty({ type: ChapterRefDto })
  to!: ChapterRefDto;
}

export class RenumberDto {
  @ApiProperty({ description: 'Number in the older manual' })
  from!: string;
  @ApiProperty({ description: 'Number in the newer manual' })
  to!: string;
}

export class ActivityRefDto {
  @ApiProperty({ description: 'The standard (its number in the newer manual; in the older one for a removed activity of a renumbered standard, the newer number too)' })
  number!: string;
  @ApiProperty({ description: "The activity's key (a slug of its name): activities are matched by key" })
  key!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ enum: FREQUENCIES })
  frequency!: Frequency;
  @ApiProperty({ type: Number, nullable: true, description: 'per_event only: days after the last event a reminder falls due' })
  reminderDays!: number | null;
}

export class ActivityScheduleDto {
  @ApiProperty({ enum: FREQUENCIES })
  frequency!: Frequency;
  @ApiProperty({ type: Number, nullable: true })
  reminderDays!: number | null;
}

export class ActivityFrequencyChangeDto {
  @ApiProperty()
  number!: string;
  @ApiProperty()
  key!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ type: ActivityScheduleDto })
  from!: ActivityScheduleDto;
  @ApiProperty({ type: ActivityScheduleDto })
  to!: ActivityScheduleDto;
}

export class ManualDiffDto {
  @ApiProperty({ type: ManualSummaryDto, description: 'The manual of :id, read as the older one' })
  from!: ManualSummaryDto;
  @ApiProperty({ type: ManualSummaryDto, description: 'The manual of :otherId, read as the newer one (its replaces column pairs renumbered standards)' })
  to!: ManualSummaryDto;
  @ApiProperty({ type: [StandardRefDto] })
  added!: StandardRefDto[];
  @ApiProperty({ type: [StandardRefDto] })
  removed!: StandardRefDto[];
  @ApiProperty({ type: [TitleChangeDto] })
  retitled!: TitleChangeDto[];
  @ApiProperty({ type: [LevelsChangeDto] })
  levelChanged!: LevelsChangeDto[];
  @ApiProperty({ type: [TierChangeDto] })
  tierChanged!: TierChangeDto[];
  @ApiProperty({ type: [KindsChangeDto], description: 'Kinds compared as a set' })
  kindsChanged!: KindsChangeDto[];
  @ApiProperty({ type: [FrequencyChangeDto] })
  frequencyChanged!: FrequencyChangeDto[];
  @ApiProperty({ type: [ChapterChangeDto], description: 'Moved to another chapter (renumbered), or its chapter was retitled' })
  chapterChanged!: ChapterChangeDto[];
  @ApiProperty({ type: [RenumberDto] })
  renumbered!: RenumberDto[];
  @ApiProperty({ type: [ActivityRefDto], description: 'Activities new to a standard in both versions (matched by key)' })
  activityAdded!: ActivityRefDto[];
  @ApiProperty({ type: [ActivityRefDto], description: 'Activities a standard in both versions no longer has: proofs filed for them stop counting' })
  activityRemoved!: ActivityRefDto[];
  @ApiProperty({ type: [ActivityFrequencyChangeDto], description: 'Activities kept with another frequency or per-event reminder' })
  activityFrequencyChanged!: ActivityFrequencyChangeDto[];
}

/** What a version changes from the version departments are offered now (a draft's review before publishing). */
export class ManualChangesDto extends OmitType(ManualDiffDto, ['from', 'to'] as const) {
  @ApiPropertyOptional({
    type: ManualSummaryDto,
    nullable: true,
    description: 'The version in use: the newest published version of the same program other than this one; null when there is none (every standard is then added)',
  })
  from!: ManualSummaryDto | null;
  @ApiProperty({ type: ManualSummaryDto, description: 'This version' })
  to!: ManualSummaryDto;
}
