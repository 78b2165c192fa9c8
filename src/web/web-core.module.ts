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
import { PageRenderer } from './page-renderer.service';
import { WebExceptionFilter } from './web-exception.filter';

const DOMAIN_MODULES = [AuditModule, IdentityModule, DepartmentsModule, StandardsModule, FilesModule, ProofsModule, DeadlinesModule, ReadinessModule, ReportsModule];

/** What every page module needs: the renderer, the HTML error filter and the domain services. */
@Module({
  imports: DOMAIN_MODULES,
  providers: [PageRenderer, WebExceptionFilter],
  exports: [PageRenderer, WebExceptionFilter, ...DOMAIN_MODULES],
})
export class WebCoreModule {}
