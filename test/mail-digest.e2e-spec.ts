import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { DeadlineDigestService } from '../src/deadlines/deadline-digest.service';
import { MailWorkerService } from '../src/mail/mail-worker.service';
import { flashFromSetCookie } from '../src/web/flash';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { insertProof, insertStandardFile } from './support/proof-fixtures';
import { SmtpSink } from './support/smtp-sink';
import { createTestApp, TestApp } from './support/test-app';
import { SAME_SITE } from './web/support/page-session';

const BASE = 'http://tracker.test';
/** Award day: cycle year 1 runs 2025-01-01 to 2025-12-31, so the year's annual activity is due on 2025-12-31. */
const AWARD = '2025-01-01';
const at = (day: string): Date => new Date(`${day}T15:00:00Z`);

describe('deadline digests as the clock moves through due soon, overdue and met', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let digests: DeadlineDigestService;
  let worker: MailWorkerService;
  let departmentId: string;
  let fileId: string;
  let member: string;
  const clock = new FixedClock(at('2025-11-15'));

  /** Queues the digests of the day and sends them; what the SMTP server got this time. */
  const runDay = async (day: string) => {
    clock.set(at(day));
    const before = smtp.received.length;
    const run = await digests.queueDigests();
    await worker.drain();
    return { run, mails: smtp.received.slice(before) };
  };
  const textTo = (mails: SmtpSink['received'], email: string): string => mails.find((m) => m.envelopeTo.includes(email))?.parsed.text ?? '';

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ publicBaseUrl: BASE, mail: { smtpUrl: smtp.url, from: 'Tracker <tracker@calea.test>', pollMs: 0, maxAttempts: 3, retryBaseMs: 60_000 } }, clock);
    digests = t.app.get(DeadlineDigestService);
    worker = t.app.get(MailWorkerService);
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    await setProfile(t.dataSource, departmentId, { awardDate: AWARD, swornOfficers: 30 });
    const memberId = await insertUser(t.dataSource, { email: 'member@normandy.example', displayName: 'Max Member', memberships: [{ departmentId, role: 'member' }] });
    member = await insertSession(t.dataSource, memberId);
    await insertUser(t.dataSource, { email: 'manager@normandy.example', displayName: 'Morgan Manager', memberships: [{ departmentId, role: 'manager' }] });
    fileId = await insertStandardFile(t.dataSource, departmentId, { frequency: 'annual', assigneeUserId: memberId });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('sends nothing while the activity is only upcoming', async () => {
    const { run } = await runDay('2025-11-15');
    expect(run.skipped).toBe(false);
    expect((await runDay('2025-11-15')).mails.filter((m) => m.envelopeTo.includes('member@normandy.example'))).toHaveLength(0);
  });

  it('lets a member choose the daily digest on the settings page; a bad choice is refused and changes nothing', async () => {
    const page = await request(t.server).get('/account/mail').set(bearer(member)).expect(200);
    expect(page.text).toContain('value="weekly" checked');
    const bad = await request(t.server).post('/account/mail').set(bearer(member)).set('Referer', 'http://calea.test/account/mail').type('form').send({ digest: 'hourly' });
    expect(flashFromSetCookie(bad.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 400 });
    expect((await request(t.server).get('/account/mail').set(bearer(member)).expect(200)).text).toContain('value="weekly" checked');
    await request(t.server).post('/account/mail').set(bearer(member)).type('form').send({ digest: 'daily' }).expect(303);
    expect((await request(t.server).get('/account/mail').set(bearer(member)).expect(200)).text).toContain('value="daily" checked');
    const [event] = await t.dataSource.query(`SELECT before, after FROM audit_event WHERE action = 'mail-preference.changed'`);
    expect(event).toEqual({ before: { digest: 'weekly' }, after: { digest: 'daily' } });
  });

  it('mails the assignee and the manager when the activity is due soon, once that day', async () => {
    const { mails } = await runDay('2025-12-10');
    const memberText = textTo(mails, 'member@normandy.example');
    expect(mails.find((m) => m.envelopeTo.includes('member@normandy.example'))?.parsed.subject).toBe('Accreditation deadlines: 0 overdue, 1 due soon');
    expect(memberText).toContain('Your daily digest');
    expect(memberText).toMatch(/Files assigned to you\n- Due soon, due Dec 31, 2025: 90\.1\.\d+ Proof test standard \d+/);
    expect(memberText).toContain(`${BASE}/department/${departmentId}/files/${fileId}`);
    const managerText = textTo(mails, 'manager@normandy.example');
    expect(managerText).toContain('Your weekly digest');
    expect(managerText).toContain('Normandy Police Department (you manage it)');
    expect(managerText).toMatch(/Due soon, due Dec 31, 2025: 90\.1\.\d+/);

    expect((await runDay('2025-12-10')).mails).toHaveLength(0);
  });

  it('mails the daily member again two days later, but not the weekly manager', async () => {
    const { mails } = await runDay('2025-12-12');
    expect(mails.map((m) => m.envelopeTo[0])).toEqual(['member@normandy.example']);
  });

  it('says overdue once the due day has passed, to both once the manager\'s week is over', async () => {
    const { mails } = await runDay('2026-01-02');
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['manager@normandy.example', 'member@normandy.example']);
    expect(mails.find((m) => m.envelopeTo.includes('member@normandy.example'))?.parsed.subject).toMatch(/^Accreditation deadlines: 1 overdue, \d+ due soon$/);
    expect(textTo(mails, 'member@normandy.example')).toMatch(/- OVERDUE, due Dec 31, 2025: 90\.1\.\d+/);
    expect(textTo(mails, 'manager@normandy.example')).toMatch(/OVERDUE, due Dec 31, 2025: 90\.1\.\d+/);
  });

  it('sends the member nothing once a proof dated in the period meets it', async () => {
    await insertProof(t, { departmentId, fileId, effectiveDate: '2025-12-20', cycleStartsOn: AWARD, cycleYear: 1 });
    const { mails } = await runDay('2026-01-04');
    expect(mails.filter((m) => m.envelopeTo.includes('member@normandy.example'))).toHaveLength(0);
  });

  it('stops the digest from the link in it, without signing in, and audits that', async () => {
    const last = [...smtp.received].reverse().find((m) => m.envelopeTo.includes('member@normandy.example'));
    const link = /http:\/\/tracker\.test\/unsubscribe\?token=[A-Za-z0-9_%-]+/.exec(last?.parsed.text ?? '')?.[0] ?? '';
    expect(typeof last?.parsed.html === 'string' ? last.parsed.html : '').toContain(link);
    const path = link.slice(BASE.length);
    const page = await request(t.server).get(path).set(SAME_SITE).expect(200);
    expect(page.text).toContain('member@normandy.example');
    // Opening the link changes nothing (mail scanners open links); the button does.
    expect((await request(t.server).get('/account/mail').set(bearer(member))).text).toContain('value="daily" checked');
    const token = decodeURIComponent(new URL(link).searchParams.get('token') ?? '');
    const done = await request(t.server).post('/unsubscribe').set(SAME_SITE).type('form').send({ token }).expect(200);
    expect(done.text).toContain('data-unsubscribed');
    expect((await request(t.server).get('/account/mail').set(bearer(member))).text).toContain('value="off" checked');
    const [event] = await t.dataSource.query(`SELECT actor_email, after FROM audit_event WHERE action = 'mail-preference.unsubscribed'`);
    expect(event).toEqual({ actor_email: 'member@normandy.example', after: { digest: 'off' } });

    // A new overdue deadline would be in a digest; turned off, none comes.
    const another = await insertStandardFile(t.dataSource, departmentId, { frequency: 'annual', assigneeUserId: (await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'member@normandy.example'`))[0].id });
    expect(another).toBeDefined();
    const { mails } = await runDay('2026-01-10');
    expect(mails.filter((m) => m.envelopeTo.includes('member@normandy.example'))).toHaveLength(0);
    expect(mails.filter((m) => m.envelopeTo.includes('manager@normandy.example'))).toHaveLength(1);

    const unknown = await request(t.server).post('/unsubscribe').set(SAME_SITE).type('form').send({ token: 'uns_not_a_real_token' });
    // A refused page form goes back with the reason and its status in the flash message.
    expect(flashFromSetCookie(unknown.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 404 });
  });
});
