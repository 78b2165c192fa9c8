import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DepartmentsModule } from '../departments/departments.module';
import { FilesModule } from '../files/files.module';
import { IdentityModule } from '../identity/identity.module';
import { ProofsModule } from '../proofs/proofs.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { ReportsModule } from '../reports/reports.module';
import { StandardsModule } from '../standards/standards.module';
import { DashboardPageController } from './dashboard/dashboard-page.controller';
import { DashboardPageService } from './dashboard/dashboard-page.service';
import { PageRenderer } from './page-renderer.service';
import { SessionPagesController } from './session-pages.controller';
import { WebExceptionFilter } from './web-exception.filter';

/** The pages people use: server-rendered HTML over the same services as the API. */
@Module({
  imports: [AuditModule, IdentityModule, DepartmentsModule, StandardsModule, FilesModule, ProofsModule, DeadlinesModule, ReadinessModule, ReportsModule],
  controllers: [SessionPagesController, DashboardPageController],
  providers: [PageRenderer, WebExceptionFilter, DashboardPageService],
})
export class WebModule {}
