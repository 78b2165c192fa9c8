import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { dayOf } from '../kernel/calendar';
import { StandardFilesService } from '../files/standard-files.service';
import { PasswordService } from '../identity/password.service';
import { ManualsService, TEMPLATES_DIR } from '../standards/manuals.service';
import { DEMO_ASSESSOR, DEMO_PASSWORD, DEMO_USERS, FOOTPRINT_DEPARTMENTS, SAMPLE_MANUAL } from './footprint';

const MARKER = 'sample-data:v1';

@Injectable()
export class SampleDataService {
  private readonly logger = new Logger('SampleData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly manuals: ManualsService,
    private readonly files: StandardFilesService,
    private readonly clock: Clock,
  ) {}

  /** Loads the footprint sample once per database; returns whether it ran. */
  async loadOnce(): Promise<boolean> {
    const hash = await this.passwords.hash(DEMO_PASSWORD);
    const manualFile = await readFile(join(TEMPLATES_DIR, SAMPLE_MANUAL.file));
    const loaded = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('calea:sample-data'))`);
      const done: unknown[] = await manager.query('SELECT 1 FROM seed_marker WHERE key = $1', [MARKER]);
      if (done.length > 0) return false;
      const departmentIds = await this.insertDepartments(manager);
      await this.insertDemoUsers(manager, departmentIds, hash);
      const { file, ...manual } = SAMPLE_MANUAL;
      const imported = await this.manuals.importWithin(manager, SYSTEM_AUDIT_CONTEXT, { ...manual, file: manualFile, fileName: file });
      for (const departmentId of departmentIds.values()) {
        await this.files.assignWithin(manager, SYSTEM_AUDIT_CONTEXT, departmentId, imported.manual.id);
      }
      await manager.query('INSERT INTO seed_marker (key) VALUES ($1)', [MARKER]);
      await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, {
        action: 'sample-data.loaded',
        entityType: 'installation',
        after: { departments: FOOTPRINT_DEPARTMENTS.map((d) => d.name), manual: SAMPLE_MANUAL.name, demoUsers: [...DEMO_USERS.map((u) => u.email), DEMO_ASSESSOR.email] },
      });
      return true;
    });
    if (loaded) {
      this.logger.log(
        `Loaded the 24:1 footprint sample data; demo users (${[...DEMO_USERS.map((u) => u.email), DEMO_ASSESSOR.email].join(', ')}) sign in with the password in the README`,
      );
    }
    return loaded;
  }

  private async insertDepartments(manager: EntityManager): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const department of FOOTPRINT_DEPARTMENTS) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO department (name, short_name, program_tier, accreditation_status, award_date, sworn_officers, municipalities, population_served, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [
          department.name,
          department.shortName,
          department.programTier,
          department.accreditationStatus,
          department.awardDate,
          department.swornOfficers,
          department.municipalities,
          department.populationServed,
        ],
      );
      ids.set(department.name, rows[0].id);
    }
    return ids;
  }

  private async insertDemoUsers(manager: EntityManager, departmentIds: Map<string, string>, hash: string): Promise<void> {
    const insertUser = async (email: string, displayName: string, isAdmin: boolean): Promise<string | null> => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO app_user (email, display_name, password_hash, is_admin) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, displayName, hash, isAdmin],
      );
      return rows[0]?.id ?? null;
    };
    for (const demo of DEMO_USERS) {
      const userId = await insertUser(demo.email, demo.displayName, demo.isAdmin);
      if (!userId) continue;
      for (const { department, role } of demo.roles) {
        await manager.query('INSERT INTO membership (user_id, department_id, role) VALUES ($1, $2, $3)', [userId, departmentIds.get(department), role]);
      }
    }
    const assessorId = await insertUser(DEMO_ASSESSOR.email, DEMO_ASSESSOR.displayName, false);
    if (!assessorId) return;
    const today = this.clock.now();
    const [grant]: { id: string }[] = await manager.query(
      'INSERT INTO assessor_grant (user_id, starts_on, ends_on) VALUES ($1, $2, $3) RETURNING id',
      [assessorId, dayOf(today), dayOf(new Date(today.getTime() + DEMO_ASSESSOR.days * 86_400_000))],
    );
    for (const department of DEMO_ASSESSOR.departments) {
      await manager.query('INSERT INTO assessor_grant_department (grant_id, department_id) VALUES ($1, $2)', [grant.id, departmentIds.get(department)]);
    }
  }
}
