import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_PROGRAM_SHAPE } from '../kernel/program-values';
import { Program } from './entities/program.entity';

export interface ProgramRow extends Program {
  manualCount: number;
  /** Live filings exist in the files of its enrolments (see liveFilings). */
  hasFilings: boolean;
}

/** The programs' SQL. */
@Injectable()
export class ProgramsRepository {
  /** Every program (or the one with this id), by name, with how many manual versions it has. */
  async list(manager: EntityManager, id?: string): Promise<ProgramRow[]> {
    const rows: ProgramRow[] = await manager.query(
      `SELECT p.id, p.name, p.cycle_years AS "cycleYears", p.has_tiers AS "hasTiers", p.has_size_classes AS "hasSizeClasses",
              p.milestones, p.sample, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt",
              (SELECT count(*) FROM manual m WHERE m.program_id = p.id)::int AS "manualCount",
              EXISTS (SELECT 1 FROM enrolment e
                        JOIN standard_file f ON f.enrolment_id = e.id
                        JOIN proof_link l ON l.standard_file_id = f.id AND l.withdrawn_at IS NULL
                       WHERE e.program_id = p.id) AS "hasFilings"
         FROM program p
        WHERE $1::uuid IS NULL OR p.id = $1
        ORDER BY p.name`,
      [id ?? null],
    );
    return rows;
  }

  /** Live filings (proof links not withdrawn) in the files of the program's enrolments: each was placed in a cycle of the program's length. */
  async liveFilings(manager: EntityManager, id: string): Promise<number> {
    const [row]: { filings: number }[] = await manager.query(
      `SELECT count(*)::int AS filings
         FROM proof_link l
         JOIN standard_file f ON f.id = l.standard_file_id
         JOIN enrolment e ON e.id = f.enrolment_id
        WHERE e.program_id = $1 AND l.withdrawn_at IS NULL`,
      [id],
    );
    return row.filings;
  }

  save(manager: EntityManager, program: Program): Promise<Program> {
    return manager.getRepository(Program).save(program);
  }

  findLocked(manager: EntityManager, id: string): Promise<Program | null> {
    return manager.getRepository(Program).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The program of this name, made with CALEA's shape when there is none yet (an import naming a
   * new program); `created` says which. Safe against a concurrent import of the same name.
   */
  async findOrCreateByName(manager: EntityManager, name: string): Promise<{ program: Program; created: boolean }> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO program (name, cycle_years, has_tiers, has_size_classes, milestones, version) VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [name, DEFAULT_PROGRAM_SHAPE.cycleYears, DEFAULT_PROGRAM_SHAPE.hasTiers, DEFAULT_PROGRAM_SHAPE.hasSizeClasses, DEFAULT_PROGRAM_SHAPE.milestones],
    );
    const program = await manager.getRepository(Program).findOneByOrFail({ name });
    return { program, created: inserted.length > 0 };
  }
}
