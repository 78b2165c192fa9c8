import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { IMPORT_TEMPLATE_PATH } from '../../src/standards/manuals.service';
import { syntheticManualCsv } from '../../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId } from '../support/fixtures';
import { smallManual } from '../support/small-manual';
import { createTestApp, TestApp } from '../support/test-app';
import { decodeHtml, flashOf, followShownOnce, getPage, PageSession, postForm, SAME_SITE, signInThroughPage } from './support/page-session';

const TEMPLATE_HEADER = 'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,linked,frequency,bullets,replaces,text,commentary';
const MANUAL_FIELDS = { program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' };

/** The crosswalk import form: multipart, the token in the query. */
function postCrosswalk(t: TestApp, session: PageSession, csv: string, fileName = 'crosswalk.csv'): request.Test {
  return request(t.server)
    .post(`/admin/manuals/crosswalks/import?_csrf=${encodeURIComponent(session.csrf)}`)
    .set(SAME_SITE)
    .set('Referer', 'http://calea.test/admin/manuals')
    .set('Cookie', session.cookie)
    .attach('file', Buffer.from(csv, 'utf8'), { filename: fileName, contentType: 'text/csv' });
}

/** A form with repeated fields (one select per department), encoded as a browser does. */
function postRepeated(t: TestApp, session: PageSession, path: string, fields: [string, string][], from: string): request.Test {
  const body = new URLSearchParams([['_csrf', session.csrf], ...fields]).toString();
  return request(t.server).post(path).set(SAME_SITE).set('Referer', `http://calea.test${from}`).set('Cookie', session.cookie).type('form').send(body);
}

/** The manual import form: multipart, the token in the query. */
function postImport(t: TestApp, session: PageSession, file: Buffer, fileName: string, fields: Record<string, string>, csrf = session.csrf): request.Test {
  let req = request(t.server)
    .post(`/admin/manuals/import?_csrf=${encodeURIComponent(csrf)}`)
    .set(SAME_SITE)
    .set('Referer', 'http://calea.test/admin/manuals')
    .set('Cookie', session.cookie);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  return req.attach('file', file, { filename: fileName, contentType: 'text/csv' });
}


describe('pages: administration (users, assessor grants, manuals)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let normandy: string;
  let pagedale: string;
  let admin: PageSession;
  let manager: PageSession;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    normandy = await insertDepartment(t.dataSource, 'Normandy Police Department', 'Normandy PD');
    pagedale = await insertDepartment(t.dataSource, 'Pagedale Police Department', 'Pagedale PD');
    await insertUser(t.dataSource, { email: 'admin@example.org', displayName: 'Ada Admin', isAdmin: true });
    await insertUser(t.dataSource, { email: 'manager@example.org', displayName: 'Morgan Manager', memberships: [{ departmentId: normandy, role: 'manager' }] });
    admin = await signInThroughPage(t, 'admin@example.org');
    manager = await signInThroughPage(t, 'manager@example.org');
  });
  afterAll(() => t?.close());

  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);
  const membershipsOf = (email: string): Promise<{ department_id: string; role: string }[]> =>
    t.dataSource.query('SELECT m.department_id, m.role FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.role', [email]);
  const userId = async (email: string): Promise<string> => (await t.dataSource.query('SELECT id FROM app_user WHERE email = $1', [email]))[0].id;

  describe('users', () => {
    it('lists the users with their roles per department and their state', async () => {
      const res = await getPage(t, admin, '/admin/users').expect(200);
      expect(res.text).toContain('Ada Admin');
      expect(res.text).toContain('manager@example.org');
      expect(res.text).toContain('Accreditation manager, Normandy Police Department');
      expect(res.text).toContain('<span class="badge badge-warn">Administrator</span>');
      expect(res.text).toContain('<span class="badge badge-ok">Active</span>');
      // The invite form offers a role select per department.
      expect(res.text).toContain(`<option value="${normandy}:chief">Chief</option>`);
      expect(res.text).toContain(`<option value="${pagedale}:member">Team member</option>`);
      const searched = await getPage(t, admin, '/admin/users?search=morgan').expect(200);
      expect(searched.text).toContain('manager@example.org');
      expect(searched.text).not.toContain('admin@example.org</span>');
    });

    it('invites a user, shows the /welcome link once, and that link sets the password (then sign-in works)', async () => {
      const since = await lastAuditId(t.dataSource);
      const posted = await postRepeated(
        t,
        admin,
        '/admin/users',
        [
          ['email', 'New.Member@Example.org'],
          ['displayName', 'Nia Newcomer'],
          ['membership', `${normandy}:member`],
          ['membership', ''],
        ],
        '/admin/users',
      ).expect(303);
      expect(posted.headers.location).toBe('/admin/users/invitation');
      const res = await followShownOnce(t, admin, posted);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      const match = /value="(http:\/\/calea\.test\/welcome\?token=[^"]+)"/.exec(res.text);
      expect(match).not.toBeNull();
      const link = new URL(decodeHtml(match![1]));
      expect(res.text).toContain('Nia Newcomer');
      expect(await membershipsOf('new.member@example.org')).toEqual([{ department_id: normandy, role: 'member' }]);
      // The invitation mail is kept in the outbox (no SMTP_URL in this test) and audited with it.
      expect(await auditActions(t.dataSource, since)).toEqual(['user.invited', 'mail.kept']);
      // A reload of the page shows no link and invites nobody again.
      const reloaded = await getPage(t, admin, '/admin/users/invitation').expect(200);
      expect(reloaded.text).toContain('The link was shown once');
      expect(reloaded.text).not.toContain('/welcome?token=');
      // The invitation mail is kept in the outbox (no SMTP_URL in this test) and audited with it.
      expect(await auditActions(t.dataSource, since)).toEqual(['user.invited', 'mail.kept']);

      const welcome = await getPage(t, null, `${link.pathname}${link.search}`).expect(200);
      expect(welcome.text).toContain(`name="token" value="${link.searchParams.get('token')}"`);
      const accepted = await request(t.server)
        .post('/welcome')
        .set(SAME_SITE)
        .type('form')
        .send({ token: link.searchParams.get('token'), password: 'a long enough passphrase', confirmPassword: 'a long enough passphrase', displayName: '' })
        .expect(303);
      expect(accepted.headers.location).toBe('/sign-in');
      const session = await signInThroughPage(t, 'new.member@example.org', 'a long enough passphrase');
      expect((await getPage(t, session, '/').expect(200)).text).toContain('Normandy Police Department');
    });

    it('refuses to invite an email that already has an account, and changes nothing', async () => {
      const users = await count('app_user');
      const res = await postRepeated(t, admin, '/admin/users', [['email', 'manager@example.org'], ['displayName', 'Again']], '/admin/users').expect(303);
      expect(res.headers.location).toBe('/admin/users');
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 409 });
      expect(await count('app_user')).toBe(users);
    });

    it("changes a user's roles per department", async () => {
      const id = await userId('manager@example.org');
      const page = await getPage(t, admin, `/admin/users/${id}`).expect(200);
      expect(page.text).toContain(`<option value="${normandy}:manager" selected>Accreditation manager</option>`);
      const since = await lastAuditId(t.dataSource);
      const res = await postRepeated(
        t,
        admin,
        `/admin/users/${id}/memberships`,
        [
          ['membership', `${normandy}:member`],
          ['membership', `${pagedale}:chief`],
        ],
        `/admin/users/${id}`,
      ).expect(303);
      expect(res.headers.location).toBe(`/admin/users/${id}`);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'Morgan Manager now has 2 department roles.' });
      expect(await membershipsOf('manager@example.org')).toEqual([
        { department_id: pagedale, role: 'chief' },
        { department_id: normandy, role: 'member' },
      ]);
      expect(await auditActions(t.dataSource, since)).toEqual(['user.roles-changed']);
      const after = await getPage(t, admin, `/admin/users/${id}`).expect(200);
      expect(after.text).toContain(`<option value="${pagedale}:chief" selected>Chief</option>`);

      // A made-up role is refused and changes nothing.
      const bad = await postRepeated(t, admin, `/admin/users/${id}/memberships`, [['membership', `${normandy}:sheriff`]], `/admin/users/${id}`).expect(303);
      expect(flashOf(bad)).toMatchObject({ kind: 'error', status: 400 });
      expect(await membershipsOf('manager@example.org')).toHaveLength(2);

      // Back as it was, for the other tests.
      await postRepeated(t, admin, `/admin/users/${id}/memberships`, [['membership', `${normandy}:manager`], ['membership', '']], `/admin/users/${id}`).expect(303);
      expect(await membershipsOf('manager@example.org')).toEqual([{ department_id: normandy, role: 'manager' }]);
    });

    it('disables a user (signing them out) and enables them again', async () => {
      const spare = await insertUser(t.dataSource, { email: 'spare@example.org', displayName: 'Sam Spare' });
      const spareSession = await signInThroughPage(t, 'spare@example.org');
      const since = await lastAuditId(t.dataSource);
      const page = await getPage(t, admin, `/admin/users/${spare}`).expect(200);
      expect(page.text).toContain('data-confirm="Disable Sam Spare and sign them out everywhere?"');
      const res = await postForm(t, admin, `/admin/users/${spare}/access`, { disabled: 'true' }, `/admin/users/${spare}`).expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'Sam Spare is disabled and signed out everywhere.' });
      expect(await count('app_user WHERE id = $1 AND disabled_at IS NOT NULL', [spare])).toBe(1);
      expect((await getPage(t, spareSession, '/account').expect(303)).headers.location).toMatch(/^\/sign-in/);
      expect((await getPage(t, admin, '/admin/users').expect(200)).text).toContain('<span class="badge badge-bad">Disabled</span>');
      await postForm(t, admin, `/admin/users/${spare}/access`, { disabled: 'false' }, `/admin/users/${spare}`).expect(303);
      expect(await count('app_user WHERE id = $1 AND disabled_at IS NULL', [spare])).toBe(1);
      expect(await auditActions(t.dataSource, since)).toEqual(['user.disabled', 'user.enabled']);
    });

    it('does not let administrators disable themselves', async () => {
      const id = await userId('admin@example.org');
      expect((await getPage(t, admin, `/admin/users/${id}`).expect(200)).text).toContain('This is your own account');
      const res = await postForm(t, admin, `/admin/users/${id}/access`, { disabled: 'true' }, `/admin/users/${id}`).expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 422 });
      expect(await count('app_user WHERE id = $1 AND disabled_at IS NULL', [id])).toBe(1);
    });
  });

  describe('assessor grants', () => {
    it('creates a grant for a new assessor, showing the invitation link, then revokes it with a reason', async () => {
      const since = await lastAuditId(t.dataSource);
      const posted = await postRepeated(
        t,
        admin,
        '/admin/grants',
        [
          ['email', 'pat@peer.example'],
          ['displayName', 'Pat Assessor'],
          ['departmentIds', normandy],
          ['startsOn', '2026-06-01'],
          ['endsOn', '2026-06-30'],
        ],
        '/admin/grants',
      ).expect(303);
      const res = await followShownOnce(t, admin, posted);
      expect(res.text).toMatch(/value="http:\/\/calea\.test\/welcome\?token=inv_[^"]+"/);
      expect(res.text).toContain('Pat Assessor may read Normandy Police Department from 2026-06-01 to 2026-06-30.');
      const [grant] = await t.dataSource.query(
        `SELECT g.id, g.revoked_at, array_agg(d.department_id) AS departments FROM assessor_grant g JOIN assessor_grant_department d ON d.grant_id = g.id
          JOIN app_user u ON u.id = g.user_id WHERE u.email = 'pat@peer.example' GROUP BY g.id`,
      );
      expect(grant).toMatchObject({ revoked_at: null, departments: [normandy] });
      expect(await auditActions(t.dataSource, since)).toEqual(['assessor-grant.created', 'mail.kept']);

      const list = await getPage(t, admin, '/admin/grants').expect(200);
      expect(list.text).toContain(`id="grant-${grant.id}"`);
      expect(list.text).toContain('pat@peer.example');
      expect(list.text).toContain('<span class="badge badge-ok">Active</span>');
      expect(list.text).toContain(`action="/admin/grants/${grant.id}/revoke"`);
      expect(list.text).toContain('data-confirm="Revoke the grant of Pat Assessor? Their access ends now."');

      const noReason = await postForm(t, admin, `/admin/grants/${grant.id}/revoke`, { reason: '' }, '/admin/grants').expect(303);
      expect(flashOf(noReason)).toMatchObject({ kind: 'error', status: 400 });
      expect(await count('assessor_grant WHERE id = $1 AND revoked_at IS NULL', [grant.id])).toBe(1);

      const since2 = await lastAuditId(t.dataSource);
      const revoked = await postForm(t, admin, `/admin/grants/${grant.id}/revoke`, { reason: 'Assessment finished early' }, '/admin/grants').expect(303);
      expect(revoked.headers.location).toBe(`/admin/grants#grant-${grant.id}`);
      expect(flashOf(revoked)).toMatchObject({ kind: 'success' });
      expect(await count(`assessor_grant WHERE id = $1 AND revoked_at IS NOT NULL AND revoke_reason = 'Assessment finished early'`, [grant.id])).toBe(1);
      expect(await auditActions(t.dataSource, since2)).toEqual(['assessor-grant.revoked']);
      const after = await getPage(t, admin, '/admin/grants').expect(200);
      expect(after.text).toContain('<span class="badge badge-bad">Revoked</span>');
      expect(after.text).toContain('Assessment finished early');
      expect(after.text).not.toContain(`action="/admin/grants/${grant.id}/revoke"`);
    });

    it('creates a grant for an assessor who already has a password without a link, and refuses a bad window', async () => {
      await insertUser(t.dataSource, { email: 'known@peer.example', displayName: 'Kim Known' });
      const res = await postRepeated(
        t,
        admin,
        '/admin/grants',
        [
          ['email', 'known@peer.example'],
          ['displayName', 'Kim Known'],
          ['departmentIds', normandy],
          ['departmentIds', pagedale],
          ['startsOn', '2026-07-01'],
          ['endsOn', '2026-07-31'],
        ],
        '/admin/grants',
      ).expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: expect.stringContaining('Grant created: Kim Known may read Normandy Police Department, Pagedale Police Department') });
      const grants = await count(`assessor_grant g JOIN app_user u ON u.id = g.user_id WHERE u.email = 'known@peer.example'`);
      expect(grants).toBe(1);

      const backwards = await postRepeated(
        t,
        admin,
        '/admin/grants',
        [
          ['email', 'known@peer.example'],
          ['displayName', 'Kim Known'],
          ['departmentIds', normandy],
          ['startsOn', '2026-07-31'],
          ['endsOn', '2026-07-01'],
        ],
        '/admin/grants',
      ).expect(303);
      expect(flashOf(backwards)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'endsOn', message: 'endsOn must not be before startsOn' }] });
      const none = await postRepeated(t, admin, '/admin/grants', [['email', 'known@peer.example'], ['displayName', 'Kim'], ['startsOn', '2026-07-01'], ['endsOn', '2026-07-31']], '/admin/grants').expect(303);
      expect(flashOf(none)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'departmentIds', message: 'choose at least one department' }] });
      expect(await count(`assessor_grant g JOIN app_user u ON u.id = g.user_id WHERE u.email = 'known@peer.example'`)).toBe(1);
    });
  });

  describe('manuals', () => {
    it('lists the manuals, links the import template and offers the import form', async () => {
      const res = await getPage(t, admin, '/admin/manuals').expect(200);
      expect(res.text).toContain('href="/api/manuals/import-template"');
      expect(res.text).toContain(`action="/admin/manuals/import?_csrf=${encodeURIComponent(admin.csrf)}"`);
      expect(res.text).toContain('enctype="multipart/form-data"');
      expect(res.text).toContain('No manual is imported yet.');
      const template = await getPage(t, admin, '/api/manuals/import-template').expect(200);
      expect(template.headers['content-type']).toMatch(/text\/csv/);
    });

    it('shows every row error of a bad CSV in the page (422) and imports nothing', async () => {
      const csv = [
        TEMPLATE_HEADER,
        '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.1,Oath Again,M M M M,yes,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.2,Code of Ethics,M X M M,no,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.3,Review,M M M M,no,time-sensitive,,,,,,',
        '1,Role,1.1,Agency Role,1.1.5,,M M M M,no,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.6,Telepathy,M M M M,no,telepathy,,,,,,',
      ].join('\n');
      const since = await lastAuditId(t.dataSource);
      const res = await postImport(t, admin, Buffer.from(csv), 'bad-manual.csv', { ...MANUAL_FIELDS, name: '' }).expect(422);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('5 problems in bad-manual.csv');
      const rows = [...res.text.matchAll(/<tr>\s*<th scope="row" class="num">(\d+)<\/th>\s*<td>([^<]*)<\/td>\s*<td>(?:<code>([^<]*)<\/code>|<span class="muted">empty<\/span>)<\/td>\s*<td>([^<]*)<\/td>/g)].map(
        (m) => ({ row: Number(m[1]), column: m[2], value: m[3] ?? '', reason: decodeHtml(m[4]) }),
      );
      expect(rows.map((r) => `${r.row} ${r.column}`)).toEqual(['3 number', '4 levels', '5 frequency', '6 title', '7 kinds']);
      expect(rows[1]).toMatchObject({ value: 'M X M M', reason: expect.stringMatching(/"X" is not a level code/) });
      // The form keeps what was typed, to fix the file and send it again.
      expect(res.text).toContain('name="version" type="text" value="6.15"');
      for (const table of ['manual', 'standard']) expect(await count(table)).toBe(0);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it('imports a good file with the form, then lists it', async () => {
      const csv = await readFile(IMPORT_TEMPLATE_PATH);
      const since = await lastAuditId(t.dataSource);
      const res = await postImport(t, admin, csv, 'manual.csv', { ...MANUAL_FIELDS, name: '' }).expect(303);
      const [{ id }] = await t.dataSource.query('SELECT id FROM manual');
      // The admin lands on the draft's review, to publish it from there.
      expect(res.headers.location).toBe(`/admin/manuals/${id}`);
      expect(flashOf(res)).toMatchObject({
        kind: 'success',
        message: expect.stringMatching(/^Imported Law Enforcement 6th edition, version 6\.15 as a draft: 2 standards/),
      });
      expect(await count('manual')).toBe(1);
      expect(await auditActions(t.dataSource, since)).toEqual(['program.created', 'manual.imported']);
      const page = await getPage(t, admin, '/admin/manuals').expect(200);
      expect(page.text).toContain('Law Enforcement Standards Manual, 6th edition, version 6.15');
      const review = await getPage(t, admin, `/admin/manuals/${id}`).expect(200);
      expect(review.text).toContain('No other version of Law Enforcement is published, so every standard is new.');

      // The same version with other content is refused unless replace is ticked.
      const changed = Buffer.from(`${TEMPLATE_HEADER}\n1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,,,,,,,\n`);
      const conflict = await postImport(t, admin, changed, 'manual.csv', MANUAL_FIELDS).expect(303);
      expect(flashOf(conflict)).toMatchObject({ kind: 'error', status: 409 });
      const replaced = await postImport(t, admin, changed, 'manual.csv', { ...MANUAL_FIELDS, replace: 'true' }).expect(303);
      expect(flashOf(replaced)).toMatchObject({ kind: 'success', message: expect.stringMatching(/^Replaced .*: 1 standards/) });
      expect(await count('standard')).toBe(1);
    });

    it('refuses an import without the token in the query', async () => {
      const res = await postImport(t, admin, await readFile(IMPORT_TEMPLATE_PATH), 'manual.csv', { ...MANUAL_FIELDS, version: '7.01' }, 'wrong').expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 403 });
      expect(await count(`manual WHERE version = '7.01'`)).toBe(0);
    });
  });

  describe('crosswalks', () => {
    const publishManual = async (program: string): Promise<void> => {
      const token = await insertSession(t.dataSource, await userId('admin@example.org'));
      const imported = await request(t.server)
        .post('/api/manuals/import')
        .set(bearer(token))
        .field({ program, edition: '1st', version: '1', effectiveDate: '2024-01-01' })
        .attach('file', Buffer.from(syntheticManualCsv(smallManual()), 'utf8'), 'manual.csv')
        .expect(201);
      await request(t.server).post(`/api/manuals/${imported.body.manual.id}/publish`).set(bearer(token)).expect(200);
    };
    beforeAll(async () => {
      await publishManual('Crosswalk CALEA');
      await publishManual('Crosswalk State');
    });

    it('offers the crosswalk import form beside the manuals', async () => {
      const res = await getPage(t, admin, '/admin/manuals').expect(200);
      expect(res.text).toContain(`action="/admin/manuals/crosswalks/import?_csrf=${encodeURIComponent(admin.csrf)}"`);
      expect(res.text).toContain('No crosswalk is imported yet.');
      expect(res.text).toContain('<code>program,number,program,number</code>');
    });

    it('lists every broken row of a crosswalk in the page (422) and stores nothing', async () => {
      const since = await lastAuditId(t.dataSource);
      const csv = ['program,number,program,number', 'Crosswalk CALEA,1.1.1,Crosswalk State,1.1.1', 'Crosswalk CALEA,1.1.1,Crosswalk State', 'Crosswalk CALEA,9.9.9,Nowhere,1.1.1'].join('\n');
      const res = await postCrosswalk(t, admin, csv, 'bad-crosswalk.csv').expect(422);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('3 problems in bad-crosswalk.csv (crosswalk)');
      const rows = [...res.text.matchAll(/<tr>\s*<th scope="row" class="num">(\d+)<\/th>\s*<td>([^<]*)<\/td>\s*<td>(?:<code>([^<]*)<\/code>|<span class="muted">empty<\/span>)<\/td>\s*<td>([^<]*)<\/td>/g)].map(
        (m) => `${m[1]} ${decodeHtml(m[2])}: ${decodeHtml(m[4])}`,
      );
      expect(rows).toEqual([
        expect.stringMatching(/^3 —: The row has 3 columns/),
        expect.stringMatching(/^4 number \(B\): Crosswalk CALEA has no standard 9\.9\.9/),
        expect.stringMatching(/^4 program \(C\): No program is named "Nowhere"/),
      ]);
      expect(await count('crosswalk')).toBe(0);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it('imports a crosswalk with the form, then shows its pairs by program; the same file again adds nothing', async () => {
      const csv = ['from_program,from_number,to_program,to_number', 'Crosswalk CALEA,1.1.1,Crosswalk State,1.1.1', 'Crosswalk State,1.2.1,Crosswalk CALEA,1.2.9'].join('\n');
      const since = await lastAuditId(t.dataSource);
      const res = await postCrosswalk(t, admin, csv).expect(303);
      expect(res.headers.location).toBe('/admin/manuals#crosswalks-heading');
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'Read 2 rows: 2 pairs, 2 added, 0 already present.' });
      expect(await auditActions(t.dataSource, since)).toEqual(['crosswalk.imported']);
      const page = await getPage(t, admin, '/admin/manuals').expect(200);
      expect(page.text).toMatch(/<th scope="row">Crosswalk CALEA<\/th>\s*<td>Crosswalk State<\/td>\s*<td class="num">2<\/td>/);
      const again = await postCrosswalk(t, admin, csv).expect(303);
      expect(flashOf(again)).toMatchObject({ kind: 'success', message: 'Read 2 rows: 2 pairs, 0 added, 2 already present.' });
      expect(await count('crosswalk')).toBe(2);
    });

    it('refuses the crosswalk import to anyone but administrators, storing nothing', async () => {
      const before = await count('crosswalk');
      const res = await postCrosswalk(t, manager, 'program,number,program,number\nCrosswalk CALEA,1.1.2,Crosswalk State,1.1.2\n').expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 403 });
      expect(await count('crosswalk')).toBe(before);
    });
  });

  describe('programs', () => {
    type ProgramRow = { id: string; cycle_years: number; milestones: string[]; has_tiers: boolean; has_size_classes: boolean; version: number };
    const stateProgram = async (): Promise<ProgramRow> =>
      (await t.dataSource.query(`SELECT id, cycle_years, milestones, has_tiers, has_size_classes, version FROM program WHERE name = 'Shaped State'`))[0];
    beforeAll(async () => {
      // An import naming a new program makes it with CALEA's shape.
      const token = await insertSession(t.dataSource, await userId('admin@example.org'));
      await request(t.server)
        .post('/api/manuals/import')
        .set(bearer(token))
        .field({ program: 'Shaped State', edition: '1st', version: '1', effectiveDate: '2024-01-01' })
        .attach('file', Buffer.from(syntheticManualCsv(smallManual()), 'utf8'), 'manual.csv')
        .expect(201);
    });
    // As a browser sends the form: an unticked box sends nothing, so no box ticked sends no milestones field at all.
    const shape = (program: ProgramRow, fields: [string, string][]) =>
      postRepeated(t, admin, `/admin/manuals/programs/${program.id}`, [['version', String(program.version)], ...fields], '/admin/manuals');

    it("gives a program its own shape from the manuals page: a three-year cycle, two milestones, no tiers or size classes", async () => {
      const page = await getPage(t, admin, '/admin/manuals').expect(200);
      const program = await stateProgram();
      expect(page.text).toContain(`action="/admin/manuals/programs/${program.id}"`);
      expect(page.text).toContain('It can change until proofs are filed under the program.');
      const since = await lastAuditId(t.dataSource);
      const saved = await shape(program, [
        ['cycleYears', '3'],
        ['milestones', 'annual_review'],
        ['milestones', 'site_assessment'],
        ['hasTiers', 'false'],
        ['hasSizeClasses', 'false'],
      ]).expect(303);
      expect(saved.headers.location).toBe('/admin/manuals#programs');
      expect(flashOf(saved)).toMatchObject({ kind: 'success', message: 'Shaped State is saved: 3-year cycles.' });
      expect(await stateProgram()).toEqual({ ...program, cycle_years: 3, milestones: ['annual_review', 'site_assessment'], has_tiers: false, has_size_classes: false, version: program.version + 1 });
      expect(await auditActions(t.dataSource, since)).toEqual(['program.updated']);
      // No box ticked: no cycle milestones at all.
      const none = await shape(await stateProgram(), [['cycleYears', '3'], ['hasTiers', 'false'], ['hasSizeClasses', 'false']]).expect(303);
      expect(flashOf(none)).toMatchObject({ kind: 'success' });
      expect((await stateProgram()).milestones).toEqual([]);
    });

    it.each<[string, (p: ProgramRow) => [string, string][], number, RegExp]>([
      ['a stale version', (p) => [['version', String(p.version - 1)], ['cycleYears', '4'], ['hasTiers', 'true'], ['hasSizeClasses', 'true']], 409, /version/],
      ['a cycle of 9 years', () => [['cycleYears', '9'], ['hasTiers', 'true'], ['hasSizeClasses', 'true']], 400, /cycleYears must be a whole number of years from 1 to 6/],
      ['a milestone the product does not know', () => [['cycleYears', '4'], ['milestones', 'parade'], ['hasTiers', 'true'], ['hasSizeClasses', 'true']], 400, /milestones must be among/],
      ['tiers neither yes nor no', () => [['cycleYears', '4'], ['hasTiers', 'maybe'], ['hasSizeClasses', 'true']], 400, /hasTiers must be yes or no/],
    ])('refuses %s, changing nothing', async (_case, fields, status, message) => {
      const before = await stateProgram();
      const own = fields(before);
      const res = await postRepeated(t, admin, `/admin/manuals/programs/${before.id}`, [...(own.some(([k]) => k === 'version') ? [] : [['version', String(before.version)] as [string, string]]), ...own], '/admin/manuals').expect(303);
      expect(res.headers.location).toBe('/admin/manuals');
      const flash = flashOf(res);
      expect(flash).toMatchObject({ kind: 'error', status });
      expect(JSON.stringify(flash)).toMatch(message);
      expect(await stateProgram()).toEqual(before);
    });
  });

  it('refuses the admin pages to anyone but administrators (403), and their forms change nothing', async () => {
    for (const path of ['/admin/users', `/admin/users/${await userId('admin@example.org')}`, '/admin/grants', '/admin/manuals']) {
      const res = await getPage(t, manager, path).expect(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    const users = await count('app_user');
    const invite = await postRepeated(t, manager, '/admin/users', [['email', 'sneaky@example.org'], ['displayName', 'Sneaky']], '/').expect(303);
    expect(flashOf(invite)).toMatchObject({ kind: 'error', status: 403 });
    expect(await count('app_user')).toBe(users);
    const manuals = await count('manual');
    const upload = await postImport(t, manager, await readFile(IMPORT_TEMPLATE_PATH), 'manual.csv', { ...MANUAL_FIELDS, version: '9.9' }).expect(303);
    expect(flashOf(upload)).toMatchObject({ kind: 'error', status: 403 });
    expect(await count('manual')).toBe(manuals);
  });
});
