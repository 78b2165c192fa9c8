import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { auditActions, bearer, insertDepartment, insertUser, lastAuditId, signIn, TEST_PASSWORD } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('identity: sign-in, sessions, users and invitations', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-01T14:00:00Z'));
  let departmentId: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department', 'Normandy PD');
    await insertUser(t.dataSource, { email: 'boss@example.org', isAdmin: true });
    await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
    adminToken = await signIn(t, 'boss@example.org');
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('answers bearer tokens that work, and never returns a hash', async () => {
      const res = await request(t.server).post('/api/auth/login').send({ email: 'Manager@Example.org', password: TEST_PASSWORD }).expect(200);
      expect(res.body).toEqual({
        tokenType: 'Bearer',
        accessToken: expect.stringMatching(/^cat_/),
        refreshToken: expect.stringMatching(/^crt_/),
        expiresAt: '2026-06-01T15:00:00.000Z',
        refreshExpiresAt: '2026-07-01T14:00:00.000Z',
      });
      const me = await request(t.server).get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
      expect(JSON.stringify(me.body)).not.toMatch(/argon2|passwordHash|password_hash/);
      const stored: { access_token_hash: string }[] = await t.dataSource.query('SELECT access_token_hash FROM session');
      expect(stored.map((s) => s.access_token_hash)).not.toContain(res.body.accessToken);
    });

    it('validates the body: unknown field, wrong type, bad email, each named', async () => {
      const unknown = await request(t.server).post('/api/auth/login').send({ email: 'a@b.org', password: 'x', admin: true }).expect(400);
      expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(unknown.body.errors).toEqual([{ field: 'admin', message: 'admin is not a known field' }]);
      const wrongType = await request(t.server).post('/api/auth/login').send({ email: 'a@b.org', password: 12 }).expect(400);
      expect(wrongType.body.errors.map((e: { field: string }) => e.field)).toEqual(['password', 'password', 'password']);
      const badEmail = await request(t.server).post('/api/auth/login').send({ email: 'nope', password: 'x' }).expect(400);
      expect(badEmail.body).toMatchObject({ type: 'urn:calea-tracker:problem:validation', status: 400, errors: [{ field: 'email' }] });
    });

    it('answers unknown emails and wrong passwords alike', async () => {
      const unknown = await request(t.server).post('/api/auth/login').send({ email: 'ghost@example.org', password: 'wrong password 1' }).expect(401);
      const wrong = await request(t.server).post('/api/auth/login').send({ email: 'manager@example.org', password: 'wrong password 1' }).expect(401);
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
      expect(unknown.body.detail).toBe('The email address or the password is not correct.');
    });

    it('locks an account after repeated failures, says when to retry, audits it, and reopens after the window', async () => {
      await insertUser(t.dataSource, { email: 'clumsy@example.org' });
      const since = await lastAuditId(t.dataSource);
      for (let attempt = 1; attempt < 5; attempt++) {
        await request(t.server).post('/api/auth/login').send({ email: 'clumsy@example.org', password: `wrong ${attempt} password` }).expect(401);
      }
      const locking = await request(t.server).post('/api/auth/login').send({ email: 'clumsy@example.org', password: 'wrong 5 password' }).expect(429);
      expect(locking.body.detail).toBe('This account is locked after 5 failed sign-ins. Try again after 2026-06-01 14:15 UTC.');
      expect(locking.headers['retry-after']).toBe('900');
      const rightButLocked = await request(t.server).post('/api/auth/login').send({ email: 'clumsy@example.org', password: TEST_PASSWORD }).expect(429);
      expect(rightButLocked.body.type).toBe('urn:calea-tracker:problem:too-many-attempts');
      expect(await auditActions(t.dataSource, since)).toEqual([...Array(5).fill('login.failed'), 'login.locked']);

      clock.advance(15 * 60_000 + 1000);
      await request(t.server).post('/api/auth/login').send({ email: 'clumsy@example.org', password: TEST_PASSWORD }).expect(200);
      expect((await auditActions(t.dataSource, since)).at(-1)).toBe('login.succeeded');
    });
  });

  describe('tokens', () => {
    it('rotates refresh tokens, and a replayed one signs out the whole family', async () => {
      const login = await request(t.server).post('/api/auth/login').send({ email: 'manager@example.org', password: TEST_PASSWORD }).expect(200);
      const first = login.body;
      const second = (await request(t.server).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await request(t.server).get('/api/auth/me').set(bearer(second.accessToken)).expect(200);
      await request(t.server).get('/api/auth/me').set(bearer(first.accessToken)).expect(401);

      const replay = await request(t.server).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(replay.body.detail).toMatch(/already used/);
      await request(t.server).get('/api/auth/me').set(bearer(second.accessToken)).expect(401);
      await request(t.server).post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    });

    it('expires access tokens with the clock', async () => {
      const token = await signIn(t, 'manager@example.org');
      clock.advance(61 * 60_000);
      const res = await request(t.server).get('/api/auth/me').set(bearer(token)).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      adminToken = await signIn(t, 'boss@example.org');
    });

    it('revokes the session on logout', async () => {
      const token = await signIn(t, 'manager@example.org');
      await request(t.server).post('/api/auth/logout').set(bearer(token)).expect(204);
      const res = await request(t.server).get('/api/auth/me').set(bearer(token)).expect(401);
      expect(res.body.detail).toMatch(/signed out/);
    });

    it('refuses requests with no or malformed credentials', async () => {
      await request(t.server).get('/api/auth/me').expect(401);
      await request(t.server).get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
      await request(t.server).get('/api/auth/me').set(bearer('cat_forged')).expect(401);
    });
  });

  describe('cookie sessions', () => {
    it('sets an HTTP-only, Secure, SameSite cookie that authenticates, and refuses cross-site writes', async () => {
      const res = await request(t.server).post('/api/auth/login').send({ email: 'manager@example.org', password: TEST_PASSWORD, session: 'cookie' }).expect(200);
      expect(res.body.accessToken).toBeUndefined();
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^calea_session=cks_/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const session = cookie.split(';')[0];
      await request(t.server).get('/api/auth/me').set('Cookie', session).expect(200);
      const crossSite = await request(t.server).post('/api/auth/logout').set('Cookie', session).set('Origin', 'https://evil.example').expect(403);
      expect(crossSite.body.type).toBe('urn:calea-tracker:problem:cross-site-request');
      await request(t.server).post('/api/auth/logout').set('Cookie', session).expect(403);
      const sameSite = { Host: 'calea.test', Origin: 'https://calea.test' };
      const noToken = await request(t.server).post('/api/auth/logout').set('Cookie', session).set(sameSite).expect(403);
      expect(noToken.body.type).toBe('urn:calea-tracker:problem:csrf-token');
      const otherSessionsToken = 'x'.repeat(String(res.body.csrfToken).length);
      await request(t.server).post('/api/auth/logout').set('Cookie', session).set(sameSite).set('X-CSRF-Token', otherSessionsToken).expect(403);
      await request(t.server).get('/api/auth/me').set('Cookie', session).expect(200);
      await request(t.server).post('/api/auth/logout').set('Cookie', session).set(sameSite).set('X-CSRF-Token', res.body.csrfToken).expect(204);
      await request(t.server).get('/api/auth/me').set('Cookie', session).expect(401);
    });
  });

  describe('user administration and invitations', () => {
    it('invites a user who sets a password once with the link, then signs in; everything audited', async () => {
      const since = await lastAuditId(t.dataSource);
      const invited = await request(t.server)
        .post('/api/users')
        .set(bearer(adminToken))
        .send({ email: 'New.Member@Example.org', displayName: 'New Member', memberships: [{ departmentId, role: 'member' }] })
        .expect(201);
      expect(invited.body.user).toMatchObject({ email: 'new.member@example.org', hasPassword: false, memberships: [{ role: 'member', departmentName: 'Normandy Police Department' }] });
      const token = invited.body.invitation.token as string;
      expect(invited.body.invitation.acceptPath).toContain(encodeURIComponent(token));

      const weak = await request(t.server).post('/api/invitations/accept').send({ token, password: 'short' }).expect(400);
      expect(weak.body.errors[0].field).toBe('password');
      const containsEmail = await request(t.server).post('/api/invitations/accept').send({ token, password: 'new.member@example.org!!' }).expect(400);
      expect(containsEmail.body.errors[0].message).toMatch(/email/);
      await request(t.server).post('/api/invitations/accept').send({ token, password: 'a long enough passphrase' }).expect(200);
      await request(t.server).post('/api/invitations/accept').send({ token, password: 'another long passphrase' }).expect(400);
      await signIn(t, 'new.member@example.org', 'a long enough passphrase');

      const duplicate = await request(t.server).post('/api/users').set(bearer(adminToken)).send({ email: 'NEW.member@example.org', displayName: 'Again' }).expect(409);
      expect(duplicate.body.detail).toMatch(/already exists/);
      expect(await auditActions(t.dataSource, since)).toEqual(['user.invited', 'mail.kept', 'invitation.accepted', 'login.succeeded']);
    });

    it('disables a user: their sessions stop working and sign-in is refused', async () => {
      const userId = await insertUser(t.dataSource, { email: 'leaving@example.org', memberships: [{ departmentId, role: 'member' }] });
      const token = await signIn(t, 'leaving@example.org');
      const since = await lastAuditId(t.dataSource);
      const res = await request(t.server).patch(`/api/users/${userId}`).set(bearer(adminToken)).send({ disabled: true }).expect(200);
      expect(res.body.disabled).toBe(true);
      await request(t.server).get('/api/auth/me').set(bearer(token)).expect(401);
      const login = await request(t.server).post('/api/auth/login').send({ email: 'leaving@example.org', password: TEST_PASSWORD }).expect(401);
      expect(login.body.type).toBe('urn:calea-tracker:problem:account-disabled');
      const [event] = await t.dataSource.query('SELECT action, before, after, actor_role FROM audit_event WHERE id > $1 ORDER BY id LIMIT 1', [since]);
      expect(event).toMatchObject({ action: 'user.disabled', before: { disabled: false }, after: { disabled: true }, actor_role: 'admin' });
    });

    it('changes roles, all-or-nothing, and refuses an unknown department', async () => {
      const userId = await insertUser(t.dataSource, { email: 'rotating@example.org', memberships: [{ departmentId, role: 'member' }] });
      const res = await request(t.server).put(`/api/users/${userId}/memberships`).set(bearer(adminToken)).send({ memberships: [{ departmentId, role: 'chief' }] }).expect(200);
      expect(res.body.memberships).toEqual([{ departmentId, departmentName: 'Normandy Police Department', role: 'chief' }]);
      await request(t.server)
        .put(`/api/users/${userId}/memberships`)
        .set(bearer(adminToken))
        .send({ memberships: [{ departmentId, role: 'manager' }, { departmentId: '00000000-0000-4000-8000-000000000000', role: 'member' }] })
        .expect(422);
      const after = await request(t.server).get(`/api/users/${userId}`).set(bearer(adminToken)).expect(200);
      expect(after.body.memberships).toEqual([{ departmentId, departmentName: 'Normandy Police Department', role: 'chief' }]);
      const bad = await request(t.server).put(`/api/users/${userId}/memberships`).set(bearer(adminToken)).send({ memberships: [{ departmentId, role: 'sheriff' }] }).expect(400);
      expect(bad.body.errors[0].field).toBe('memberships[0].role');
    });

    it('changes the own password with the rules, signing out the other sessions', async () => {
      await insertUser(t.dataSource, { email: 'changer@example.org' });
      const keep = await signIn(t, 'changer@example.org');
      const other = await signIn(t, 'changer@example.org');
      const wrong = await request(t.server).post('/api/auth/password').set(bearer(keep)).send({ currentPassword: 'nope', newPassword: 'a brand new passphrase' }).expect(400);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
      const weak = await request(t.server).post('/api/auth/password').set(bearer(keep)).send({ currentPassword: TEST_PASSWORD, newPassword: 'short' }).expect(400);
      expect(weak.body.errors[0].field).toBe('newPassword');
      await request(t.server).post('/api/auth/password').set(bearer(keep)).send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }).expect(204);
      await request(t.server).get('/api/auth/me').set(bearer(keep)).expect(200);
      await request(t.server).get('/api/auth/me').set(bearer(other)).expect(401);
      await signIn(t, 'changer@example.org', 'a brand new passphrase');
    });

    it('lists users with search and pagination', async () => {
      const res = await request(t.server).get('/api/users?search=example.org&limit=2&offset=1').set(bearer(adminToken)).expect(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.total).toBeGreaterThan(3);
      await request(t.server).get('/api/users?limit=0').set(bearer(adminToken)).expect(400);
    });
  });
});

describe('identity: rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    const base = await createTestApp();
    const auth = { ...base.config.auth, ipLimitPer15Minutes: 3 };
    await base.close();
    t = await createTestApp({ auth });
  });
  afterAll(() => t.close());

  it('refuses a network that keeps trying, whatever the account', async () => {
    for (let i = 0; i < 3; i++) {
      await request(t.server).post('/api/auth/login').send({ email: `someone${i}@example.org`, password: 'whatever pass' }).expect(401);
    }
    const res = await request(t.server).post('/api/auth/login').send({ email: 'fourth@example.org', password: 'whatever pass' }).expect(429);
    expect(res.body.detail).toMatch(/from your network/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
