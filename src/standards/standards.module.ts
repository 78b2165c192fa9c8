import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { CrosswalksController } from './crosswalks.controller';
import { CrosswalksRepository } from './crosswalks.repository';
import { CrosswalksService } from './crosswalks.service';
import { ManualsController } from './manuals.controller';
import { ManualsRepository } from './manuals.repository';
import { ManualsService } from './manuals.service';
import { ProgramsController } from './programs.controller';
import { ProgramsRepository } from './programs.repository';
import { ProgramsService } from './programs.service';
import { StandardsController } from './standards.controller';
import { StandardsService } from './standards.service';

/** The catalogue: programs, their manual versions, their chapters, sections and standards, import and diff, crosswalks between programs. Not department data. */
@Module({
  imports: [IdentityModule, AuditModule],
  controllers: [ManualsController, ProgramsController, StandardsController, CrosswalksController],
  providers: [CrosswalksService, CrosswalksRepository, ManualsService, ManualsRepository, ProgramsService, ProgramsRepository, StandardsService],
  exports: [CrosswalksService, ManualsService, ProgramsService, StandardsService],
})
export class StandardsModule {}
