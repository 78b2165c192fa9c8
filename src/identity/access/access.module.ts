import { Module } from '@nestjs/common';
import { DepartmentAccessService } from './department-access.service';

/** Department scoping, shared by every feature module (no dependencies of its own but the clock). */
@Module({
  providers: [DepartmentAccessService],
  exports: [DepartmentAccessService],
})
export class AccessModule {}
