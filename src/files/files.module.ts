import { IdentityModule } from '../identity/identity.module';
import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DepartmentScopeHooks } from '../departments/department-scope-hooks';
import { DepartmentsModule } from '../departments/departments.module';
import { AccessModule } from '../identity/access/access.module';
import { StandardsModule } from '../standards/standards.module';
import { FileWorkController } from './file-work.controller';
import { FileWorkRepository } from './file-work.repository';
import { FileWorkService } from './file-work.service';
import { StandardFilesController } from './standard-files.controller';
import { StandardFilesRepository } from './standard-files.repository';
import { StandardFilesService } from './standard-files.service';

@Module({
  imports: [AccessModule, AuditModule, IdentityModule, DepartmentsModule, StandardsModule],
  controllers: [StandardFilesController, FileWorkController],
  providers: [StandardFilesService, StandardFilesRepository, FileWorkService, FileWorkRepository],
  exports: [StandardFilesService, FileWorkService],
})
export class FilesModule implements OnModuleInit {
  constructor(
    private readonly departmentScope: DepartmentScopeHooks,
    private readonly standardFiles: StandardFilesService,
  ) {}

  /** A department's tier or size class change re-resolves its files' scope and M/O, in the change's transaction. */
  onModuleInit(): void {
    this.departmentScope.onScopeChanged((manager, department) => this.standardFiles.resolve(manager, department));
  }
}
