import { createHash, randomBytes } from 'node:crypto';
import { hash as argon2Hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../../src/identity/password.service';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
const hashOnce = (): Promise<string> => (passwordHash ??= argon2Hash(TEST_PASSWORD, ARGON2_OPTIONS));

export interface UserSpec {
  email: string;
  displayName?: string;
  isAdmin?: boolean;
  memberships?: { departmentId: string; role: 'manager' | 'member' | 'chief' }[];
  disabled?: boolean;
}

/** Inserts a user straight into the database (test set-up, not the flow under test). */
export async function insertUser(dataSource: DataSource, spec: UserSpec): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query(
    `INSERT INTO app_user (email, display_name, password_hash, is_admin, disabled_at)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [spec.email, spec.displayName ?? spec.email.split('@')[0], await hashOnce(), spec.isAdmin ?? false, spec.disabled ? new Date() : null],
  );
  for (const m of spec.memberships ?? []) {
    await dataSource.query('INSERT INTO membership (user_id, department_id, role) VALUES ($1, $2, $3)', [row.id, m.departmentId, m.role]);
  }
  return row.id;
}

/** Inserts a department with its primary enrolment (no program until a manual is assigned), as the API creates one. */
export async function insertDepartment(dataSource: DataSource, name: string, shortName = name.slice(0, 20)): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query(
    'INSERT INTO department (name, short_name, version) VALUES ($1, $2, 1) RETURNING id',
    [name, shortName],
  );
  await dataSource.query('INSERT INTO enrolment (department_id, "primary", version) VALUES ($1, true, 1)', [row.id]);
  return row.id;
}

export async function insertGrant(
  dataSource: DataSource,
  userId: string,
  departmentIds: string[],
  startsOn: string,
  endsOn: string,
  revokedAt: Date | null = null,
): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query(
    'INSERT INTO assessor_grant (user_id, starts_on, ends_on, revoked_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [userId, startsOn, endsOn, revokedAt],
  );
  for (const id of departmentIds) {
    await dataSource.query('INSERT INTO assessor_grant_department (grant_id, department_id) VALUES ($1, $2)', [row.id, id]);
  }
  return row.id;
}

/** Signs in through the API and returns the bearer access token. */
export async function signIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await request(t.server).post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

export const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export async function auditActions(dataSource: DataSource, since = '0'): Promise<string[]> {
  const rows: { action: string }[] = await dataSource.query('SELECT action FROM audit_event WHERE id > $1 ORDER BY id', [since]);
  return rows.map((r) => r.action);
}

export async function lastAuditId(dataSource: DataSource): Promise<string> {
  const [row]: { id: string | null }[] = await dataSource.query('SELECT max(id)::text AS id FROM audit_event');
  return row.id ?? '0';
}

/** A live bearer session inserted directly (set-up for access tests, skipping argon2). */
export async function insertSession(dataSource: DataSource, userId: string, expiresAt = new Date('2099-01-01T00:00:00Z')): Promise<string> {
  const token = `cat_${randomBytes(24).toString('base64url')}`;
  await dataSource.query(
    `INSERT INTO session (user_id, family_id, kind, access_token_hash, access_expires_at) VALUES ($1, gen_random_uuid(), 'bearer', $2, $3)`,
    [userId, createHash('sha256').update(token).digest('hex'), expiresAt],
  );
  return token;
}

/** What a test sets on departments: their own fields and their primary enrolment's (tier, status, award date, manual). */
export interface ProfileSpec {
  swornOfficers?: number;
  programTier?: 'tier1' | 'advanced';
  accreditationStatus?: string;
  awardDate?: string | null;
  /** Puts the primary enrolment on this manual version (and in its program) directly, without making files: set-up, not the adoption flow. */
  manualId?: string | null;
}

/** Sets departments' profiles straight in the database (test set-up, not the flow under test). */
export async function setProfile(dataSource: DataSource, departmentIds: string | string[], spec: ProfileSpec): Promise<void> {
  const ids = Array.isArray(departmentIds) ? departmentIds : [departmentIds];
  if (spec.swornOfficers !== undefined) await dataSource.query('UPDATE department SET sworn_officers = $2 WHERE id = ANY($1::uuid[])', [ids, spec.swornOfficers]);
  const sets: string[] = [];
  const params: unknown[] = [ids];
  const set = (column: string, value: unknown, cast = ''): void => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (spec.programTier !== undefined) set('program_tier', spec.programTier);
  if (spec.accreditationStatus !== undefined) set('accreditation_status', spec.accreditationStatus);
  if (spec.awardDate !== undefined) set('award_date', spec.awardDate, '::date');
  if (spec.manualId !== undefined) {
    set('manual_id', spec.manualId, '::uuid');
    sets.push(`program_id = coalesce((SELECT m.program_id FROM manual m WHERE m.id = $${params.length}::uuid), program_id)`);
  }
  if (sets.length > 0) await dataSource.query(`UPDATE enrolment SET ${sets.join(', ')}, version = version + 1 WHERE department_id = ANY($1::uuid[]) AND "primary"`, params);
}

/** A department's primary enrolment id. */
export async function primaryEnrolmentOf(dataSource: DataSource, departmentId: string): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query('SELECT id FROM enrolment WHERE department_id = $1 AND "primary"', [departmentId]);
  return row.id;
}
