import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const collapsed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value);
/** Multipart fields are text: "true" and "false" become booleans, anything else stays and fails validation. */
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** The form fields sent with the file. */
export class ImportManualDto {
  @ApiProperty({ example: 'Law Enforcement', description: 'CALEA accreditation program' })
  @Transform(collapsed)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  program!: string;

  @ApiProperty({ example: '6th' })
  @Transform(collapsed)
  @IsString()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z .-]{0,19}$/, { message: 'edition must be like 6th (letters, digits, spaces, dots or dashes; at most 20)' })
  edition!: string;

  @ApiProperty({ example: '6.15' })
  @Transform(collapsed)
  @IsString()
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/, { message: 'version must be like 6.15 (letters, digits, dots or dashes; at most 20)' })
  version!: string;

  @ApiProperty({ example: '2022-03-01', format: 'date', description: 'When this version takes effect' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'effectiveDate must be a real calendar date' })
  effectiveDate!: string;

  @ApiPropertyOptional({
    example: 'Law Enforcement Standards Manual, 6th edition, version 6.15',
    description: 'Defaults to "<program> Standards Manual, <edition> edition, version <version>"',
  })
  @IsOptional()
  @Transform(collapsed)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Replace a version already imported with different content (refused once a department uses it)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  replace?: boolean;
}

/** The multipart body as documented; validation runs on ImportManualDto (the file is not a form field). */
export class ImportManualFormDto extends ImportManualDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The manual as CSV (see the import template) or JSON, UTF-8, at most 5 MB' })
  file!: unknown;
}

export const MANUAL_STATUSES = ['draft', 'published'] as const;
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export class ManualSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'Law Enforcement' })
  program!: string;
  @ApiProperty({ format: 'uuid', description: 'The program (GET /api/programs/{id}): cycle length, milestones' })
  programId!: string;
  @ApiProperty({ example: '6th' })
  edition!: string;
  @ApiProperty({ example: '6.15' })
  version!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ format: 'date' })
  effectiveDate!: string;
  @ApiProperty({ description: 'SHA-256 of the imported standards' })
  contentSha256!: string;
  @ApiProperty()
  importedAt!: string;
  @ApiProperty({
    enum: MANUAL_STATUSES,
    description: 'draft: imported, seen by administrators, affecting no department until published; published: offered to departments',
  })
  status!: ManualStatus;
  @ApiPropertyOptional({ nullable: true, description: 'When an administrator published it; null for a draft' })
  publishedAt!: string | null;
  @ApiProperty({ description: 'Whether it may be deleted: a draft, or a published version no department has ever used' })
  deletable!: boolean;
  @ApiProperty()
  chapterCount!: number;
  @ApiProperty()
  sectionCount!: number;
  @ApiProperty()
  standardCount!: number;
  @ApiProperty({ description: 'Standards marked LE1' })
  tier1Count!: number;
}

export class ManualSectionDto {
  @ApiProperty({ example: '1.2' })
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  standardCount!: number;
}

export class ManualChapterDto {
  @ApiProperty({ example: 1 })
  number!: number;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  standardCount!: number;
  @ApiProperty({ type: [ManualSectionDto] })
  sections!: ManualSectionDto[];
}

export class ManualDetailDto extends ManualSummaryDto {
  @ApiProperty({ type: [ManualChapterDto], description: 'In natural order' })
  chapters!: ManualChapterDto[];
}

export const IMPORT_OUTCOMES = ['created', 'replaced', 'unchanged'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

export class ManualImportResultDto {
  @ApiProperty({
    enum: IMPORT_OUTCOMES,
    description: 'created (201) or replaced (200), both as a draft; or unchanged (200: the same content was already imported)',
  })
  outcome!: ImportOutcome;
  @ApiProperty({ example: 'Imported 461 standards in 43 chapters as a draft: publish it to offer it to departments.' })
  message!: string;
  @ApiProperty({ enum: ['csv', 'json'] })
  format!: 'csv' | 'json';
  @ApiProperty({ type: ManualSummaryDto })
  manual!: ManualSummaryDto;
}

/** One entry of the `errors` list of a 422 manual-import-invalid problem. */
export class ImportProblemDto {
  @ApiProperty({ description: 'CSV: spreadsheet row (header = 1); JSON: position in the list, from 1; 0: the whole file' })
  row!: number;
  @ApiProperty({ example: 'levels', description: 'Column (CSV) or key (JSON); empty for the whole file or row' })
  column!: string;
  @ApiProperty({ example: 'M M X M', description: 'The offending value, shortened to 200 characters' })
  value!: string;
  @ApiProperty({ example: '"X" is not a level code; the level must be four letters …' })
  reason!: string;
  @ApiProperty({ example: 'row 7, levels', description: '"file", "row N" or "row N, column", as in other validation errors' })
  field!: string;
  @ApiProperty({ description: 'Same as reason' })
  message!: string;
}

export class ManualImportProblemDto {
  @ApiProperty({ example: 'urn:calea-tracker:problem:manual-import-invalid' })
  type!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ example: 422 })
  status!: number;
  @ApiProperty()
  detail!: string;
  @ApiProperty()
  instance!: string;
  @ApiProperty()
  errorCount!: number;
  @ApiProperty({ type: [ImportProblemDto], description: 'Every problem of the file, in row order' })
  errors!: ImportProblemDto[];
}
