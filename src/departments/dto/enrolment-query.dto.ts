import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** Names the department's enrolment (program) a department-level request is about; its primary enrolment when left out. */
export class EnrolmentQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "One of the department's enrolments (GET /api/departments/{id}/enrolments); its primary enrolment by default" })
  @IsOptional()
  @IsUUID()
  enrolmentId?: string;
}
