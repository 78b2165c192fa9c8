import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CrosswalkPair } from './rules/crosswalk-csv';

/** A stored pair with its programs' names and who imported it. */
export interface CrosswalkPairRow {
  id: string;
  programAId: string;
  programAName: string;
  numberA: string;
  programBId: string;
  programBName: string;
  numberB: string;
  createdAt: Date;
  createdByEmail: string | null;
}

/** A standard of another program mapped to `of`, a standard of the program asked about. */
export interface MappedStandardRow {
  of: string;
  programId: string;
  programName: string;
  number: string;
}

/** Whether a number is a standard of the program in a published manual version, or in drafts only. */
export interface ProgramNumberRow {
  programId: string;
  number: string;
  published: boolean;
}

const PAIR_COLUMNS = `x.id, x.program_a_id AS "programAId", pa.name AS "programAName", x.number_a AS "numberA",
       x.program_b_id AS "programBId", pb.name AS "programBName", x.number_b AS "numberB",
       x.created_at AS "createdAt", u.email AS "createdByEmail"
  FROM crosswalk x
  JOIN program pa ON pa.id = x.program_a_id
  JOIN program pb ON pb.id = x.program_b_id
  LEFT JOIN app_user u ON u.id = x.created_by_user_id`;

/** The crosswalks' SQL. */
@Injectable()
export class CrosswalksRepository {
  /** Every program by name (the names a file may use). */
  programs(manager: EntityManager): Promise<{ id: string; name: string }[]> {
    return manager.query('SELECT id, name FROM program ORDER BY name');
  }

  /** Of the (program, number) pairs asked about, those that are a standard of some manual version of the program, and whether one is published. */
  async programNumbers(manager: EntityManager, wanted: readonly { programId: string; number: string }[]): Promise<ProgramNumberRow[]> {
    if (wanted.length === 0) return [];
    return manager.query(
      `SELECT m.program_id AS "programId", s.number, bool_or(m.published_at IS NOT NULL) AS published
         FROM unnest($1::uuid[], $2::text[]) AS w(program_id, number)
         JOIN manual m ON m.program_id = w.program_id
         JOIN standard s ON s.manual_id = m.id AND s.number = w.number
        GROUP BY m.program_id, s.number`,
      [wanted.map((w) => w.programId), wanted.map((w) => w.number)],
    );
  }

  /** Stores the pairs not stored yet (in one statement; a concurrent import of the same pair stores it once); answers the ids of those it stored. */
  async insertMissing(manager: EntityManager, pairs: readonly CrosswalkPair[], userId: string | null): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO crosswalk (program_a_id, number_a, program_b_id, number_b, created_by_user_id)
       SELECT a, na, b, nb, $5::uuid FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS p(a, na, b, nb)
       ON CONFLICT (program_a_id, number_a, program_b_id, number_b) DO NOTHING
       RETURNING id`,
      [pairs.map((p) => p.a.programId), pairs.map((p) => p.a.number), pairs.map((p) => p.b.programId), pairs.map((p) => p.b.number), userId],
    );
    return rows.map((r) => r.id);
  }

  /** Every pair (or those with a standard of `programId` on either side, or those with these ids). */
  list(manager: EntityManager, which: { programId?: string; ids?: readonly string[] } = {}): Promise<CrosswalkPairRow[]> {
    return manager.query(
      `SELECT ${PAIR_COLUMNS}
        WHERE ($1::uuid IS NULL OR x.program_a_id = $1 OR x.program_b_id = $1)
          AND ($2::uuid[] IS NULL OR x.id = ANY($2::uuid[]))`,
      [which.programId ?? null, which.ids ?? null],
    );
  }

  /** The pair, locked until the transaction ends. */
  async findLocked(manager: EntityManager, id: string): Promise<CrosswalkPairRow | null> {
    const [row]: CrosswalkPairRow[] = await manager.query(`SELECT ${PAIR_COLUMNS} WHERE x.id = $1 FOR UPDATE OF x`, [id]);
    return row ?? null;
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query('DELETE FROM crosswalk WHERE id = $1', [id]);
  }

  /** How many pairs each two programs have, by the programs' names. */
  countsByProgramPair(manager: EntityManager): Promise<{ programAName: string; programBName: string; pairs: number }[]> {
    return manager.query(
      `SELECT pa.name AS "programAName", pb.name AS "programBName", count(*)::int AS pairs
         FROM crosswalk x
         JOIN program pa ON pa.id = x.program_a_id
         JOIN program pb ON pb.id = x.program_b_id
        GROUP BY pa.name, pb.name`,
    );
  }

  async programExists(manager: EntityManager, programId: string): Promise<boolean> {
    const [row]: { found: boolean }[] = await manager.query('SELECT EXISTS (SELECT 1 FROM program WHERE id = $1) AS found', [programId]);
    return row.found;
  }

  /** The standards of other programs mapped to each of `numbers` of `programId`, in either direction (the two indexes serve one side each). */
  mappedOf(manager: EntityManager, programId: string, numbers: readonly string[]): Promise<MappedStandardRow[]> {
    if (numbers.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT x.number_a AS "of", x.program_b_id AS "programId", p.name AS "programName", x.number_b AS number
         FROM crosswalk x JOIN program p ON p.id = x.program_b_id
        WHERE x.program_a_id = $1 AND x.number_a = ANY($2::text[])
       UNION ALL
       SELECT x.number_b, x.program_a_id, p.name, x.number_a
         FROM crosswalk x JOIN program p ON p.id = x.program_a_id
        WHERE x.program_b_id = $1 AND x.number_b = ANY($2::text[])`,
      [programId, numbers],
    );
  }
}
