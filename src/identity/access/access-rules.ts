import { dayOf } from '../../kernel/calendar';
import type { AccessRole, Actor, ActorGrant } from './actor';

export type GrantState = 'pending' | 'active' | 'expired' | 'revoked';

export function grantState(grant: Pick<ActorGrant, 'startsOn' | 'endsOn' | 'revokedAt'>, now: Date): GrantState {
  if (grant.revokedAt && grant.revokedAt.getTime() <= now.getTime()) return 'revoked';
  const today = dayOf(now);
  if (today < grant.startsOn) return 'pending';
  if (today > grant.endsOn) return 'expired';
  return 'active';
}

/**
 * The last day of the actor's assessor access that is open now (the soonest to end, when several
 * are), or null for an actor with none: pages show it to the assessor.
 */
export function assessorAccessEndsOn(actor: Pick<Actor, 'grants'>, now: Date): string | null {
  const open = actor.grants.filter((g) => grantState(g, now) === 'active').map((g) => g.endsOn);
  return open.length === 0 ? null : open.sort()[0];
}

/** The assessor's open access window that ends soonest: when it opened, its last day and the days left after today (0 on the last day). */
export interface AssessorAccessWindow {
  startsOn: string;
  endsOn: string;
  daysLeft: number;
}

export function assessorAccessWindow(actor: Pick<Actor, 'grants'>, now: Date): AssessorAccessWindow | null {
  const open = actor.grants.filter((g) => grantState(g, now) === 'active').sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.startsOn.localeCompare(b.startsOn));
  if (open.length === 0) return null;
  const { startsOn, endsOn } = open[0];
  const daysLeft = Math.round((Date.parse(`${endsOn}T00:00:00Z`) - Date.parse(`${dayOf(now)}T00:00:00Z`)) / 86_400_000);
  return { startsOn, endsOn, daysLeft };
}

/** Every role the actor holds in one department right now. */
export function rolesInDepartment(actor: Actor, departmentId: string, now: Date): AccessRole[] {
  const roles: AccessRole[] = [];
  if (actor.isAdmin) roles.push('admin');
  for (const membership of actor.memberships) {
    if (membership.departmentId === departmentId) roles.push(membership.role);
  }
  if (actor.grants.some((g) => g.departmentIds.includes(departmentId) && grantState(g, now) === 'active')) {
    roles.push('assessor');
  }
  return roles;
}

/** Whether the actor holds one of the roles anywhere (the guard's coarse, department-free check). */
export function holdsAnyRole(actor: Actor, roles: readonly AccessRole[], now: Date): boolean {
  if (actor.isAdmin) return roles.includes('admin') || roles.length === 0;
  if (actor.memberships.some((m) => roles.includes(m.role))) return true;
  return roles.includes('assessor') && actor.grants.some((g) => grantState(g, now) === 'active');
}

/** Department ids the actor may see now, or 'all' for admins. */
export function visibleDepartmentIds(actor: Actor, now: Date, roles?: readonly AccessRole[]): 'all' | string[] {
  if (actor.isAdmin && (!roles || roles.includes('admin'))) return 'all';
  const ids = new Set<string>();
  for (const m of actor.memberships) if (!roles || roles.includes(m.role)) ids.add(m.departmentId);
  if (!roles || roles.includes('assessor')) {
    for (const g of actor.grants) if (grantState(g, now) === 'active') g.departmentIds.forEach((id) => ids.add(id));
  }
  return [...ids];
}

export type DepartmentAccessDecision =
  | { allowed: true; role: AccessRole }
  | { allowed: false; reason: 'not-visible' | 'forbidden' | 'assessor-expired'; grant?: ActorGrant; state?: GrantState };

/**
 * The department scoping rule: no role at all in a department reads as "not found" (existence
 * does not leak); a role that is not enough is "forbidden"; an assessor whose grant for it is over
 * (or not started, or revoked) is told so.
 */
export function decideDepartmentAccess(
  actor: Actor,
  departmentId: string,
  allowed: readonly AccessRole[],
  now: Date,
): DepartmentAccessDecision {
  const held = rolesInDepartment(actor, departmentId, now);
  const permitted = held.find((role) => allowed.includes(role));
  if (permitted) return { allowed: true, role: permitted };
  if (held.length > 0) return { allowed: false, reason: 'forbidden' };
  const lapsed = actor.grants.find((g) => g.departmentIds.includes(departmentId));
  if (lapsed) return { allowed: false, reason: 'assessor-expired', grant: lapsed, state: grantState(lapsed, now) };
  return { allowed: false, reason: 'not-visible' };
}

/** The role recorded in the audit trail for an action in a department (or overall). */
export function auditRole(actor: Actor, departmentId: string | null, now: Date): AccessRole | 'user' {
  if (departmentId) {
    const held = rolesInDepartment(actor, departmentId, now).filter((r) => r !== 'admin');
    if (held.length > 0) return held[0];
  }
  return actor.isAdmin ? 'admin' : 'user';
}

/** Why an assessor has no open grant: one that has not opened yet, or one that is over (ended or revoked). */
export interface LapsedAssessorAccess {
  notOpenYet: boolean;
  message: string;
}

/**
 * For a user whose only access is assessor grants, why none is open now; null when the user has
 * other roles or an open grant.
 */
export function lapsedAssessorAccess(actor: Actor, now: Date): LapsedAssessorAccess | null {
  if (actor.isAdmin || actor.memberships.length > 0 || actor.grants.length === 0) return null;
  if (actor.grants.some((g) => grantState(g, now) === 'active')) return null;
  const upcoming = actor.grants
    .filter((g) => grantState(g, now) === 'pending')
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
  if (upcoming) return { notOpenYet: true, message: `Your assessor access opens on ${upcoming.startsOn}.` };
  const latest = [...actor.grants].sort((a, b) => b.endsOn.localeCompare(a.endsOn))[0];
  return {
    notOpenYet: false,
    message:
      grantState(latest, now) === 'revoked'
        ? 'Your assessor access was revoked. Ask the accreditation manager for a new grant.'
        : `Your assessor access ended on ${latest.endsOn}. Ask the accreditation manager to extend it.`,
  };
}
