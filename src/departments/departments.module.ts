import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { DepartmentScopeHooks } from './department-scope-hooks';
import { DepartmentsController } from './departments.controller';
import { DepartmentsRepository } from './departments.repository';
import { DepartmentsService } from './departments.service';

@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [DepartmentsController],
  providers: [DepartmentsService, DepartmentsRepository, DepartmentScopeHooks],
  exports: [DepartmentsService, DepartmentScopeHooks],
})
export class DepartmentsModule {}
