import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { ManualsController } from './manuals.controller';
import { ManualsRepository } from './manuals.repository';
import { ManualsService } from './manuals.service';
import { StandardsController } from './standards.controller';
import { StandardsService } from './standards.service';

/** The catalogue: manual versions, their chapters, sections and standards, import and diff. Not department data. */
@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [ManualsController, StandardsController],
  providers: [ManualsService, ManualsRepository, StandardsService],
  exports: [ManualsService, StandardsService],
})
export class StandardsModule {}
