import { ComplianceModule } from '../compliance/compliance.module';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { AccessModule } from '../identity/access/access.module';
import { ProofsModule } from '../proofs/proofs.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { BinderService } from './binder.service';
import { GeneratedReportsRepository } from './generated-reports.repository';
import { ReportDataRepository } from './report-data.repository';
import { ReportDataService } from './report-data.service';
import { ReportFiles } from './report-files';
import { ReportRenderer } from './report-renderer.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Generated PDF reports (readiness, file review, footprint) and the proof binder. */
@Module({
  imports: [AccessModule, AuditModule, ComplianceModule, DeadlinesModule, ReadinessModule, ProofsModule, AssessmentsModule],
  controllers: [ReportsController],
  providers: [GeneratedReportsRepository, ReportDataRepository, ReportDataService, ReportRenderer, ReportFiles, ReportsService, BinderService],
  exports: [ReportDataService, ReportRenderer, ReportsService],
})
export class ReportsModule {}
