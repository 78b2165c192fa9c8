import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { StandardsModule } from '../standards/standards.module';
import { DepartmentScopeHooks } from './department-scope-hooks';
import { DepartmentsController } from './departments.controller';
import { DepartmentsRepository } from './departments.repository';
import { DepartmentsService } from './departments.service';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsRepository } from './enrolments.repository';
import { EnrolmentsService } from './enrolments.service';

@Module({
  imports: [IdentityModule, AuditModule, StandardsModule],
  controllers: [DepartmentsController, EnrolmentsController],
  providers: [DepartmentsService, DepartmentsRepository, DepartmentScopeHooks, EnrolmentsService, EnrolmentsRepository],
  exports: [DepartmentsService, DepartmentScopeHooks, EnrolmentsService],
})
export class DepartmentsModule {}
