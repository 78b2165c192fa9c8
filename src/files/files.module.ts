import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../identity/access/access.module';
import { StandardsModule } from '../standards/standards.module';
import { FileWorkController } from './file-work.controller';
import { FileWorkRepository } from './file-work.repository';
import { FileWorkService } from './file-work.service';
import { StandardFilesController } from './standard-files.controller';
import { StandardFilesRepository } from './standard-files.repository';
import { StandardFilesService } from './standard-files.service';

@Module({
  imports: [AccessModule, AuditModule, StandardsModule],
  controllers: [StandardFilesController, FileWorkController],
  providers: [StandardFilesService, StandardFilesRepository, FileWorkService, FileWorkRepository],
  exports: [StandardFilesService, FileWorkService],
})
export class FilesModule {}
