import { assessorAccessEndsOn, assessorAccessWindow, decideDepartmentAccess, grantState, holdsAnyRole, lapsedAssessorAccess, rolesInDepartment, visibleDepartmentIds } from './access-rules';
import type { Actor, ActorGrant } from './actor';

const A = 'dept-a';
const B = 'dept-b';
const now = new Date('2026-06-10T15:00:00Z');

const grant = (departmentIds: string[], startsOn: string, endsOn: string, revokedAt: Date | null = null): ActorGrant => ({
  grantId: `${startsOn}-${endsOn}`,
  departmentIds,
  startsOn,
  endsOn,
  revokedAt,
});

const actor = (partial: Partial<Actor>): Actor => ({
  userId: 'u',
  email: 'u@example.org',
  displayName: 'U',
  isAdmin: false,
  memberships: [],
  grants: [],
  sessionId: 's',
  sessionKind: 'bearer',
  ...partial,
});

const admin = actor({ isAdmin: true });
const managerA = actor({ memberships: [{ departmentId: A, role: 'manager' }] });
const memberA = actor({ memberships: [{ departmentId: A, role: 'member' }] });
const managerAChiefB = actor({ memberships: [{ departmentId: A, role: 'manager' }, { departmentId: B, role: 'chief' }] });
const assessorA = actor({ grants: [grant([A], '2026-06-01', '2026-06-30')] });
const expiredAssessor = actor({ grants: [grant([A], '2026-01-01', '2026-03-31')] });
const revokedAssessor = actor({ grants: [grant([A], '2026-06-01', '2026-06-30', new Date('2026-06-05T00:00:00Z'))] });
const pendingAssessor = actor({ grants: [grant([A], '2026-07-01', '2026-07-31')] });
const peerManagerAssessingB = actor({ memberships: [{ departmentId: A, role: 'manager' }], grants: [grant([B], '2026-06-01', '2026-06-30')] });

describe('grantState', () => {
  it.each([
    ['2026-06-10', '2026-06-10', null, 'active'],
    ['2026-06-11', '2026-06-30', null, 'pending'],
    ['2026-06-01', '2026-06-09', null, 'expired'],
    ['2026-06-01', '2026-06-30', new Date('2026-06-10T14:59:59Z'), 'revoked'],
    ['2026-06-01', '2026-06-30', new Date('2026-06-10T15:00:01Z'), 'active'],
  ] as const)('%s..%s revoked %s -> %s', (startsOn, endsOn, revokedAt, expected) => {
    expect(grantState({ startsOn, endsOn, revokedAt }, now)).toBe(expected);
  });
});

describe('decideDepartmentAccess', () => {
  const READ = ['admin', 'manager', 'member', 'chief', 'assessor'] as const;
  const MANAGE = ['admin', 'manager'] as const;
  it.each([
    ['admin reads any department', admin, B, READ, { allowed: true, role: 'admin' }],
    ['manager manages their department', managerA, A, MANAGE, { allowed: true, role: 'manager' }],
    ['manager of A asking about B: not found', managerA, B, READ, { allowed: false, reason: 'not-visible' }],
    ['member of A managing A: forbidden', memberA, A, MANAGE, { allowed: false, reason: 'forbidden' }],
    ['chief of B reads B', managerAChiefB, B, READ, { allowed: true, role: 'chief' }],
    ['chief of B managing B: forbidden', managerAChiefB, B, MANAGE, { allowed: false, reason: 'forbidden' }],
    ['assessor reads granted department', assessorA, A, READ, { allowed: true, role: 'assessor' }],
    ['assessor writing: forbidden', assessorA, A, MANAGE, { allowed: false, reason: 'forbidden' }],
    ['assessor of A asking about B: not found', assessorA, B, READ, { allowed: false, reason: 'not-visible' }],
    ['expired assessor is told', expiredAssessor, A, READ, { allowed: false, reason: 'assessor-expired', state: 'expired' }],
    ['revoked assessor is told', revokedAssessor, A, READ, { allowed: false, reason: 'assessor-expired', state: 'revoked' }],
    ['peer manager assessing B reads B', peerManagerAssessingB, B, READ, { allowed: true, role: 'assessor' }],
    ['peer manager assessing B cannot manage B', peerManagerAssessingB, B, MANAGE, { allowed: false, reason: 'forbidden' }],
  ] as const)('%s', (_name, who, department, allowed, expected) => {
    expect(decideDepartmentAccess(who, department, allowed, now)).toMatchObject(expected);
  });
});

