import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Bullet } from '../kernel/standard-types';
import type { FindingState } from '../kernel/assessment-values';
import { AssessmentAssessor } from './entities/assessment-assessor.entity';
import { AssessmentStatus } from './entities/assessment-status.entity';
import { Assessment } from './entities/assessment.entity';
import { FindingAnswer } from './entities/finding-answer.entity';
import { Finding } from './entities/finding.entity';

export interface AssessmentRow extends Assessment {
  departmentName: string;
  /** The program assessed (its enrolment's). */
  programName: string | null;
}

/** One standard of an assessment: an in-scope file of the department in the assessment's manual. */
export interface AssessmentStandardRow {
  standard_file_id: string;
  number: string;
  title: string;
  chapter: number;
  chapter_title: string | null;
  level: string;
  applicability: string;
  bullets: Bullet[];
}

export interface StatusRow extends AssessmentStatus {
  updatedByName: string | null;
}

export interface AssessorRow {
  assessment_id: string;
  user_id: string;
  name: string;
  email: string;
  grant_id: string;
  grant_ends_on: string;
}

export interface FindingRow extends Finding {
  assessmentName: string;
  number: string;
  title: string;
  openedByName: string | null;
}

export interface AnswerRow extends FindingAnswer {
  answeredByName: string | null;
}

export interface FindingFilter {
  departmentId?: string;
  assessmentIds?: string[];
  findingId?: string;
  states?: FindingState[];
}

/** The assessments module's SQL: assessments, their assessors, statuses, findings and answers. */
@Injectable()
export class AssessmentsRepository {
  async insertAssessment(manager: EntityManager, assessment: Omit<Assessment, 'id' | 'createdAt' | 'version'>): Promise<string> {
    const saved = await manager.getRepository(Assessment).save(manager.getRepository(Assessment).create(assessment));
    return saved.id;
  }

  async replaceAssessors(manager: EntityManager, assessmentId: string, assessors: { userId: string; grantId: string }[]): Promise<void> {
    await manager.getRepository(AssessmentAssessor).delete({ assessmentId });
    if (assessors.length > 0) await manager.getRepository(AssessmentAssessor).insert(assessors.map((a) => ({ assessmentId, ...a })));
  }

  async findAssessment(manager: EntityManager, assessmentId: string, options: { lock?: boolean } = {}): Promise<AssessmentRow | null> {
    const query = manager.getRepository(Assessment).createQueryBuilder('a').where('a.id = :assessmentId', { assessmentId });
    const assessment = await (options.lock ? query.setLock('pessimistic_write') : query).getOne();
    if (!assessment) return null;
    const [names]: { department_name: string; program_name: string | null }[] = await manager.query(
      `SELECT d.name AS department_name, p.name AS program_name FROM enrolment e JOIN department d ON d.id = e.department_id LEFT JOIN program p ON p.id = e.program_id WHERE e.id = $1`,
      [assessment.enrolmentId],
    );
    return { ...assessment, departmentName: names?.department_name ?? '', programName: names?.program_name ?? null };
  }

