import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { ForbiddenError, NotFoundError } from '../../common/errors';
import type { AuditContext } from '../../audit/audit.service';
import { AssessorAccessEndedError, AssessorAccessNotOpenYetError } from '../identity.errors';
import { auditRole, decideDepartmentAccess, visibleDepartmentIds } from './access-rules';
import type { AccessRole, Actor } from './actor';

export const READ_ROLES: AccessRole[] = ['admin', 'manager', 'member', 'chief', 'assessor'];
export const MANAGE_ROLES: AccessRole[] = ['admin', 'manager'];

/** Department scoping, called by services for every read and write of department data. */
@Injectable()
export class DepartmentAccessService {
  constructor(private readonly clock: Clock) {}

  /** Throws 404 when the actor has no role in the department, 403 when the role is not enough. */
  assert(actor: Actor, departmentId: string, allowed: readonly AccessRole[]): AccessRole {
    const decision = decideDepartmentAccess(actor, departmentId, allowed, this.clock.now());
    if (decision.allowed) return decision.role;
    switch (decision.reason) {
      case 'not-visible':
        throw new NotFoundError('department', departmentId);
      case 'forbidden':
        throw new ForbiddenError(`This action needs one of these roles in the department: ${allowed.join(', ')}.`);
      case 'assessor-expired':
        if (decision.state === 'pending') {
          throw new AssessorAccessNotOpenYetError(`Your assessor access to this department opens on ${decision.grant?.startsOn}.`);
        }
        throw new AssessorAccessEndedError(
          decision.state === 'revoked'
            ? 'Your assessor access to this department was revoked.'
            : `Your assessor access to this department ended on ${decision.grant?.endsOn}.`,
        );
    }
  }

  /** Whether the actor holds one of `allowed` in the department now (what assert() checks, as a yes or no: pages use it to show or hide a form). */
  allows(actor: Actor, departmentId: string, allowed: readonly AccessRole[]): boolean {
    return decideDepartmentAccess(actor, departmentId, allowed, this.clock.now()).allowed;
  }

  visible(actor: Actor, roles?: readonly AccessRole[]): 'all' | string[] {
    return visibleDepartmentIds(actor, this.clock.now(), roles);
  }

  auditContext(actor: Actor, departmentId: string | null = null): AuditContext {
    return {
      userId: actor.userId,
      email: actor.email,
      role: auditRole(actor, departmentId, this.clock.now()),
      requestId: actor.requestId,
      ip: actor.ip,
    };
  }
}
