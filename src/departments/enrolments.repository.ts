import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CALEA_CYCLE_YEARS } from '../kernel/program-values';
import { Department } from './entities/department.entity';
import { Enrolment } from './entities/enrolment.entity';

/** An enrolment's manual as the API shows it, with the newest later published version of the same program and edition (drafts are not offered). */
export interface ManualInfoRow {
  enrolment_id: string;
  id: string;
  name: string;
  version: string;
  effective_date: string;
  newer_id: string | null;
  newer_version: string | null;
  first_newer_date: string | null;
}

/** An enrolment with its program's name and shape, as the departments' views show it. */
export interface EnrolmentRow {
  enrolment: Enrolment;
  programName: string | null;
  sampleProgram: boolean;
  /** False for a program whose standards do not vary by tier (its enrolments' tier means nothing). */
  programHasTiers: boolean;
  /** The program's cycle length in years; CALEA's before a program is decided. */
  programCycleYears: number;
}

/** The SQL of the enrolment table (owned by the departments module). */
@Injectable()
export class EnrolmentsRepository {
  /** The enrolments of these departments: the primary one first, then by program name. */
  async ofDepartments(manager: EntityManager, departmentIds: string[]): Promise<EnrolmentRow[]> {
    if (departmentIds.length === 0) return [];
    const { entities, raw } = await manager
      .getRepository(Enrolment)
      .createQueryBuilder('e')
      .leftJoin('e.program', 'p')
      .addSelect('p.name', 'program_name')
      .addSelect('coalesce(p.sample, false)', 'program_sample')
      .addSelect('coalesce(p.has_tiers, true)', 'program_has_tiers')
      .addSelect(`coalesce(p.cycle_years, ${CALEA_CYCLE_YEARS})`, 'program_cycle_years')
      .where('e.departmentId = ANY(:departmentIds)', { departmentIds })
      .orderBy('e.departmentId')
      .addOrderBy('e.primary', 'DESC')
      .addOrderBy('p.name')
      .getRawAndEntities<{ e_id: string; program_name: string | null; program_sample: boolean; program_has_tiers: boolean; program_cycle_years: number }>();
    const byId = new Map(raw.map((r) => [r.e_id, r]));
    return entities.map((enrolment) => ({
      enrolment,
      programName: byId.get(enrolment.id)?.program_name ?? null,
      sampleProgram: byId.get(enrolment.id)?.program_sample ?? false,
      programHasTiers: byId.get(enrolment.id)?.program_has_tiers ?? true,
      programCycleYears: byId.get(enrolment.id)?.program_cycle_years ?? CALEA_CYCLE_YEARS,
    }));
  }

  /** The enrolment's department, optionally locked (enrolling and changing an enrolment lock it first). */
  async department(manager: EntityManager, id: string, lock = false): Promise<Department | null> {
    const query = manager.getRepository(Department).createQueryBuilder('d').where('d.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** One enrolment, optionally locked for the caller's transaction. */
  async find(manager: EntityManager, id: string, lock = false): Promise<Enrolment | null> {
    const query = manager.getRepository(Enrolment).createQueryBuilder('e').where('e.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** The department's primary enrolment, optionally locked. */
  async primaryOf(manager: EntityManager, departmentId: string, lock = false): Promise<Enrolment | null> {
    const query = manager.getRepository(Enrolment).createQueryBuilder('e').where('e.departmentId = :departmentId AND e.primary', { departmentId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  /** The department's enrolment in a program, optionally locked. */
  async inProgram(manager: EntityManager, departmentId: string, programId: string, lock = false): Promise<Enrolment | null> {
    const query = manager.getRepository(Enrolment).createQueryBuilder('e').where('e.departmentId = :departmentId AND e.programId = :programId', { departmentId, programId });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  async save(manager: EntityManager, enrolment: Partial<Enrolment>): Promise<Enrolment> {
    return manager.getRepository(Enrolment).save(enrolment);
  }

  async findManualInfo(manager: EntityManager, enrolmentIds: string[]): Promise<ManualInfoRow[]> {
    if (enrolmentIds.length === 0) return [];
    return manager.query(
      `SELECT e.id AS enrolment_id, m.id, m.name, m.version, to_char(m.effective_date, 'YYYY-MM-DD') AS effective_date,
              newest.id AS newer_id, newest.version AS newer_version, to_char(first_newer.effective_date, 'YYYY-MM-DD') AS first_newer_date
         FROM enrolment e JOIN manual m ON m.id = e.manual_id
         LEFT JOIN LATERAL (SELECT x.id, x.version FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL
                             ORDER BY x.effective_date DESC, x.version DESC LIMIT 1) newest ON true
         LEFT JOIN LATERAL (SELECT min(x.effective_date) AS effective_date FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL) first_newer ON true
        WHERE e.id = ANY($1)`,
      [enrolmentIds],
    );
  }
}
