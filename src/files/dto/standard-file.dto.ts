import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { FREQUENCIES, Frequency } from '../../kernel/standard-types';
import { APPLICABILITIES, Applicability, ComplianceResult, RESULTS, WORKFLOW_STATUSES, WorkflowStatus } from '../entities/standard-file.entity';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class AssignManualDto {
  @ApiProperty({ format: 'uuid', description: 'The manual version the department adopts' })
  @IsUUID()
  manualId!: string;
}

export class ManualAssignmentDto {
  @ApiProperty({ enum: ['assigned', 'adopted', 'unchanged'] })
  outcome!: 'assigned' | 'adopted' | 'unchanged';
  @ApiProperty({ format: 'uuid' })
  manualId!: string;
  @ApiProperty({ format: 'uuid', description: "The department's enrolment in the manual's program, whose files follow it now" })
  enrolmentId!: string;
  @ApiProperty({ description: 'Files created for standards new to the department' })
  created!: number;
  @ApiProperty({ description: 'Files carried to the new version with their work' })
  carried!: number;
  @ApiProperty({ type: [String], description: 'Standards whose files are flagged for review because the version changed them' })
  flagged!: string[];
  @ApiProperty({ type: [String], description: 'Standards the new version removed: their files are kept, out of scope' })
  retired!: string[];
  @ApiProperty({ description: 'Files in the department\'s scope now' })
  inScope!: number;
}

export class FileListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only the files of this enrolment (program); all the department's files by default" })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;

  @ApiPropertyOptional({ example: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999)
  chapter?: number;

  @ApiPropertyOptional({ enum: ['M', 'O'] })
  @IsOptional()
  @IsIn(['M', 'O'])
  level?: 'M' | 'O';

  @ApiPropertyOptional({ enum: WORKFLOW_STATUSES })
  @IsOptional()
  @IsIn(WORKFLOW_STATUSES)
  status?: WorkflowStatus;

  @ApiPropertyOptional({ enum: RESULTS })
  @IsOptional()
  @IsIn(RESULTS)
  result?: ComplianceResult;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assigneeUserId?: string;

  @ApiPropertyOptional({ description: 'Files flagged by a manual version change' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  needsReview?: boolean;

  @ApiPropertyOptional({ default: true, description: 'false lists the files kept out of scope (other tier, removed standards)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  inScope?: boolean;
}

export class StandardFileDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  standardId!: string;
  @ApiProperty({ example: '1.2.9' })
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty()
  chapter!: number;
  @ApiProperty({ enum: ['M', 'O'], description: 'Mandatory or other-than-mandatory for the department\'s size class' })
  level!: 'M' | 'O';
  @ApiProperty()
  tier1!: boolean;
  @ApiPropertyOptional({ enum: FREQUENCIES, nullable: true })
  frequency!: Frequency | null;
  @ApiProperty()
  inScope!: boolean;
  @ApiProperty({ enum: APPLICABILITIES })
  applicability!: Applicability;
  @ApiProperty({ enum: RESULTS })
  result!: ComplianceResult;
  @ApiProperty({ enum: WORKFLOW_STATUSES })
  status!: WorkflowStatus;
  @ApiPropertyOptional({ nullable: true, type: String })
  assigneeUserId!: string | null;
  @ApiProperty()
  needsReview!: boolean;
  @ApiProperty({ type: [String] })
  reviewReasons!: string[];
  @ApiProperty()
  version!: number;
  @ApiProperty()
  updatedAt!: string;
}

export class StandardFilePageDto {
  @ApiProperty({ type: [StandardFileDto] })
  items!: StandardFileDto[];
  @ApiProperty()
  total!: number;
  @ApiProperty()
  limit!: number;
  @ApiProperty()
  offset!: number;
}

/** A file of the same department, in another program, whose standard the crosswalk maps to this file's. */
export class MappedFileDto {
  @ApiProperty({ format: 'uuid' })
  fileId!: string;
  @ApiProperty({ format: 'uuid' })
  enrolmentId!: string;
  @ApiProperty()
  programName!: string;
  @ApiProperty({ example: '1.1.1' })
  number!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ enum: RESULTS })
  result!: ComplianceResult;
  @ApiProperty({ enum: WORKFLOW_STATUSES })
  status!: WorkflowStatus;
  @ApiProperty({ description: 'False when the enrolment\'s tier leaves the standard out' })
  inScope!: boolean;
}