  /** A department's assessments, newest first; only those assigned to `assessorUserId` when given. */
  async assessmentIdsOf(manager: EntityManager, departmentId: string, assessorUserId: string | null): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT a.id FROM assessment a
        WHERE a.department_id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM assessment_assessor x WHERE x.assessment_id = a.id AND x.user_id = $2))
        ORDER BY a.created_at DESC, a.id`,
      [departmentId, assessorUserId],
    );
    return rows.map((r) => r.id);
  }

  /** Every assessment the user is assigned to, in any department. */
  async assessmentIdsOfAssessor(manager: EntityManager, userId: string): Promise<string[]> {
    const rows: { assessment_id: string }[] = await manager.query(`SELECT DISTINCT assessment_id FROM assessment_assessor WHERE user_id = $1`, [userId]);
    return rows.map((r) => r.assessment_id);
  }

  async updateAssessment(manager: EntityManager, assessmentId: string, change: Partial<Pick<Assessment, 'summary' | 'name'>>): Promise<void> {
    await manager.getRepository(Assessment).update({ id: assessmentId }, change);
    await manager.getRepository(Assessment).increment({ id: assessmentId }, 'version', 1);
  }

  async assessorsOf(manager: EntityManager, assessmentIds: string[]): Promise<AssessorRow[]> {
    if (assessmentIds.length === 0) return [];
    return manager.query(
      `SELECT x.assessment_id, x.user_id, u.display_name AS name, u.email, x.grant_id, to_char(g.ends_on, 'YYYY-MM-DD') AS grant_ends_on
         FROM assessment_assessor x JOIN app_user u ON u.id = x.user_id JOIN assessor_grant g ON g.id = x.grant_id
        WHERE x.assessment_id = ANY($1::uuid[])
        ORDER BY u.display_name, u.email`,
      [assessmentIds],
    );
  }

  /** The standards of an assessment (or one of them): the department's in-scope files in the manual, in manual order. */
  async standardsOf(manager: EntityManager, departmentId: string, manualId: string, fileId: string | null = null): Promise<AssessmentStandardRow[]> {
    return manager.query(
      `SELECT f.id AS standard_file_id, f.standard_number AS number, s.title, s.chapter, c.title AS chapter_title, f.level, f.applicability, s.bullets
         FROM standard_file f
         JOIN standard s ON s.id = f.standard_id
         LEFT JOIN manual_chapter c ON c.manual_id = s.manual_id AND c.number = s.chapter
        WHERE f.department_id = $1 AND s.manual_id = $2 AND f.in_scope AND ($3::uuid IS NULL OR f.id = $3)
        ORDER BY f.sort_key, f.id`,
      [departmentId, manualId, fileId],
    );
  }

  async statusesOf(manager: EntityManager, assessmentIds: string[]): Promise<StatusRow[]> {
    if (assessmentIds.length === 0) return [];
    const statuses = await manager
      .getRepository(AssessmentStatus)
      .createQueryBuilder('st')
      .leftJoinAndSelect('st.updatedBy', 'u')
      .where('st.assessmentId IN (:...assessmentIds)', { assessmentIds })
      .getMany();
    return statuses.map(({ updatedBy, ...st }) => ({ ...st, updatedByName: updatedBy?.displayName ?? null }));
  }

  async lockedStatus(manager: EntityManager, key: { assessmentId: string; standardFileId: string; bullet: string }): Promise<AssessmentStatus | null> {
    return manager
      .getRepository(AssessmentStatus)
      .createQueryBuilder('st')
      .setLock('pessimistic_write')
      .where('st.assessmentId = :assessmentId AND st.standardFileId = :standardFileId AND st.bullet = :bullet', key)
      .getOne();
  }

  async saveStatus(manager: EntityManager, status: Partial<AssessmentStatus>): Promise<void> {
    await manager.getRepository(AssessmentStatus).save(manager.getRepository(AssessmentStatus).create(status));
  }

  /** The finding of this standard (and bullet) of the assessment that is not closed, locked. */
  async lockedUnclosedFinding(manager: EntityManager, key: { assessmentId: string; standardFileId: string; bullet: string }): Promise<Finding | null> {
    return manager
      .getRepository(Finding)
      .createQueryBuilder('f')
      .setLock('pessimistic_write')
      .where("f.assessmentId = :assessmentId AND f.standardFileId = :standardFileId AND f.bullet = :bullet AND f.state <> 'closed'", key)
      .getOne();
  }

  async lockedFinding(manager: EntityManager, findingId: string): Promise<Finding | null> {
    return manager.getRepository(Finding).createQueryBuilder('f').setLock('pessimistic_write').where('f.id = :findingId', { findingId }).getOne();
  }

  async saveFinding(manager: EntityManager, finding: Partial<Finding>): Promise<string> {
    const saved = await manager.getRepository(Finding).save(manager.getRepository(Finding).create(finding));
    return saved.id;
  }

  async insertAnswer(manager: EntityManager, answer: Omit<FindingAnswer, 'id' | 'answeredAt'>): Promise<void> {
    await manager.getRepository(FindingAnswer).insert(answer);
  }

  /** Findings with their standard and assessment, unclosed first by due date. */
  async findings(manager: EntityManager, filter: FindingFilter): Promise<FindingRow[]> {
    const query = manager
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoinAndSelect('f.assessment', 'a')
      .innerJoinAndSelect('f.standardFile', 'sf')
      .innerJoinAndSelect('sf.standard', 's')
      .leftJoinAndSelect('f.openedBy', 'u');
    if (filter.departmentId) query.andWhere('f.departmentId = :departmentId', { departmentId: filter.departmentId });
    if (filter.assessmentIds) query.andWhere('f.assessmentId IN (:...assessmentIds)', { assessmentIds: filter.assessmentIds.length ? filter.assessmentIds : ['00000000-0000-0000-0000-000000000000'] });
    if (filter.findingId) query.andWhere('f.id = :findingId', { findingId: filter.findingId });
    if (filter.states) query.andWhere('f.state IN (:...states)', { states: filter.states.length ? filter.states : ['none'] });
    const findings = await query.orderBy("CASE WHEN f.state = 'closed' THEN 1 ELSE 0 END").addOrderBy('f.dueOn').addOrderBy('sf.sortKey').addOrderBy('f.bullet').getMany();
    return findings.map(({ assessment, standardFile, openedBy, ...f }) => ({
      ...f,
      assessmentName: assessment?.name ?? '',
      number: standardFile?.standardNumber ?? '',
      title: standardFile?.standard?.title ?? '',
      openedByName: openedBy?.displayName ?? null,
    }));
  }

  async answersOf(manager: EntityManager, findingIds: string[]): Promise<AnswerRow[]> {
    if (findingIds.length === 0) return [];
    const answers = await manager
      .getRepository(FindingAnswer)
      .createQueryBuilder('x')
      .leftJoinAndSelect('x.answeredBy', 'u')
      .where('x.findingId IN (:...findingIds)', { findingIds })
      .orderBy('x.answeredAt')
      .addOrderBy('x.id')
      .getMany();
    return answers.map(({ answeredBy, ...x }) => ({ ...x, answeredByName: answeredBy?.displayName ?? null }));
  }

  /** Unclosed findings per assessment. */
  async unclosedFindingCounts(manager: EntityManager, assessmentIds: string[]): Promise<Map<string, Map<string, number>>> {
    if (assessmentIds.length === 0) return new Map();
    const rows: { assessment_id: string; standard_file_id: string; n: number }[] = await manager.query(
      `SELECT assessment_id, standard_file_id, count(*)::int AS n FROM finding
        WHERE assessment_id = ANY($1::uuid[]) AND state <> 'closed' GROUP BY assessment_id, standard_file_id`,
      [assessmentIds],
    );
    const counts = new Map<string, Map<string, number>>();
    for (const r of rows) {
      if (!counts.has(r.assessment_id)) counts.set(r.assessment_id, new Map());
      counts.get(r.assessment_id)?.set(r.standard_file_id, r.n);
    }
    return counts;
  }
}
