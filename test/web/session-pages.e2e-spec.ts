import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { bearer, insertDepartment, insertGrant, insertUser, signIn, TEST_PASSWORD } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { flashOf, getPage, postForm, SAME_SITE, signInThroughPage } from './support/page-session';

describe('pages: signing in and out, invitations, password', () => {
  let t: TestApp;
  let departmentId: string;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true });
    await insertUser(t.dataSource, { email: 'manager@example.org', displayName: 'Morgan Manager', memberships: [{ departmentId, role: 'manager' }] });
    const expired = await insertUser(t.dataSource, { email: 'expired@peer.example' });
    await insertGrant(t.dataSource, expired, [departmentId], '2026-01-01', '2026-03-31');
  });
  afterAll(() => t.close());

  const sessionCount = async (email: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL`,
          [email],
        )
      )[0].n,
    );

  it('sends a visitor without a session to sign in, and back to the page they asked for', async () => {
    const res = await getPage(t, null, '/account').expect(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount');
    const form = await getPage(t, null, '/sign-in?next=%2Faccount').expect(200);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.text).toContain('<label for="email">Email address</label>');
    expect(form.text).toContain('name="next" value="/account"');

    const signedIn = await request(t.server).post('/sign-in').set(SAME_SITE).type('form').send({ email: 'manager@example.org', password: TEST_PASSWORD, next: '/account' }).expect(303);
    expect(signedIn.headers.location).toBe('/account');
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(/calea_session=cks_[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict/);
  });

  it('never follows "next" to another site', async () => {
    for (const next of ['//evil.example/steal', 'https://evil.example/', '/\\evil.example']) {
      const res = await request(t.server).post('/sign-in').set(SAME_SITE).type('form').send({ email: 'manager@example.org', password: TEST_PASSWORD, next }).expect(303);
      expect(res.headers.location).toBe('/');
    }
  });

  it('shows why a sign-in failed, in the page, with the status', async () => {
    const wrong = await request(t.server).post('/sign-in').set(SAME_SITE).type('form').send({ email: 'manager@example.org', password: 'not the password' }).expect(401);
    expect(wrong.text).toContain('role="alert"');
    expect(wrong.text).toContain('The email address or the password is not correct.');
    expect(wrong.text).toContain('value="manager@example.org"');
    expect(wrong.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^calea_session=/)]));

    const lapsed = await request(t.server).post('/sign-in').set(SAME_SITE).type('form').send({ email: 'expired@peer.example', password: TEST_PASSWORD }).expect(401);
    expect(lapsed.text).toContain('Your assessor access ended on 2026-03-31');
  });

  it('refuses a sign-in form posted from another site', async () => {
    const before = await sessionCount('manager@example.org');
    const res = await request(t.server)
      .post('/sign-in')
      .set({ Host: 'calea.test', Origin: 'https://evil.example' })
      .type('form')
      .send({ email: 'manager@example.org', password: TEST_PASSWORD })
      .expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'error', status: 403 });
    expect(String(res.headers['set-cookie'])).not.toContain('calea_session=');
    expect(await sessionCount('manager@example.org')).toBe(before);

    // Nothing another site sends is read, so nothing of it can be echoed into the next page's message.
    const planted = await request(t.server)
      .post('/sign-in')
      .set({ Host: 'calea.test', Origin: 'https://evil.example' })
      .type('form')
      .send({ 'Your session expired. Call the helpdesk at 555-0100': 'x' })
      .expect(303);
    expect(flashOf(planted)?.message).toBe("This form must be sent from this site's own pages.");
  });

  it('refuses a page form without the CSRF token, or from another site, and changes nothing', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const fields = { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' };
    const noToken = await request(t.server).post('/account/password').set(SAME_SITE).set('Cookie', session.cookie).type('form').send(fields).expect(303);
    expect(flashOf(noToken)).toMatchObject({ kind: 'error', status: 403, message: expect.stringMatching(/CSRF token/) });
    const otherSite = await request(t.server)
      .post('/account/password')
      .set({ Host: 'calea.test', Origin: 'https://evil.example' })
      .set('Cookie', session.cookie)
      .type('form')
      .send({ ...fields, _csrf: session.csrf })
      .expect(303);
    expect(flashOf(otherSite)).toMatchObject({ kind: 'error', status: 403 });
    await signIn(t, 'manager@example.org', TEST_PASSWORD);
  });

  it('changes the password from the account page, signing out the other sessions', async () => {
    await insertUser(t.dataSource, { email: 'changer@example.org', memberships: [{ departmentId, role: 'member' }] });
    const other = await signInThroughPage(t, 'changer@example.org');
    const session = await signInThroughPage(t, 'changer@example.org');
    const page = await getPage(t, session, '/account').expect(200);
    expect(page.text).toContain(`data-csrf-token="${session.csrf}"`);

    const mismatch = await postForm(t, session, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'another passphrase' }, '/account').expect(303);
    expect(mismatch.headers.location).toBe('/account');
    expect(flashOf(mismatch)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'confirmPassword', message: 'The two new passwords are not the same.' }] });
    const weak = await postForm(t, session, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' }, '/account').expect(303);
    expect(flashOf(weak)).toMatchObject({ kind: 'error', status: 400 });
    await signIn(t, 'changer@example.org', TEST_PASSWORD);

    const done = await postForm(t, session, '/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' }, '/account').expect(303);
    expect(flashOf(done)).toMatchObject({ kind: 'success' });
    const shown = await getPage(t, session, '/account').set('Cookie', `${session.cookie}; ${String(done.headers['set-cookie']).split(';')[0]}`).expect(200);
    expect(shown.text).toContain('Your password is changed.');
    await getPage(t, other, '/account').expect(303);
    await request(t.server).post('/api/auth/login').send({ email: 'changer@example.org', password: TEST_PASSWORD }).expect(401);
    await signIn(t, 'changer@example.org', 'a brand new passphrase');
  });

  it('lets an invited assessor set a password on the welcome page, then sign in', async () => {
    const admin = await signIn(t, 'admin@example.org');
    const invited = await request(t.server)
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'peer@assessors.example', displayName: 'Pat Peer', memberships: [{ departmentId, role: 'chief' }] })
      .expect(201);
    const acceptPath = invited.body.invitation.acceptPath as string;
    expect(acceptPath).toMatch(/^\/welcome\?token=/);
    const token = decodeURIComponent(acceptPath.split('token=')[1]);

    const page = await getPage(t, null, acceptPath).expect(200);
    expect(page.text).toContain('<label for="password">New password</label>');
    expect(page.text).toContain(`name="token" value="${token}"`);

    const mismatch = await request(t.server).post('/welcome').set(SAME_SITE).type('form').send({ token, password: 'a long enough passphrase', confirmPassword: 'something else entirely' }).expect(400);
    expect(mismatch.text).toContain('The two passwords are not the same.');
    const accepted = await request(t.server).post('/welcome').set(SAME_SITE).type('form').send({ token, password: 'a long enough passphrase', confirmPassword: 'a long enough passphrase' }).expect(303);
    expect(accepted.headers.location).toBe('/sign-in');
    expect(flashOf(accepted)).toMatchObject({ kind: 'success', message: expect.stringContaining('Pat Peer') });
    const again = await request(t.server).post('/welcome').set(SAME_SITE).type('form').send({ token, password: 'another long passphrase', confirmPassword: 'another long passphrase' }).expect(400);
    expect(again.text).toContain('role="alert"');
    await signInThroughPage(t, 'peer@assessors.example', 'a long enough passphrase');
  });

  it('signing in again in the same browser ends the session the browser held', async () => {
    await insertUser(t.dataSource, { email: 'twice@example.org', memberships: [{ departmentId, role: 'member' }] });
    const first = await signInThroughPage(t, 'twice@example.org');
    expect(await sessionCount('twice@example.org')).toBe(1);
    const again = await request(t.server).post('/sign-in').set(SAME_SITE).set('Cookie', first.cookie).type('form').send({ email: 'twice@example.org', password: TEST_PASSWORD }).expect(303);
    expect(String(again.headers['set-cookie'])).toMatch(/calea_session=cks_/);
    expect(await sessionCount('twice@example.org')).toBe(1);
    await getPage(t, first, '/').expect(303);
  });

  it('signs out: the session ends and the pages ask to sign in again', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    await getPage(t, session, '/').expect(200);
    const out = await postForm(t, session, '/sign-out', {}).expect(303);
    expect(out.headers.location).toBe('/sign-in');
    expect(String(out.headers['set-cookie'])).toMatch(/calea_session=;/);
    const after = await getPage(t, session, '/').expect(303);
    expect(after.headers.location).toBe('/sign-in?next=%2F');
  });

  it('shows the dashboard with the departments the user can see', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const page = await getPage(t, session, '/').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Footprint dashboard');
    expect(page.text).toContain(`href="/department/${departmentId}">Normandy Police Department</a>`);
    expect(page.text).not.toContain('href="/admin/users"');
  });

  it('keeps an assessor signed in when one grant has ended: that department says why, the others still open', async () => {
    const current = await insertDepartment(t.dataSource, 'Pagedale Police Department');
    const ended = await insertDepartment(t.dataSource, 'Bel-Ridge Police Department');
    const assessor = await insertUser(t.dataSource, { email: 'two.grants@peer.example' });
    await insertGrant(t.dataSource, assessor, [current], '2026-06-01', '2026-06-30');
    await insertGrant(t.dataSource, assessor, [ended], '2026-01-01', '2026-03-31');
    const session = await signInThroughPage(t, 'two.grants@peer.example');
    const refused = await getPage(t, session, `/department/${ended}`).expect(403);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect(refused.text).toContain('ended on 2026-03-31');
    await getPage(t, session, '/').expect(200);
  });
});
