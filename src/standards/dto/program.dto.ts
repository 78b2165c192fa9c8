import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS, PROGRAM_MILESTONES, type ProgramMilestone } from '../../kernel/program-values';

export class ProgramDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'Law Enforcement', description: "The program's name, as manuals are imported under it; it never changes" })
  name!: string;
  @ApiProperty({ example: 4, description: "Length of an accreditation cycle, in years: every enrolment's cycles, proof placement, the coverage grid and the milestones follow it" })
  cycleYears!: number;
  @ApiProperty({ description: 'Proofs are filed under the program, each placed in a cycle of this length, so cycleYears can no longer change' })
  cycleYearsLocked!: boolean;
  @ApiProperty({ description: 'Whether its standards apply by tier (CALEA: Tier 1 or Advanced)' })
  hasTiers!: boolean;
  @ApiProperty({ description: 'Whether a standard is mandatory or other by agency size class (CALEA: A to D)' })
  hasSizeClasses!: boolean;
  @ApiProperty({ enum: PROGRAM_MILESTONES, isArray: true, description: 'The cycle milestones the deadline schedule generates for it' })
  milestones!: ProgramMilestone[];
  @ApiProperty({ description: 'Sample data made up for trying the product, not a real program' })
  sample!: boolean;
  @ApiProperty({ description: 'Manual versions imported under it (drafts included)' })
  manualCount!: number;
  @ApiProperty({ description: 'For optimistic locking: send it back with a change' })
  version!: number;
}

export class UpdateProgramDto {
  @ApiProperty({ description: 'The version read; a stale one is refused (409)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minimum: MIN_CYCLE_YEARS, maximum: MAX_CYCLE_YEARS })
  @IsOptional()
  @IsInt()
  @Min(MIN_CYCLE_YEARS)
  @Max(MAX_CYCLE_YEARS)
  cycleYears?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  hasTiers?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  hasSizeClasses?: boolean;

  @ApiPropertyOptional({ enum: PROGRAM_MILESTONES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PROGRAM_MILESTONES, { each: true })
  milestones?: ProgramMilestone[];
}
