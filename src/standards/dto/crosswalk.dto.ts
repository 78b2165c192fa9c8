import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** The multipart body of a crosswalk import as documented (the file is its only field). */
export class ImportCrosswalkFormDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'A CSV file, UTF-8, at most 5 MB: a header row "program,number,program,number" (or "from_program,from_number,to_program,to_number"), ' +
      "then one pair a row: a program's name and a standard number on each side, two different programs.",
  })
  file!: unknown;
}

export class CrosswalkQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only pairs with a standard of this program, that side first; leave out for every pair" })
  @IsOptional()
  @IsUUID()
  program?: string;
}

/** One side of a pair: a standard number of a program (the same number in each of its manual versions). */
export class CrosswalkSideDto {
  @ApiProperty({ format: 'uuid' })
  programId!: string;
  @ApiProperty({ example: 'Law Enforcement' })
  programName!: string;
  @ApiProperty({ example: '1.2.9' })
  number!: string;
}

export class CrosswalkPairDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ type: CrosswalkSideDto, description: 'With ?program, the side of that program; otherwise the side whose program comes first by name' })
  from!: CrosswalkSideDto;
  @ApiProperty({ type: CrosswalkSideDto, description: 'The standard of the other program (a pair means the same both ways)' })
  to!: CrosswalkSideDto;
  @ApiProperty()
  createdAt!: string;
  @ApiPropertyOptional({ nullable: true, description: 'Who imported it (null when that account is gone)' })
  createdByEmail!: string | null;
}

export class CrosswalkImportResultDto {
  @ApiProperty({ example: 'Read 212 rows: 210 pairs, 12 added, 198 already present; 2 rows repeated another (either way round).' })
  message!: string;
  @ApiProperty({ description: 'Data rows read (blank rows left out)' })
  rows!: number;
  @ApiProperty({ description: 'Distinct pairs in the file (a pair and its reverse are one)' })
  pairs!: number;
  @ApiProperty({ description: 'Rows that repeat an earlier row of the file, either way round (counted once)' })
  duplicateRows!: number;
  @ApiProperty({ description: 'Pairs stored by this import' })
  added!: number;
  @ApiProperty({ description: 'Pairs that were stored already (an import of the same file again adds nothing)' })
  alreadyPresent!: number;
}
