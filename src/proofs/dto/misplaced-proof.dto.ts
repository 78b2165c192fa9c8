import { ApiProperty } from '@nestjs/swagger';

const KINDS = ['cycle', 'cycle_year', 'period'];

export class ProofPlaceDto {
  @ApiProperty({ example: '2026-03-01' })
  cycleStartsOn!: string;
  @ApiProperty({ minimum: 1, maximum: 4 })
  cycleYear!: number;
  @ApiProperty({ nullable: true, type: String, description: "The period (time-sensitive standards); null when the standard's schedule has none, '' when none was stored" })
  periodKey!: string | null;
}

export class MisplacedProofDto {
  @ApiProperty({ format: 'uuid', description: 'The filing (proof link)' })
  linkId!: string;
  @ApiProperty({ format: 'uuid' })
  proofId!: string;
  @ApiProperty({ format: 'uuid' })
  standardFileId!: string;
  @ApiProperty()
  standardNumber!: string;
  @ApiProperty()
  fileName!: string;
  @ApiProperty({ example: '2026-01-15' })
  effectiveDate!: string;
  @ApiProperty()
  reviewState!: string;
  @ApiProperty({ enum: KINDS, isArray: true, description: 'What disagrees with the date' })
  disagrees!: string[];
  @ApiProperty({ type: ProofPlaceDto, description: 'Where it is stored' })
  stored!: ProofPlaceDto;
  @ApiProperty({ type: ProofPlaceDto, description: 'Where its effective date puts it' })
  dateFallsIn!: ProofPlaceDto;
}

export class MisplacedProofsDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;
  @ApiProperty({ description: 'What the cycles are counted from: the award date, or the day the department was entered' })
  anchorDate!: string;
  @ApiProperty({ description: 'Live filings checked' })
  checked!: number;
  @ApiProperty({ type: [MisplacedProofDto], description: 'Filings whose stored cycle, year or period disagrees with their date; nothing is moved' })
  misplaced!: MisplacedProofDto[];
}
