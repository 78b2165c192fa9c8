import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuditModule } from './audit/audit.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { CommonModule } from './common/common.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import type { Clock } from './common/clock';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DepartmentsModule } from './departments/departments.module';
import { FilesModule } from './files/files.module';
import { IdentityModule } from './identity/identity.module';
import { ReadinessModule } from './readiness/readiness.module';
import { ProofsModule } from './proofs/proofs.module';
import { ReportsModule } from './reports/reports.module';
import { SampleDataModule } from './sample-data/sample-data.module';
import { StandardsModule } from './standards/standards.module';
import { WebModule } from './web/web.module';
import { ProblemDetailsFilter } from './common/problem/problem-details.filter';
import { InputValidationPipe } from './common/validation/input-validation.pipe';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), CommonModule.forRoot(clock), DatabaseModule, IdempotencyModule, HealthModule, AuditModule, AuditTrailModule, IdentityModule, DepartmentsModule, StandardsModule, FilesModule, SampleDataModule, ScheduleModule.forRoot(), DeadlinesModule, ReadinessModule, ProofsModule, AssessmentsModule, ReportsModule, WebModule],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useValue: new InputValidationPipe() },
      ],
    };
  }
}
