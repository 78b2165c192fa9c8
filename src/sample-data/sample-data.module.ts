import { Module } from '@nestjs/common';
import { DepartmentsModule } from '../departments/departments.module';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { ProofsModule } from '../proofs/proofs.module';
import { FilesModule } from '../files/files.module';
import { IdentityModule } from '../identity/identity.module';
import { StandardsModule } from '../standards/standards.module';
import { FirstStartService } from './first-start.service';
import { SampleDataRepository } from './sample-data.repository';
import { SampleDataService } from './sample-data.service';

@Module({
  imports: [IdentityModule, AuditModule, StandardsModule, DepartmentsModule, FilesModule, ComplianceModule, ProofsModule],
  providers: [SampleDataService, SampleDataRepository, FirstStartService],
  exports: [SampleDataService],
})
export class SampleDataModule {}
