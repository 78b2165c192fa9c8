import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import type { AppConfig } from '../src/config/app-config';
import { GrantEndingNoticesService } from '../src/identity/grant-ending-notices.service';
import { MailWorkerService } from '../src/mail/mail-worker.service';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, TEST_PASSWORD } from './support/fixtures';
import { insertProof, insertStandardFile } from './support/proof-fixtures';
import { SmtpSink } from './support/smtp-sink';
import { createTestApp, startTestApp, TestApp } from './support/test-app';
import { SAME_SITE } from './web/support/page-session';

const BASE = 'http://tracker.test';
const NEW_PASSWORD = 'a new and long passphrase 2026';

const mailConfig = (smtpUrl: string | null): Pick<AppConfig, 'mail' | 'publicBaseUrl'> => ({
  publicBaseUrl: BASE,
  mail: { smtpUrl, from: 'CALEA tracker <tracker@calea.test>', pollMs: 0, maxAttempts: 4, retryBaseMs: 60_000 },
});

/** The one link to this service in a mail's text, and the same link in its HTML part. */
function linkIn(text: string, path: string): string {
  const links = text.match(new RegExp(`${BASE.replace(/[.]/g, '\\.')}${path}\\?token=[A-Za-z0-9_%-]+`, 'g')) ?? [];
  expect(new Set(links).size).toBe(1);
  return links[0] ?? '';
}
const pathOf = (link: string): string => link.slice(BASE.length);
const tokenOf = (link: string): string => decodeURIComponent(new URL(link).searchParams.get('token') ?? '');

const mailRows = (t: TestApp, to: string): Promise<{ id: string; kind: string; status: string; attempts: number; last_error: string | null }[]> =>
  t.dataSource.query('SELECT id, kind, status, attempts, last_error FROM mail_message WHERE recipient_email = $1 ORDER BY created_at', [to]);

