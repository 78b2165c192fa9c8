import { FixedClock } from '../../common/clock';
import type { Actor } from './actor';
import { DepartmentAccessService, MANAGE_ROLES } from './department-access.service';

describe('DepartmentAccessService.allows (pages show or hide forms with it)', () => {
  const access = new DepartmentAccessService(new FixedClock(new Date('2026-06-10T12:00:00Z')));
  const base: Actor = { userId: 'u', email: 'e', displayName: 'd', isAdmin: false, memberships: [], grants: [], sessionId: 's', sessionKind: 'cookie' };
  const as = (patch: Partial<Actor>): Actor => ({ ...base, ...patch });
  const grant = { grantId: 'g', departmentIds: ['A'], startsOn: '2026-01-01', endsOn: '2026-12-31', revokedAt: null };
  it.each([
    ['admin', as({ isAdmin: true }), { manage: true }],
    ['manager of A', as({ memberships: [{ departmentId: 'A', role: 'manager' }] }), { manage: true }],
    ['member of A', as({ memberships: [{ departmentId: 'A', role: 'member' }] }), { manage: false }],
    ['chief of A', as({ memberships: [{ departmentId: 'A', role: 'chief' }] }), { manage: false }],
    ['manager of B', as({ memberships: [{ departmentId: 'B', role: 'manager' }] }), { manage: false }],
    ['assessor of A', as({ grants: [grant] }), { manage: false }],
  ])('%s in department A', (_name, actor, expected) => {
    expect({ manage: access.allows(actor, 'A', MANAGE_ROLES) }).toEqual(expected);
  });
});
