import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import type { AccessRole } from '../identity/access/actor';
import type { ReadinessDto, SignOffDto, SignOffSummaryDto } from './dto/readiness.dto';
import { ReadinessService } from './readiness.service';

export const SIGN_OFF_ROLES: AccessRole[] = ['admin', 'chief'];

interface SignOffRow {
  id: string;
  department_id: string;
  signed_by_user_id: string;
  signed_by_email: string;
  signed_by_name: string;
  signed_by_role: string;
  signed_at: Date;
  note: string | null;
  meets_rule: boolean;
  summary: string;
  readiness_sha256: string;
  readiness?: ReadinessDto;
}

const COLUMNS = `id, department_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, note,
  (readiness->'verdict'->>'meetsRule')::boolean AS meets_rule, readiness->'verdict'->>'summary' AS summary, readiness_sha256`;

const toSummary = (r: SignOffRow): SignOffSummaryDto => ({
  id: r.id,
  departmentId: r.department_id,
  signedByUserId: r.signed_by_user_id,
  signedByEmail: r.signed_by_email,
  signedByName: r.signed_by_name,
  signedByRole: r.signed_by_role,
  signedAt: r.signed_at.toISOString(),
  note: r.note,
  meetsRule: r.meets_rule,
  summary: r.summary,
  sha256: r.readiness_sha256,
});

/**
 * A chief's sign-off of the readiness as it stands: an immutable snapshot with its SHA-256, in the
 * audit trail. There is no update or delete path (and the table's trigger refuses both).
 */
@Injectable()
export class SignOffsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readiness: ReadinessService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async signOff(actor: Actor, departmentId: string, note: string | undefined): Promise<SignOffDto> {
    const role = this.access.assert(actor, departmentId, SIGN_OFF_ROLES);
    return this.dataSource.transaction(async (manager) => {
      const readiness = await this.readiness.compute(manager, departmentId);
      // The hash is taken over PostgreSQL's canonical jsonb text, so it can be recomputed from the stored row.
      const [row]: SignOffRow[] = await manager.query(
        `INSERT INTO readiness_sign_off (department_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, note, readiness, readiness_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, encode(sha256(convert_to($8::jsonb::text, 'UTF8')), 'hex'))
         RETURNING ${COLUMNS}`,
        [departmentId, actor.userId, actor.email, actor.displayName, role, this.clock.now(), note?.trim() ?? null, JSON.stringify(readiness)],
      );
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'readiness.signed-off',
        entityType: 'readiness_sign_off',
        entityId: row.id,
        departmentId,
        after: {
          sha256: row.readiness_sha256,
          note: row.note,
          signedAt: row.signed_at.toISOString(),
          meetsRule: readiness.verdict.meetsRule,
          summary: readiness.verdict.summary,
          mandatory: readiness.mandatory,
          other: readiness.other,
        },
      });
      return { ...toSummary(row), readiness };
    });
  }

  async list(actor: Actor, departmentId: string): Promise<SignOffSummaryDto[]> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const rows: SignOffRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM readiness_sign_off WHERE department_id = $1 ORDER BY signed_at DESC, id`,
      [departmentId],
    );
    return rows.map(toSummary);
  }

  async get(actor: Actor, departmentId: string, signOffId: string): Promise<SignOffDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const [row]: SignOffRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, readiness FROM readiness_sign_off WHERE department_id = $1 AND id = $2`,
      [departmentId, signOffId],
    );
    if (!row) throw new NotFoundError('readiness sign-off', signOffId);
    return { ...toSummary(row), readiness: row.readiness! };
  }
}
