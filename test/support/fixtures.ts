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

export async function insertDepartment(dataSource: DataSource, name: string, shortName = name.slice(0, 20)): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query(
    'INSERT INTO department (name, short_name, version) VALUES ($1, $2, 1) RETURNING id',
    [name, shortName],
  );
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