describe('holdsAnyRole, visibleDepartmentIds, rolesInDepartment', () => {
  it.each([
    [admin, ['admin'], true],
    [admin, ['manager'], false],
    [managerA, ['admin', 'manager'], true],
    [memberA, ['admin', 'manager'], false],
    [assessorA, ['assessor'], true],
    [expiredAssessor, ['assessor'], false],
  ] as const)('holdsAnyRole #%#', (who, roles, expected) => {
    expect(holdsAnyRole(who, roles, now)).toBe(expected);
  });

  it('lists visible departments by role', () => {
    expect(visibleDepartmentIds(admin, now)).toBe('all');
    expect(visibleDepartmentIds(managerAChiefB, now)).toEqual([A, B]);
    expect(visibleDepartmentIds(managerAChiefB, now, ['admin', 'manager'])).toEqual([A]);
    expect(visibleDepartmentIds(peerManagerAssessingB, now)).toEqual([A, B]);
    expect(visibleDepartmentIds(expiredAssessor, now)).toEqual([]);
    expect(rolesInDepartment(peerManagerAssessingB, B, now)).toEqual(['assessor']);
  });
});

describe('lapsedAssessorAccess', () => {
  it.each([
    [assessorA, null],
    [managerA, null],
    [peerManagerAssessingB, null],
    [expiredAssessor, { notOpenYet: false, message: 'Your assessor access ended on 2026-03-31. Ask the accreditation manager to extend it.' }],
    [revokedAssessor, { notOpenYet: false, message: 'Your assessor access was revoked. Ask the accreditation manager for a new grant.' }],
    [pendingAssessor, { notOpenYet: true, message: 'Your assessor access opens on 2026-07-01.' }],
    [actor({ grants: [grant([A], '2026-01-01', '2026-03-31'), grant([A], '2026-07-01', '2026-07-31')] }), { notOpenYet: true, message: 'Your assessor access opens on 2026-07-01.' }],
  ])('#%#', (who, expected) => {
    expect(lapsedAssessorAccess(who, now)).toEqual(expected);
  });
});

describe('assessorAccessEndsOn', () => {
  it.each<[string, ActorGrant[], string | null]>([
    ['no grant', [], null],
    ['one open grant', [grant([A], '2026-06-01', '2026-06-30')], '2026-06-30'],
    ['the soonest to end of two open grants', [grant([A], '2026-06-01', '2026-07-31'), grant([A], '2026-06-05', '2026-06-20')], '2026-06-20'],
    ['an ended, a revoked and a pending grant', [grant([A], '2026-05-01', '2026-06-09'), grant([A], '2026-06-01', '2026-06-30', new Date('2026-06-02T00:00:00Z')), grant([A], '2026-06-11', '2026-06-30')], null],
  ])('%s', (_case, grants, expected) => {
    expect(assessorAccessEndsOn({ grants }, now)).toBe(expected);
  });
});

describe('assessorAccessWindow', () => {
  it.each<[string, ActorGrant[], { startsOn: string; endsOn: string; daysLeft: number } | null]>([
    ['no grant', [], null],
    ['one open grant', [grant([A], '2026-06-01', '2026-06-30')], { startsOn: '2026-06-01', endsOn: '2026-06-30', daysLeft: 20 }],
    ['the soonest to end of two open grants', [grant([A], '2026-06-01', '2026-07-31'), grant([A], '2026-06-05', '2026-06-20')], { startsOn: '2026-06-05', endsOn: '2026-06-20', daysLeft: 10 }],
    ['its last day today', [grant([A], '2026-06-01', '2026-06-10')], { startsOn: '2026-06-01', endsOn: '2026-06-10', daysLeft: 0 }],
    ['an ended, a revoked and a pending grant', [grant([A], '2026-05-01', '2026-06-09'), grant([A], '2026-06-01', '2026-06-30', new Date('2026-06-02T00:00:00Z')), grant([A], '2026-06-11', '2026-06-30')], null],
  ])('%s', (_case, grants, expected) => {
    expect(assessorAccessWindow({ grants }, now)).toEqual(expected);
  });
});
