import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { IdentityModule } from '../identity/identity.module';
import { StandardsModule } from '../standards/standards.module';
import { FirstStartService } from './first-start.service';
import { SampleDataRepository } from './sample-data.repository';
import { SampleDataService } from './sample-data.service';

@Module({
  imports: [IdentityModule, AuditModule, StandardsModule, FilesModule],
  providers: [SampleDataService, SampleDataRepository, FirstStartService],
  exports: [SampleDataService],
})
export class SampleDataModule {}
