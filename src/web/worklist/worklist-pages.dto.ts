import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { blankToUndefined, DepartmentQueryDto } from '../form-fields';

export const WORKLIST_STATES = ['overdue', 'due_soon', 'open'] as const;
export type WorklistState = (typeof WORKLIST_STATES)[number];

/** /worklist?state=overdue|due_soon|open&department=<id>&page=N */
export class WorklistPageQueryDto extends DepartmentQueryDto {
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(WORKLIST_STATES, { message: `state must be one of: ${WORKLIST_STATES.join(', ')}` })
  state?: WorklistState;

  @IsOptional()
  @Transform(blankToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(10_000)
  page?: number;
}
