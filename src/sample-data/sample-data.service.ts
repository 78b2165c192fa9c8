import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { dayOf } from '../kernel/calendar';
import { StandardFilesService } from '../files/standard-files.service';
import { PasswordService } from '../identity/password.service';
import { ManualsService, TEMPLATES_DIR } from '../standards/manuals.service';
import { DEMO_ASSESSOR, DEMO_PASSWORD, DEMO_USERS, FOOTPRINT_DEPARTMENTS, SAMPLE_MANUAL, SAMPLE_STATE_PROGRAM } from './footprint';
import { EnrolmentsService } from '../departments/enrolments.service';
import { ProgramsService } from '../standards/programs.service';
import { SampleDataRepository } from './sample-data.repository';
import { addSampleWork, SampleWorkSummary } from './sample-work';
import { ComplianceService } from '../compliance/compliance.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PROOF_STORAGE, ProofStorage } from '../proofs/storage/proof-storage';

const MARKER = 'sample-data:v1';

@Injectable()
export class SampleDataService {
  private readonly logger = new Logger('SampleData');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SampleDataRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly manuals: ManualsService,
    private readonly files: StandardFilesService,
    private readonly compliance: ComplianceService,
    @Inject(PROOF_STORAGE) private readonly storage: ProofStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly enrolments: EnrolmentsService,
    private readonly programs: ProgramsService,
  ) {}

  /** Loads the footprint sample once per database; returns whether it ran. */
  async loadOnce(): Promise<boolean> {
    const hash = await this.passwords.hash(DEMO_PASSWORD);
    const manualFile = await readFile(join(TEMPLATES_DIR, SAMPLE_MANUAL.file));
    const loaded = await this.dataSource.transaction(async (manager) => {
      await this.repository.lockSeeding(manager);
      if (await this.repository.isSeeded(manager, MARKER)) return false;
      const departmentIds = await this.insertDepartments(manager);
      await this.insertDemoUsers(manager, departmentIds, hash);
      const { file, ...manual } = SAMPLE_MANUAL;
      const imported = await this.manuals.importWithin(manager, SYSTEM_AUDIT_CONTEXT, { ...manual, file: manualFile, fileName: file });
      await this.manuals.publishWithin(manager, SYSTEM_AUDIT_CONTEXT, imported.manual.id);
      for (const departmentId of departmentIds.values()) {
        await this.files.assignWithin(manager, SYSTEM_AUDIT_CONTEXT, departmentId, imported.manual.id);
      }
      await this.enrolInStateProgram(manager, departmentIds, imported.manual.programId);
      const work = await this.addWork(manager, departmentIds);
      await this.repository.markSeeded(manager, MARKER);
      await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, {
        action: 'sample-data.loaded',
        entityType: 'installation',
        after: {
          departments: FOOTPRINT_DEPARTMENTS.map((d) => d.name),
          manual: SAMPLE_MANUAL.name,
          stateProgram: {
            program: SAMPLE_STATE_PROGRAM.name,
            departments: SAMPLE_STATE_PROGRAM.enrolments.map((e) => e.department),
            crosswalkPairs: SAMPLE_STATE_PROGRAM.crosswalk.length,
          },
          demoUsers: [...DEMO_USERS.map((u) => u.email), DEMO_ASSESSOR.email],
          sampleWork: { departments: work.departments, files: work.files, proofs: work.proofs },
        },
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

  /**
   * File work for the programs a department holds an award in (years of a cycle behind them):
   * results, directives and proofs whose bytes are stored like an upload's. CALEA files of the
   * department working toward accreditation are left untouched, for a newcomer to try the work
   * themselves (its state program's files have their work).
   */
  private async addWork(manager: EntityManager, departmentIds: Map<string, string>): Promise<SampleWorkSummary & { departments: string[] }> {
    const ids = [...departmentIds.values()];
    const reviewerId = await this.repository.findUserIdByEmail(manager, DEMO_USERS[1].email);
    if (ids.length === 0 || !reviewerId) return { departments: [], files: 0, proofs: 0 };
    const today = dayOf(this.clock.now());
    const awarded = (await this.compliance.cyclesOf(manager, { allOf: ids }, today)).filter((c) => c.cycle.basis === 'award');
    const summary = await addSampleWork(manager, awarded, reviewerId, today, {
      repository: this.repository,
      store: (bytes) => this.storage.put(Readable.from([bytes]), { maxBytes: this.config.uploadMaxBytes }),
    });
    return { ...summary, departments: [...new Set(awarded.map((c) => c.department.name))] };
  }

  /** The synthetic state program: its manual, imported and published, and the departments enrolled in it with their files. */
  private async enrolInStateProgram(manager: EntityManager, departmentIds: Map<string, string>, caleaProgramId: string): Promise<void> {
    const { file, ...manual } = SAMPLE_STATE_PROGRAM.manual;
    const imported = await this.manuals.importWithin(manager, SYSTEM_AUDIT_CONTEXT, { ...manual, file: await readFile(join(TEMPLATES_DIR, file)), fileName: file });
    await this.manuals.publishWithin(manager, SYSTEM_AUDIT_CONTEXT, imported.manual.id);
    const program = await this.programs.shapeWithin(manager, SYSTEM_AUDIT_CONTEXT, imported.manual.programId, { ...SAMPLE_STATE_PROGRAM.shape, milestones: [...SAMPLE_STATE_PROGRAM.shape.milestones] });
    await this.repository.insertCrosswalk(manager, program.id, caleaProgramId, SAMPLE_STATE_PROGRAM.crosswalk);
    for (const { department, ...fields } of SAMPLE_STATE_PROGRAM.enrolments) {
      const departmentId = departmentIds.get(department);
      if (!departmentId) continue;
      await this.enrolments.enrolWithin(manager, SYSTEM_AUDIT_CONTEXT, departmentId, program, fields);
      await this.files.assignWithin(manager, SYSTEM_AUDIT_CONTEXT, departmentId, imported.manual.id);
    }
  }

  private async insertDepartments(manager: EntityManager): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const department of FOOTPRINT_DEPARTMENTS) ids.set(department.name, await this.repository.upsertDepartment(manager, department));
    return ids;
  }

  private async insertDemoUsers(manager: EntityManager, departmentIds: Map<string, string>, hash: string): Promise<void> {
    for (const demo of DEMO_USERS) {
      const userId = await this.repository.insertUserIfAbsent(manager, demo.email, demo.displayName, hash, demo.isAdmin);
      if (!userId) continue;
      for (const { department, role } of demo.roles) {
        await this.repository.insertMembership(manager, userId, departmentIds.get(department), role);
      }
    }
    const assessorId = await this.repository.insertUserIfAbsent(manager, DEMO_ASSESSOR.email, DEMO_ASSESSOR.displayName, hash, false);
    if (!assessorId) return;
    const today = this.clock.now();
    await this.repository.insertAssessorGrant(
      manager,
      assessorId,
      dayOf(today),
      dayOf(new Date(today.getTime() + DEMO_ASSESSOR.days * 86_400_000)),
      DEMO_ASSESSOR.departments.map((department) => departmentIds.get(department)),
    );
  }
}
