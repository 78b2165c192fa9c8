import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { UsersService } from '../identity/users.service';
import { MailService } from '../mail/mail.service';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import type { AccessRole } from '../identity/access/actor';
import type { ReadinessDto, SignOffDto, SignOffSummaryDto } from './dto/readiness.dto';
import { canonicalJson } from '../common/canonical-json/canonical-json';
import { SignOffNotReadyError } from './readiness.errors';
import { ReadinessService } from './readiness.service';
import { SignOffsRepository, type SignOffRow } from './sign-offs.repository';
import { notReadyReasons, signOffNeedsAcknowledgement } from './rules/sign-off-acknowledgement';

export const SIGN_OFF_ROLES: AccessRole[] = ['admin', 'chief'];

export interface SignOffRequest {
  note?: string;
  /** Required (true) when the readiness is not plainly ready. */
  acknowledgeNotReady?: boolean;
}

/** What a sign-off's SHA-256 is taken over (format `rfc8785`): this object's RFC 8785 canonical JSON text. */
export interface SignedSnapshot {
  departmentId: string;
  signedAt: string;
  signedBy: { userId: string; email: string; name: string; role: string };
  note: string | null;
  acknowledgedNotReady: boolean;
  readiness: ReadinessDto;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const toSummary = (r: SignOffRow): SignOffSummaryDto => ({
  id: r.id,
  departmentId: r.department_id,
  enrolmentId: r.enrolment_id,
  signedByUserId: r.signed_by_user_id,
  signedByEmail: r.signed_by_email,
  signedByName: r.signed_by_name,
  signedByRole: r.signed_by_role,
  signedAt: r.signed_at.toISOString(),
  note: r.note,
  meetsRule: r.meets_rule,
  summary: r.summary,
  sha256: r.readiness_sha256,
  snapshotFormat: r.snapshot_format,
  acknowledgedNotReady: r.acknowledged_not_ready,
});

/**
 * A chief's sign-off of the readiness as it stands: an immutable snapshot with its SHA-256, in the
 * audit trail. There is no update or delete path (and the table's trigger refuses both).
 */
@Injectable()
export class SignOffsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SignOffsRepository,
    private readonly readiness: ReadinessService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly mail: MailService,
  ) {}

  /**
   * Signs the readiness as it stands. Not plainly ready (the verdict does not meet the rule, or
   * relies on proofs awaiting review) needs `acknowledgeNotReady: true`, recorded in the snapshot;
   * without it 422 naming what is not ready, and nothing is written.
   */
  async signOff(actor: Actor, departmentId: string, request: SignOffRequest = {}, enrolmentId?: string | null): Promise<SignOffDto> {
    const role = this.access.assert(actor, departmentId, SIGN_OFF_ROLES);
    return this.dataSource.transaction(async (manager) => {
      const readiness = await this.readiness.compute(manager, departmentId, enrolmentId);
      const needsAcknowledgement = signOffNeedsAcknowledgement(readiness.verdict);
      if (needsAcknowledgement && request.acknowledgeNotReady !== true) throw new SignOffNotReadyError(notReadyReasons(readiness.verdict));
      const signedAt = this.clock.now();
      const note = request.note?.trim() || null;
      const snapshot: SignedSnapshot = {
        departmentId,
        signedAt: signedAt.toISOString(),
        signedBy: { userId: actor.userId, email: actor.email, name: actor.displayName, role },
        note,
        acknowledgedNotReady: needsAcknowledgement,
        readiness,
      };
      // The hash is taken over exactly the canonical bytes stored, so anyone can recompute it from the API's answer.
      const canonical = canonicalJson(snapshot);
      const sha256 = sha256Hex(canonical);
      const row = await this.repository.insertCanonical(manager, {
        departmentId,
        enrolmentId: readiness.enrolmentId,
        signedByUserId: actor.userId,
        signedByEmail: actor.email,
        signedByName: actor.displayName,
        signedByRole: role,
        signedAt,
        note,
        canonicalSnapshot: canonical,
        sha256,
      });
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'readiness.signed-off',
        entityType: 'readiness_sign_off',
        entityId: row.id,
        departmentId,
        after: {
          enrolmentId: readiness.enrolmentId,
          programName: readiness.programName,
          sha256: row.readiness_sha256,
          snapshotFormat: row.snapshot_format,
          note: row.note,
          signedAt: row.signed_at.toISOString(),
          meetsRule: readiness.verdict.meetsRule,
          acknowledgedNotReady: needsAcknowledgement,
          notReady: notReadyReasons(readiness.verdict),
          summary: readiness.verdict.summary,
          mandatory: readiness.mandatory,
          other: readiness.other,
        },
      });
      await this.mailManagers(manager, actor, departmentId, { ready: !needsAcknowledgement, note });
      const signed = JSON.parse(canonical) as SignedSnapshot;
      return { ...toSummary(row), readiness: signed.readiness, signedSnapshot: canonical };
    });
  }

  /** Tells the department's accreditation managers (but the signer) that its readiness was signed off. */
  private async mailManagers(manager: EntityManager, actor: Actor, departmentId: string, signOff: { ready: boolean; note: string | null }): Promise<void> {
    const { departmentName, managers } = await this.users.departmentManagers(manager, departmentId);
    for (const to of managers.filter((m) => m.id !== actor.userId)) {
      await this.mail.enqueue(manager, this.access.auditContext(actor, departmentId), {
        kind: 'sign-off',
        to: { email: to.email, userId: to.id },
        departmentId,
        data: { name: to.displayName, departmentName, signedBy: actor.displayName, ready: signOff.ready, note: signOff.note, link: this.mail.link(`/department/${departmentId}`) },
      });
    }
  }

  /** The newest sign-off of the enrolment (the department's primary one by default), for reports generated by an already authorised caller; null when none. */
  async latest(departmentId: string, enrolmentId: string | null = null): Promise<SignOffSummaryDto | null> {
    const row = await this.repository.findLatest(this.dataSource.manager, departmentId, enrolmentId);
    return row ? toSummary(row) : null;
  }

  async list(actor: Actor, departmentId: string): Promise<SignOffSummaryDto[]> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const rows = await this.repository.findByDepartment(this.dataSource.manager, departmentId);
    return rows.map(toSummary);
  }

  async get(actor: Actor, departmentId: string, signOffId: string): Promise<SignOffDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const row = await this.repository.findWithSnapshot(this.dataSource.manager, departmentId, signOffId);
    if (!row) throw new NotFoundError('readiness sign-off', signOffId);
    return { ...toSummary(row), readiness: row.readiness!, signedSnapshot: row.signed_snapshot! };
  }
}
