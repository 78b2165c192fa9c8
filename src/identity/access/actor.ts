import type { DepartmentRole } from '../entities/membership.entity';

export type AccessRole = 'admin' | DepartmentRole | 'assessor';

export interface ActorGrant {
  grantId: string;
  departmentIds: string[];
  startsOn: string;
  endsOn: string;
  revokedAt: Date | null;
}

/** Who is calling, resolved once per request by the access guard. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  memberships: { departmentId: string; role: DepartmentRole }[];
  grants: ActorGrant[];
  sessionId: string;
  sessionKind: 'bearer' | 'cookie';
  requestId?: string;
  ip?: string;
}
