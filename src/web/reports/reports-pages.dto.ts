import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { DEPARTMENT_REPORT_KINDS, DepartmentReportKind } from '../../reports/dto/report.dto';
import { blankToUndefined, DepartmentQueryDto } from '../form-fields';

/** /reports?department=<id> shows one department with more of its reports; ?generated=<id> marks a new one. */
export class ReportsPageQueryDto extends DepartmentQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID('all', { message: 'generated must be a report id' })
  generated?: string;
}

/** The generate form of a department report. */
export class GenerateReportFormDto {
  @IsIn(DEPARTMENT_REPORT_KINDS, { message: `kind must be one of: ${DEPARTMENT_REPORT_KINDS.join(', ')}` })
  kind!: DepartmentReportKind;

  /** Set when the form was on a one-department view, to go back to it. */
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(['department'])
  view?: 'department';
}