describe('mail through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let worker: MailWorkerService;
  let admin: string;
  let departmentId: string;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp(mailConfig(smtp.url), clock);
    worker = t.app.get(MailWorkerService);
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', displayName: 'Ada Admin', isAdmin: true }));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.refuse = null;
  });

  it('mails an invitation whose link sets the password, in a text and an HTML part, and audits it without the token', async () => {
    const invited = await request(t.server)
      .post('/api/users')
      .set(bearer(admin))
      .send({ email: 'Officer.Jones@Normandy.example', displayName: 'Pat Jones', memberships: [{ departmentId, role: 'member' }] })
      .expect(201);
    expect(smtp.to('officer.jones@normandy.example')).toHaveLength(0);
    expect(await worker.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });

    const [mail] = smtp.to('officer.jones@normandy.example');
    expect(smtp.to('officer.jones@normandy.example')).toHaveLength(1);
    expect(mail.user).toBe('tracker');
    expect(mail.parsed.subject).toBe('You are invited to the CALEA accreditation tracker');
    expect(mail.parsed.from?.text).toBe('"CALEA tracker" <tracker@calea.test>');
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.text : '').toBe('officer.jones@normandy.example');
    const text = mail.parsed.text ?? '';
    const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
    expect(text).toContain('Hello Pat Jones,');
    expect(html).toContain('Hello Pat Jones,');
    const link = linkIn(text, '/welcome');
    expect(linkIn(html, '/welcome')).toBe(link);
    expect(tokenOf(link)).toBe(invited.body.invitation.token);
    expect(text).toMatch(/it works once, until Jun 17, 2026, 10:00 AM CDT/);

    // Followed as the invited person would: the page, then its form.
    const page = await request(t.server).get(pathOf(link)).set(SAME_SITE).expect(200);
    expect(page.text).toContain(`name="token" value="${tokenOf(link)}"`);
    const accepted = await request(t.server)
      .post('/welcome')
      .set(SAME_SITE)
      .type('form')
      .send({ token: tokenOf(link), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
      .expect(303);
    expect(accepted.headers.location).toBe('/sign-in');
    await request(t.server).post('/api/auth/login').send({ email: 'officer.jones@normandy.example', password: NEW_PASSWORD }).expect(200);

    const [row] = await mailRows(t, 'officer.jones@normandy.example');
    expect(row).toMatchObject({ kind: 'invitation', status: 'sent', attempts: 1, last_error: null });
    const events: { action: string; actor_email: string | null; text: string }[] = await t.dataSource.query(
      `SELECT action, actor_email, coalesce(after::text, '') AS text FROM audit_event WHERE entity_type = 'mail' AND entity_id = $1 ORDER BY id`,
      [row.id],
    );
    expect(events.map((e) => [e.action, e.actor_email])).toEqual([
      ['mail.queued', 'admin@example.org'],
      ['mail.sent', null],
    ]);
    expect(events[0].text).toContain('"kind": "invitation"');
    const everything: { text: string }[] = await t.dataSource.query(`SELECT coalesce(before::text, '') || coalesce(after::text, '') AS text FROM audit_event`);
    expect(everything.filter((e) => e.text.includes(tokenOf(link)))).toEqual([]);
  });

  it('resends an invitation (the old link stops working) and withdraws one, mailing each', async () => {
    const { body } = await request(t.server).post('/api/users').set(bearer(admin)).send({ email: 'later@normandy.example', displayName: 'Lee Later' }).expect(201);
    const first = body.invitation.token as string;
    const resent = await request(t.server).post(`/api/users/${body.user.id}/invitation`).set(bearer(admin)).expect(201);
    await worker.drain();
    const mails = smtp.to('later@normandy.example');
    expect(mails.map((m) => m.parsed.subject)).toEqual(['You are invited to the CALEA accreditation tracker', 'Your new invitation to the CALEA accreditation tracker']);
    const secondLink = linkIn(mails[1].parsed.text ?? '', '/welcome');
    expect(tokenOf(secondLink)).toBe(resent.body.invitation.token);
    await request(t.server).post('/api/invitations/accept').send({ token: first, password: NEW_PASSWORD }).expect(400);

    await request(t.server).delete(`/api/users/${body.user.id}/invitation`).set(bearer(admin)).expect(200);
    await worker.drain();
    expect(smtp.to('later@normandy.example').map((m) => m.parsed.subject)).toContain('Your invitation to the CALEA accreditation tracker was withdrawn');
    const refused = await request(t.server).post('/api/invitations/accept').send({ token: tokenOf(secondLink), password: NEW_PASSWORD }).expect(400);
    expect(refused.body.type).toBe('urn:calea-tracker:problem:invitation-invalid');

    // Nothing open to withdraw, and nobody with a password to invite again: 422, no mail.
    const before = (await mailRows(t, 'later@normandy.example')).length;
    const again = await request(t.server).delete(`/api/users/${body.user.id}/invitation`).set(bearer(admin)).expect(422);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    const jones = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'officer.jones@normandy.example'`);
    const withPassword = await request(t.server).post(`/api/users/${jones[0].id}/invitation`).set(bearer(admin)).expect(422);
    expect(withPassword.body.detail).toMatch(/already set a password/);
    expect((await mailRows(t, 'later@normandy.example')).length).toBe(before);
  });

  it('mails an assessor the departments and window of the grant with the invitation', async () => {
    await request(t.server)
      .post('/api/assessor-grants')
      .set(bearer(admin))
      .send({ email: 'peer@assessors.example', displayName: 'Sam Peer', departmentIds: [departmentId], startsOn: '2026-06-15', endsOn: '2026-07-15' })
      .expect(201);
    await worker.drain();
    const [mail] = smtp.to('peer@assessors.example');
    expect(mail.parsed.subject).toBe('Assessor access to Normandy Police Department');
    expect(mail.parsed.text).toContain('from Jun 15, 2026 to Jul 15, 2026');
    linkIn(mail.parsed.text ?? '', '/welcome');
  });

  it('resets a forgotten password through the mailed link: the same answer for unknown emails, other sessions end, the link works once', async () => {
    const userId = await insertUser(t.dataSource, { email: 'forgetful@normandy.example', displayName: 'Fran Forgetful', memberships: [{ departmentId, role: 'member' }] });
    const oldSession = await insertSession(t.dataSource, userId);
    const known = await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'Forgetful@Normandy.example' }).expect(202);
    const unknown = await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'nobody@normandy.example' }).expect(202);
    expect(unknown.body).toEqual(known.body);
    await worker.drain();
    expect(smtp.to('nobody@normandy.example')).toHaveLength(0);
    const [mail] = smtp.to('forgetful@normandy.example');
    expect(mail.parsed.subject).toBe('Reset your password for the CALEA accreditation tracker');
    const link = linkIn(mail.parsed.text ?? '', '/reset-password');
    expect(linkIn(typeof mail.parsed.html === 'string' ? mail.parsed.html : '', '/reset-password')).toBe(link);

    const page = await request(t.server).get(pathOf(link)).set(SAME_SITE).expect(200);
    expect(page.text).toContain(`name="token" value="${tokenOf(link)}"`);
    const mismatch = await request(t.server).post('/reset-password').set(SAME_SITE).type('form').send({ token: tokenOf(link), password: NEW_PASSWORD, confirmPassword: 'something else entirely' });
    expect(mismatch.status).toBe(400);
    const done = await request(t.server).post('/reset-password').set(SAME_SITE).type('form').send({ token: tokenOf(link), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).expect(303);
    expect(done.headers.location).toBe('/sign-in');

    await request(t.server).get('/api/auth/me').set(bearer(oldSession)).expect(401);
    await request(t.server).post('/api/auth/login').send({ email: 'forgetful@normandy.example', password: TEST_PASSWORD }).expect(401);
    await request(t.server).post('/api/auth/login').send({ email: 'forgetful@normandy.example', password: NEW_PASSWORD }).expect(200);
    const reused = await request(t.server).post('/api/auth/password-reset').send({ token: tokenOf(link), password: 'yet another long passphrase' }).expect(400);
    expect(reused.body.type).toBe('urn:calea-tracker:problem:password-reset-invalid');

    const actions: { action: string }[] = await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [userId]);
    expect(actions.map((a) => a.action)).toEqual(['password-reset.requested', 'user.password-reset', 'login.failed']);
    const leaked: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE coalesce(after::text, '') LIKE '%' || $1 || '%'`, [tokenOf(link)]);
    expect(leaked[0].n).toBe(0);
  });

  it('refuses a bad reset request or a weak password with a problem+json and changes nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM mail_message');
    const bad = await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'not an email' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM mail_message')).toEqual(before);

    await insertUser(t.dataSource, { email: 'weak@normandy.example', displayName: 'Wes Weak' });
    await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'weak@normandy.example' }).expect(202);
    await worker.drain();
    const token = tokenOf(linkIn(smtp.to('weak@normandy.example')[0].parsed.text ?? '', '/reset-password'));
    const weak = await request(t.server).post('/api/auth/password-reset').send({ token, password: 'short' }).expect(400);
    expect(weak.body.errors[0].field).toBe('password');
    await request(t.server).post('/api/auth/login').send({ email: 'weak@normandy.example', password: TEST_PASSWORD }).expect(200);
    // The link still works after the refusal.
    await request(t.server).post('/api/auth/password-reset').send({ token, password: NEW_PASSWORD }).expect(204);
  });

  it('limits reset requests per email, known or not, with 429 and Retry-After', async () => {
    for (let i = 0; i < 5; i += 1) await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'ghost@normandy.example' }).expect(202);
    const limited = await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'ghost@normandy.example' }).expect(429);
    expect(limited.body.type).toBe('urn:calea-tracker:problem:too-many-attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(3_600_000);
    await request(t.server).post('/api/auth/password-reset-requests').send({ email: 'ghost@normandy.example' }).expect(202);
  });

  describe('notices of work', () => {
    let manager: string;
    let managerId: string;
    let memberId: string;

    beforeAll(async () => {
      managerId = await insertUser(t.dataSource, { email: 'manager@normandy.example', displayName: 'Morgan Manager', memberships: [{ departmentId, role: 'manager' }] });
      manager = await insertSession(t.dataSource, managerId);
      memberId = await insertUser(t.dataSource, { email: 'member@normandy.example', displayName: 'Max Member', memberships: [{ departmentId, role: 'member' }] });
    });

    it('tells a member the file assigned to them, once per assignment, with a link to it', async () => {
      const fileId = await insertStandardFile(t.dataSource, departmentId);
      await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: 1, assigneeUserId: memberId }).expect(200);
      await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: 2, notes: 'Same assignee, no new mail' }).expect(200);
      await worker.drain();
      const mails = smtp.to('member@normandy.example').filter((m) => m.parsed.subject?.startsWith('Assigned to you'));
      expect(mails).toHaveLength(1);
      expect(mails[0].parsed.subject).toMatch(/^Assigned to you: 90\.1\.\d+ Proof test standard \d+, Normandy Police Department$/);
      expect(mails[0].parsed.text).toContain('Morgan Manager assigned you the file of standard');
      expect(mails[0].parsed.text).toContain(`${BASE}/department/${departmentId}/files/${fileId}`);
    });

    it('tells the member who filed a proof that it was returned, with the reason', async () => {
      const fileId = await insertStandardFile(t.dataSource, departmentId, { assigneeUserId: memberId });
      const { linkId } = await insertProof(t, { departmentId, fileId, createdByUserId: memberId });
      await request(t.server).post(`/api/proof-links/${linkId}/return`).set(bearer(manager)).send({ version: 1, reason: 'The roster page is missing its signature' }).expect(200);
      await worker.drain();
      const [mail] = smtp.to('member@normandy.example').filter((m) => m.parsed.subject?.startsWith('Proof returned'));
      expect(mail.parsed.subject).toMatch(/^Proof returned: 90\.1\.\d+, Normandy Police Department$/);
      expect(mail.parsed.text).toContain('Morgan Manager returned your proof "evidence.pdf"');
      expect(mail.parsed.text).toContain('The roster page is missing its signature');
      expect(typeof mail.parsed.html === 'string' ? mail.parsed.html : '').toContain('The roster page is missing its signature');
      const [event] = await t.dataSource.query(`SELECT actor_email, department_id, after FROM audit_event WHERE action = 'mail.queued' AND after->>'kind' = 'proof-returned'`);
      expect(event).toMatchObject({ actor_email: 'manager@normandy.example', department_id: departmentId, after: { to: 'member@normandy.example' } });
    });

    it("tells the department's managers that the chief signed readiness off", async () => {
      const chief = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'chief@normandy.example', displayName: 'Chris Chief', memberships: [{ departmentId, role: 'chief' }] }));
      await request(t.server).post(`/api/departments/${departmentId}/readiness/sign-offs`).set(bearer(chief)).send({ note: 'Ready for the mock assessment', acknowledgeNotReady: true }).expect(201);
      await worker.drain();
      const [mail] = smtp.to('manager@normandy.example');
      expect(mail.parsed.subject).toBe('Normandy Police Department: readiness signed off by Chris Chief');
      expect(mail.parsed.text).toContain('Note: Ready for the mock assessment');
      expect(smtp.to('chief@normandy.example')).toHaveLength(0);
      expect(smtp.to('member@normandy.example').filter((m) => m.parsed.subject?.includes('signed off'))).toHaveLength(0);
    });

    it('tells an assessor who already has a password that a new grant opens', async () => {
      await insertUser(t.dataSource, { email: 'returning@assessors.example', displayName: 'Robin Returning' });
      const res = await request(t.server)
        .post('/api/assessor-grants')
        .set(bearer(manager))
        .send({ email: 'returning@assessors.example', displayName: 'Robin Returning', departmentIds: [departmentId], startsOn: '2026-07-01', endsOn: '2026-07-31' })
        .expect(201);
      expect(res.body.invitation).toBeNull();
      await worker.drain();
      const [mail] = smtp.to('returning@assessors.example');
      expect(mail.parsed.subject).toBe('Assessor access to Normandy Police Department');
      expect(mail.parsed.text).toContain('from Jul 1, 2026 to Jul 31, 2026');
      expect(mail.parsed.text).toContain(`${BASE}/sign-in`);
    });
  });

  it("tells an assessor, once, that their access ends within GRANT_ENDING_NOTICE_DAYS; not a revoked grant, a later one or one not open yet", async () => {
    const notices = t.app.get(GrantEndingNoticesService);
    const assessor = (email: string) => insertUser(t.dataSource, { email, displayName: 'Sam Ending' });
    // Today is 2026-06-10; the notice goes out 7 days ahead (the default).
    await insertGrant(t.dataSource, await assessor('ending@assessors.example'), [departmentId], '2026-06-01', '2026-06-15');
    await insertGrant(t.dataSource, await assessor('later@assessors.example'), [departmentId], '2026-06-01', '2026-06-30');
    await insertGrant(t.dataSource, await assessor('revoked@assessors.example'), [departmentId], '2026-06-01', '2026-06-12', new Date('2026-06-05T12:00:00Z'));
    await insertGrant(t.dataSource, await assessor('pending@assessors.example'), [departmentId], '2026-06-11', '2026-06-12');
    expect(await notices.queueEndingNotices()).toEqual({ skipped: false, queued: 1 });
    expect(await notices.queueEndingNotices()).toEqual({ skipped: false, queued: 0 });
    await worker.drain();
    const [mail] = smtp.to('ending@assessors.example');
    expect(mail.parsed.subject).toBe('Your assessor access to Normandy Police Department ends in 5 days');
    expect(mail.parsed.text).toContain('ends on Jun 15, 2026');
    expect(mail.parsed.html).toContain('<strong>Jun 15, 2026</strong>');
    expect(mail.parsed.text).toContain(`${BASE}/sign-in`);
    for (const other of ['later', 'revoked', 'pending']) expect(smtp.to(`${other}@assessors.example`)).toHaveLength(0);
    const [event] = await t.dataSource.query(`SELECT actor_role, after FROM audit_event WHERE action = 'mail.queued' AND after ->> 'kind' = 'grant-ending'`);
    expect(event.after).toMatchObject({ to: 'ending@assessors.example' });
  });

  it('keeps a refused mail, retries it with backoff, and sends it once the server accepts', async () => {
    smtp.refuse = 'Mailbox temporarily unavailable';
    await request(t.server).post('/api/users').set(bearer(admin)).send({ email: 'patient@normandy.example', displayName: 'Pat Patient' }).expect(201);
    expect(await worker.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = await mailRows(t, 'patient@normandy.example');
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/Mailbox temporarily unavailable/);

    smtp.refuse = null;
    // Not due before its backoff has passed ...
    clock.advance(59_000);
    expect(await worker.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    // ... and sent once it has.
    clock.advance(1_000);
    expect(await worker.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await worker.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.to('patient@normandy.example')).toHaveLength(1);
    [row] = await mailRows(t, 'patient@normandy.example');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('records a mail as failed, with the reason, after its last attempt; the backoff doubles', async () => {
    smtp.refuse = 'Relay access denied for now';
    await request(t.server).post('/api/users').set(bearer(admin)).send({ email: 'unlucky@normandy.example', displayName: 'Una Lucky' }).expect(201);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await worker.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      const [{ next_attempt_at }] = await t.dataSource.query(`SELECT next_attempt_at FROM mail_message WHERE recipient_email = 'unlucky@normandy.example'`);
      waits.push((next_attempt_at as Date).getTime() - clock.now().getTime());
      clock.set(next_attempt_at as Date);
    }
    expect(waits).toEqual([60_000, 120_000, 240_000]);
    expect(await worker.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const [row] = await mailRows(t, 'unlucky@normandy.example');
    expect(row).toMatchObject({ status: 'failed', attempts: 4 });
    expect(row.last_error).toMatch(/Relay access denied for now/);
    const [event] = await t.dataSource.query(`SELECT after FROM audit_event WHERE action = 'mail.failed' AND entity_id = $1`, [row.id]);
    expect(event.after).toMatchObject({ kind: 'invitation', to: 'unlucky@normandy.example', attempts: 4 });
    expect(smtp.to('unlucky@normandy.example')).toHaveLength(0);
  });

  it('sends each mail once with two service instances draining the same database at the same time', async () => {
    const second = await startTestApp(t.config.databaseUrl as string, mailConfig(smtp.url), clock);
    try {
      const emails = Array.from({ length: 12 }, (_, i) => `crowd${i}@normandy.example`);
      for (const email of emails) await request(t.server).post('/api/users').set(bearer(admin)).send({ email, displayName: `Crowd ${email}` }).expect(201);
      // One drain per instance (a second call in the same process joins the drain already running).
      const runs = await Promise.all([worker.drain(), second.app.get(MailWorkerService).drain()]);
      expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(12);
      for (const email of emails) expect(smtp.to(email)).toHaveLength(1);
      const statuses: { status: string; attempts: number }[] = await t.dataSource.query(
        `SELECT status, attempts FROM mail_message WHERE recipient_email LIKE 'crowd%'`,
      );
      expect(statuses).toHaveLength(12);
      expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe('mail without SMTP_URL: the outbox', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp(mailConfig(null));
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
  });
  afterAll(() => t.close());

  it("shows a new user's invitation mail on the outbox page, and its link sets the password", async () => {
    await request(t.server).post('/api/users').set(bearer(admin)).send({ email: 'newcomer@normandy.example', displayName: 'Nell Newcomer' }).expect(201);
    expect(await t.app.get(MailWorkerService).drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const outbox = await request(t.server).get('/admin/outbox').set(bearer(admin)).expect(200);
    expect(outbox.text).toContain('data-outbox-only');
    expect(outbox.text).toContain('newcomer@normandy.example');
    expect(outbox.text).toContain('You are invited to the CALEA accreditation tracker');
    expect(outbox.text).toContain('In the outbox');
    const id = /href="\/admin\/outbox\/([0-9a-f-]{36})"/.exec(outbox.text)?.[1];
    const mail = await request(t.server).get(`/admin/outbox/${id}`).set(bearer(admin)).expect(200);
    const link = linkIn(mail.text, '/welcome');
    await request(t.server).post('/api/invitations/accept').send({ token: tokenOf(link), password: NEW_PASSWORD }).expect(200);
    await request(t.server).post('/api/auth/login').send({ email: 'newcomer@normandy.example', password: NEW_PASSWORD }).expect(200);

    const [row] = await mailRows(t, 'newcomer@normandy.example');
    expect(row).toMatchObject({ kind: 'invitation', status: 'kept', attempts: 0 });
    const [event] = await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'mail' AND entity_id = $1`, [row.id]);
    expect(event.action).toBe('mail.kept');
  });

  it('answers 404 for a mail that does not exist and 400 for an id that is not one', async () => {
    await request(t.server).get('/admin/outbox/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    await request(t.server).get('/admin/outbox/not-an-id').set(bearer(admin)).expect(400);
  });
});
