import request from 'supertest';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId, TEST_PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('audit trail', () => {
  let t: TestApp;
  let admin: string;
  let managerB: string;
  let departmentA: string;
  let departmentB: string;

  beforeAll(async () => {
    t = await createTestApp();
    departmentA = await insertDepartment(t.dataSource, 'Normandy Police Department');
    departmentB = await insertDepartment(t.dataSource, 'North County Police Cooperative');
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
    managerB = await insertSession(
      t.dataSource,
      await insertUser(t.dataSource, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] }),
    );
  });
  afterAll(() => t.close());

  it('records one row per change, with actor, role, before and after, request id and IP', async () => {
    const since = await lastAuditId(t.dataSource);
    const created = await request(t.server).post('/api/departments').set(bearer(admin)).set('X-Request-Id', 'req-create-1').send({ name: 'Pagedale Police Department', shortName: 'Pagedale PD' }).expect(201);
    await request(t.server).patch(`/api/departments/${created.body.id}`).set(bearer(admin)).send({ version: created.body.version, shortName: 'Pagedale' }).expect(200);
    await request(t.server).post(`/api/departments/${created.body.id}/archive`).set(bearer(admin)).expect(200);
    const invited = await request(t.server).post('/api/users').set(bearer(admin)).send({ email: 'm@example.org', displayName: 'M' }).expect(201);
    await request(t.server).patch(`/api/users/${invited.body.user.id}`).set(bearer(admin)).send({ displayName: 'Em' }).expect(200);
    await request(t.server).put(`/api/users/${invited.body.user.id}/memberships`).set(bearer(admin)).send({ memberships: [{ departmentId: departmentB, role: 'member' }] }).expect(200);
    const grant = await request(t.server)
      .post('/api/assessor-grants')
      .set(bearer(managerB))
      .send({ email: 'pat@peer.example', displayName: 'Pat', departmentIds: [departmentB], startsOn: '2026-01-01', endsOn: '2099-01-01' })
      .expect(400);
    expect(grant.body.errors[0]).toEqual({ field: 'endsOn', message: 'a grant lasts at most 366 days' });
    const today = new Date().toISOString().slice(0, 10);
    const ok = await request(t.server)
      .post('/api/assessor-grants')
      .set(bearer(managerB))
      .send({ email: 'pat@peer.example', displayName: 'Pat', departmentIds: [departmentB], startsOn: today, endsOn: today })
      .expect(201);
    await request(t.server).post(`/api/assessor-grants/${ok.body.grant.id}/revoke`).set(bearer(managerB)).send({ reason: 'Done early' }).expect(200);

    expect(await auditActions(t.dataSource, since)).toEqual([
      'department.created',
      'department.updated',
      'department.archived',
      'user.invited',
      'mail.kept',
      'user.updated',
      'user.roles-changed',
      'assessor-grant.created',
      'mail.kept',
      'assessor-grant.revoked',
    ]);
    const [first] = await t.dataSource.query('SELECT * FROM audit_event WHERE id > $1 ORDER BY id LIMIT 1', [since]);
    expect(first).toMatchObject({
      actor_email: 'admin@example.org',
      actor_role: 'admin',
      entity_type: 'department',
      entity_id: created.body.id,
      department_id: created.body.id,
      before: null,
      after: expect.objectContaining({ name: 'Pagedale Police Department' }),
      request_id: 'req-create-1',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    const [revoked] = await t.dataSource.query(`SELECT actor_role, before, after FROM audit_event WHERE action = 'assessor-grant.revoked'`);
    expect(revoked).toMatchObject({ actor_role: 'manager', before: { state: 'active' }, after: { state: 'revoked', revokeReason: 'Done early' } });
  });

  it('leaves no audit row and no change when a write is refused', async () => {
    const since = await lastAuditId(t.dataSource);
    const [{ version }] = await t.dataSource.query('SELECT version FROM department WHERE id = $1', [departmentA]);
    await request(t.server).patch(`/api/departments/${departmentA}`).set(bearer(admin)).send({ version: version + 5, shortName: 'Stale' }).expect(409);
    await request(t.server).patch(`/api/departments/${departmentA}`).set(bearer(managerB)).send({ version, shortName: 'Not mine' }).expect(404);
    const [{ short_name: shortName }] = await t.dataSource.query('SELECT short_name FROM department WHERE id = $1', [departmentA]);
    expect(shortName).not.toMatch(/Stale|Not mine/);
    expect(await auditActions(t.dataSource, since)).toEqual([]);
  });

  it('lists with filters and pagination, scoped to the departments a manager manages', async () => {
    const all = await request(t.server).get('/api/audit?limit=3').set(bearer(admin)).expect(200);
    expect(all.body.items).toHaveLength(3);
    expect(Number(all.body.items[0].id)).toBeGreaterThan(Number(all.body.items[1].id));
    const filtered = await request(t.server).get('/api/audit?action=department.created').set(bearer(admin)).expect(200);
    expect(filtered.body.items.every((e: { action: string }) => e.action === 'department.created')).toBe(true);
    const scoped = await request(t.server).get('/api/audit').set(bearer(managerB)).expect(200);
    expect(scoped.body.total).toBeGreaterThan(0);
    expect(scoped.body.items.every((e: { departmentId: string }) => e.departmentId === departmentB)).toBe(true);
    await request(t.server).get(`/api/audit?departmentId=${departmentA}`).set(bearer(managerB)).expect(404);
    await request(t.server).get('/api/audit?from=yesterday').set(bearer(admin)).expect(400);
  });

  it('audits sign-ins, failed sign-ins and sign-outs', async () => {
    await insertUser(t.dataSource, { email: 'officer@example.org' });
    const since = await lastAuditId(t.dataSource);
    await request(t.server).post('/api/auth/login').send({ email: 'officer@example.org', password: 'wrong password!' }).expect(401);
    const ok = await request(t.server).post('/api/auth/login').send({ email: 'officer@example.org', password: TEST_PASSWORD }).expect(200);
    await request(t.server).post('/api/auth/logout').set(bearer(ok.body.accessToken)).expect(204);
    expect(await auditActions(t.dataSource, since)).toEqual(['login.failed', 'login.succeeded', 'logout']);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await expect(t.dataSource.query(`UPDATE audit_event SET action = 'forged'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(t.dataSource.query('DELETE FROM audit_event')).rejects.toThrow(/append-only: DELETE/);
    await expect(t.dataSource.query('TRUNCATE audit_event')).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('verifies an intact chain, then catches a row altered behind the service, even when re-hashed', async () => {
    const intact = await request(t.server).get('/api/audit/verify').set(bearer(admin)).expect(200);
    expect(intact.body).toMatchObject({ intact: true, firstBrokenId: null });
    expect(intact.body.checked).toBeGreaterThan(10);

    const [{ id: victim }] = await t.dataSource.query(`SELECT id::text FROM audit_event WHERE action = 'department.updated' LIMIT 1`);
    await t.dataSource.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    try {
      await t.dataSource.query(`UPDATE audit_event SET after = jsonb_set(after, '{shortName}', '"Forged"') WHERE id = $1`, [victim]);
      const altered = await request(t.server).get('/api/audit/verify').set(bearer(admin)).expect(200);
      expect(altered.body).toMatchObject({ intact: false, firstBrokenId: victim, reason: expect.stringMatching(/altered/) });

      const [{ hash }] = await t.dataSource.query('SELECT hash FROM audit_event WHERE id = $1', [victim]);
      await t.dataSource.query(`UPDATE audit_event SET hash = audit_event_digest(audit_event) WHERE id = $1`, [victim]);
      const rehashed = await request(t.server).get('/api/audit/verify').set(bearer(admin)).expect(200);
      const [{ id: next }] = await t.dataSource.query('SELECT min(id)::text AS id FROM audit_event WHERE id > $1', [victim]);
      expect(rehashed.body.firstBrokenId).toBe(next);
      expect(rehashed.body.reason).toMatch(/does not link/);
      expect(hash).not.toBeNull();
    } finally {
      await t.dataSource.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    }
  });
});
