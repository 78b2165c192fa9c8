import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { ManualsController } from './manuals.controller';
import { ManualsRepository } from './manuals.repository';
import { ManualsService } from './manuals.service';
import { ProgramsController } from './programs.controller';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';
import { StandardsController } from './standards.controller';
import { StandardsService } from './standards.service';

/** The catalogue: programs, their manual versions, their chapters, sections and standards, import and diff. Not department data. */
@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [ManualsController, ProgramsController, StandardsController],
  providers: [ManualsService, ManualsRepository, ProgramsService, ProgramsRepository, StandardsService],
  exports: [ManualsService, ProgramsService, StandardsService],
})
export class StandardsModule {}
