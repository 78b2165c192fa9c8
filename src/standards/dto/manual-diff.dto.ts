import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FREQUENCIES } from '../../kernel/standard-types';
import type { Frequency } from '../../kernel/standard-types';
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

export class RenumberDto {
  @ApiProperty({ description: 'Number in the older manual' })
  from!: string;
  @ApiProperty({ description: 'Number in the newer manual' })
  to!: string;
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
  @ApiProperty({ type: [FrequencyChangeDto] })
  frequencyChanged!: FrequencyChangeDto[];
  @ApiProperty({ type: [RenumberDto] })
  renumbered!: RenumberDto[];
}
