import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { GENERATED_REPORT_KINDS, GeneratedReportKind } from '../entities/generated-report.entity';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const DEPARTMENT_REPORT_KINDS = ['readiness', 'file-review'] as const;
export type DepartmentReportKind = (typeof DEPARTMENT_REPORT_KINDS)[number];

export class CreateDepartmentReportDto {
  @ApiProperty({ enum: DEPARTMENT_REPORT_KINDS, description: "readiness: the chief's readiness report; file-review: the assessor's file review" })
  @IsIn(DEPARTMENT_REPORT_KINDS, { message: `kind must be one of: ${DEPARTMENT_REPORT_KINDS.join(', ')}` })
  kind!: DepartmentReportKind;

  @ApiPropertyOptional({ format: 'uuid', description: "The enrolment (program) reported on; the department's primary enrolment by default" })
  @IsOptional()
  @IsUUID('all', { message: 'enrolmentId must be a UUID' })
  enrolmentId?: string;
}

export class CreateFootprintReportDto {
  @ApiPropertyOptional({ maxLength: 120, example: '24:1 footprint, North St. Louis County', description: 'Default REPORT_FOOTPRINT_TITLE' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(120)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;
}

/** The kinds a department's report list filters by: those of the department, and its assessments' reports. */
export const LISTED_REPORT_KINDS = [...DEPARTMENT_REPORT_KINDS, 'assessment'] as const;
export type ListedReportKind = (typeof LISTED_REPORT_KINDS)[number];

export class ReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LISTED_REPORT_KINDS })
  @IsOptional()
  @IsIn(LISTED_REPORT_KINDS, { message: `kind must be one of: ${LISTED_REPORT_KINDS.join(', ')}` })
  kind?: ListedReportKind;
}

export class GeneratedReportDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: GENERATED_REPORT_KINDS })
  kind!: GeneratedReportKind;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null for a footprint report' })
  departmentId!: string | null;
  @ApiProperty({ type: [String], description: 'Every department the report shows' })
  departmentIds!: string[];
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The assessment an assessment report is of; null for the other kinds' })
  assessmentId!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The enrolment (program) a department report is of' })
  enrolmentId!: string | null;
  @ApiProperty({ description: 'Hex SHA-256 of the PDF bytes (also the ETag of the download)' })
  sha256!: string;
  @ApiProperty()
  bytes!: number;
  @ApiProperty()
  pages!: number;
  @ApiProperty({ example: 'file-review.json', description: 'The template it was drawn with' })
  template!: string;
  @ApiProperty({ description: "SHA-256 of the template's text as it was read" })
  templateSha256!: string;
  @ApiProperty({ description: 'The name the download is offered under' })
  fileName!: string;
  @ApiProperty()
  generatedAt!: string;
  @ApiProperty({ format: 'uuid' })
  generatedByUserId!: string;
  @ApiProperty()
  generatedByName!: string;
  @ApiProperty()
  generatedByEmail!: string;
  @ApiProperty({ description: 'The role it was generated under' })
  generatedByRole!: string;
  @ApiProperty({ example: '/api/reports/3f0c…/content' })
  contentUrl!: string;
}

export class GeneratedReportPageDto {
  @ApiProperty({ type: [GeneratedReportDto], description: 'Newest first' })
  items!: GeneratedReportDto[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

export class BinderQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The binder of this assessment: only the cycle years it covers' })
  @IsOptional()
  @IsUUID('all', { message: 'assessmentId must be a UUID' })
  assessmentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The enrolment (program) whose files the binder holds; the assessment's, or the department's primary enrolment, by default" })
  @IsOptional()
  @IsUUID('all', { message: 'enrolmentId must be a UUID' })
  enrolmentId?: string;
}
