import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Department } from './entities/department.entity';

/** Called inside the department change's transaction, with its manager and the department as changed (not yet saved). */
export type DepartmentScopeChangedHook = (manager: EntityManager, department: Department) => Promise<unknown>;

/**
 * What must follow when a department's scope (program tier or size class) changes. Departments sit
 * below files in the layering, so instead of calling the files module, it calls whatever registered
 * here: FilesModule registers the re-resolution of the department's files on module init. The hooks
 * run in the transaction of the change, so the files and the department change commit or roll back
 * together, as when the service called StandardFilesService.resolve itself.
 */
@Injectable()
export class DepartmentScopeHooks {
  private readonly hooks: DepartmentScopeChangedHook[] = [];

  onScopeChanged(hook: DepartmentScopeChangedHook): void {
    this.hooks.push(hook);
  }

  /** Runs every hook in order, in the caller's transaction. None registered is a wiring error, not a no-op. */
  async scopeChanged(manager: EntityManager, department: Department): Promise<void> {
    if (this.hooks.length === 0) {
      throw new Error('No handler registered for a department scope change: FilesModule must be loaded with DepartmentsModule.');
    }
    for (const hook of this.hooks) await hook(manager, department);
  }
}
