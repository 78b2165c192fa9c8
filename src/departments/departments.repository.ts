import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The departments module's SQL. */
@Injectable()
export class DepartmentsRepository {
  /** Whether a department already has this name, ignoring case and surrounding spaces. */
  async isNameTaken(manager: EntityManager, name: string): Promise<boolean> {
    const taken: unknown[] = await manager.query('SELECT 1 FROM department WHERE lower(name) = lower($1)', [name.trim()]);
    return taken.length > 0;
  }
}
