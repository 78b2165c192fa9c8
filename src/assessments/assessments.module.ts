import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { AccessModule } from '../identity/access/access.module';
import { IdentityModule } from '../identity/identity.module';
import { ProofsModule } from '../proofs/proofs.module';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';

/** Assessments and findings (issue 16): review rounds, per-standard statuses, findings and their answers. */
@Module({
  imports: [AccessModule, AuditModule, IdentityModule, ProofsModule, ComplianceModule, DepartmentsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentsRepository],
  exports: [AssessmentsService],
})
export class AssessmentsModule {}
