import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import type { ParsedStandard } from '../../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertGrant, insertSession, insertUser, lastAuditId, setProfile } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { decodeHtml, flashOf, followShownOnce, getPage, PageSession, postForm, signInThroughPage } from './support/page-session';

const LE = { program: 'Law Enforcement', edition: '6th' };

/** Chapters 1 and 2 of the synthetic manual, all Tier 1 (a small department scope). */
const V1: ParsedStandard[] = generateSyntheticManual({ version: '6.15' })
  .filter((s) => s.chapter === 1 || s.chapter === 2)
  .map((s) => ({ ...s, tier1: true }));
const RETITLED = V1[1].number;
const REMOVED = V1[2].number;
const LEVELS_CHANGED = V1[3].number;
const flip = (level: 'M' | 'O'): 'M' | 'O' => (level === 'M' ? 'O' : 'M');
/** 6.16: one standard retitled, one removed, one with every level flipped. */
const V2: ParsedStandard[] = V1.filter((s) => s.number !== REMOVED).map((s) => {
  if (s.number === RETITLED) return { ...s, title: `${s.title} (revised)` };
  if (s.number === LEVELS_CHANGED) return { ...s, levels: { A: flip(s.levels.A), B: flip(s.levels.B), C: flip(s.levels.C), D: flip(s.levels.D) } };
  return s;
});


/** Every field of the profile form as the page sends it, from the department's current row. */
interface ProfileRow {
  name: string;
  short_name: string;
  calea_agency_number: string | null;
  share_history_with_assessors: boolean;
  program_tier: string;
  sworn_officers: number;
  size_class_override: string | null;
  municipalities: string[];
  population_served: number | null;
  accreditation_status: string;
  award_date: string | null;
  contacts: { role: string; name: string; email?: string; phone?: string }[];
  version: number;
  manual_id: string | null;
  archived_at: Date | null;
}

describe('web: department settings (profile, manual version, calendar feed) and the administrators\' department list', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let normandy: string;
  let pagedale: string;
  let adminToken: string;
  const manuals: Record<'v1' | 'v2', string> = { v1: '', v2: '' };
  const s = {} as Record<'admin' | 'manager' | 'member' | 'chief' | 'assessor' | 'managerB', PageSession>;

  const departmentRow = async (id: string): Promise<ProfileRow> =>
    (
      await t.dataSource.query(
        `SELECT d.name, d.short_name, d.calea_agency_number, e.program_tier, d.sworn_officers, d.size_class_override, d.municipalities, d.population_served,
                e.accreditation_status, to_char(e.award_date, 'YYYY-MM-DD') AS award_date, d.contacts, d.share_history_with_assessors, d.version, e.manual_id, d.archived_at
           FROM department d JOIN enrolment e ON e.department_id = d.id AND e."primary" WHERE d.id = $1`,
        [id],
      )
    )[0];
  const settingsOf = (id: string): string => `/department/${id}/settings`;
  /** The profile form's fields, as the page would post them unchanged, with `changes` applied. */
  const profileForm = async (id: string, changes: Record<string, string | string[]> = {}): Promise<Record<string, string | string[]>> => {
    const row = await departmentRow(id);
    return {
      version: String(row.version),
      name: row.name,
      shortName: row.short_name,
      caleaAgencyNumber: row.calea_agency_number ?? '',
      programTier: row.program_tier,
      swornOfficers: String(row.sworn_officers),
      sizeClassOverride: row.size_class_override ?? '',
      municipalities: row.municipalities.join('\r\n'),
      populationServed: row.population_served === null ? '' : String(row.population_served),
      accreditationStatus: row.accreditation_status,
      awardDate: row.award_date ?? '',
      contactRole: [...row.contacts.map((c) => c.role), '', ''],
      contactName: [...row.contacts.map((c) => c.name), '', ''],
      contactEmail: [...row.contacts.map((c) => c.email ?? ''), '', ''],
      contactPhone: [...row.contacts.map((c) => c.phone ?? ''), '', ''],
      ...changes,
    };
  };
  const upload = async (standards: ParsedStandard[], version: string, effectiveDate: string): Promise<string> => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
    for (const [name, value] of Object.entries({ ...LE, version, effectiveDate })) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from(syntheticManualCsv(standards)), 'manual.csv').expect(201);
    await request(t.server).post(`/api/manuals/${res.body.manual.id}/publish`).set(bearer(adminToken)).expect(200);
    return res.body.manual.id as string;
  };
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    normandy = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    pagedale = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    await setProfile(ds, normandy, { swornOfficers: 30, programTier: 'tier1' });
    const adminId = await insertUser(ds, { email: 'admin@example.org', displayName: 'Ada Admin', isAdmin: true });
    adminToken = await insertSession(ds, adminId);
    await insertUser(ds, { email: 'manager@example.org', displayName: 'Morgan Manager', memberships: [{ departmentId: normandy, role: 'manager' }] });
    await insertUser(ds, { email: 'member@example.org', displayName: 'Mel Member', memberships: [{ departmentId: normandy, role: 'member' }] });
    await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Carter', memberships: [{ departmentId: normandy, role: 'chief' }] });
    await insertUser(ds, { email: 'other.manager@example.org', displayName: 'Pat Pagedale', memberships: [{ departmentId: pagedale, role: 'manager' }] });
    const assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Avery Assessor' });
    await insertGrant(ds, assessor, [normandy], '2026-06-01', '2026-06-30');
    s.admin = await signInThroughPage(t, 'admin@example.org');
    s.manager = await signInThroughPage(t, 'manager@example.org');
    s.member = await signInThroughPage(t, 'member@example.org');
    s.chief = await signInThroughPage(t, 'chief@example.org');
    s.assessor = await signInThroughPage(t, 'assessor@peer.example');
    s.managerB = await signInThroughPage(t, 'other.manager@example.org');
    manuals.v1 = await upload(V1, '6.15', '2022-03-01');
    manuals.v2 = await upload(V2, '6.16', '2025-09-01');
  });
  afterAll(() => t?.close());

  describe('profile', () => {
    it('links the settings page from the department page header', async () => {
      const res = await getPage(t, s.manager, `/department/${normandy}`).expect(200);
      expect(res.text).toContain(`<a href="/department/${normandy}/settings">Settings: profile, manual version, calendar feed</a>`);
      const member = await getPage(t, s.member, `/department/${normandy}`).expect(200);
      expect(member.text).toContain(`<a href="/department/${normandy}/settings">Department profile and manual version</a>`);
    });

    it('shows a manager the profile as a form with the department data and the version read', async () => {
      const res = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      expect(res.text).toContain('<h1>Settings of Normandy Police Department</h1>');
      expect(res.text).toContain(`action="/department/${normandy}/settings/profile"`);
      expect(res.text).toContain('<input type="hidden" name="version" value="1">');
      expect(res.text).toContain('id="dep-name" name="name" type="text" value="Normandy Police Department"');
      expect(res.text).toContain('id="dep-sworn" name="swornOfficers" type="number" inputmode="numeric" min="0" max="100000" step="1" value="30"');
      expect(res.text).toContain('<option value="tier1" selected>');
      expect(res.text).toContain('In force now: <strong>B</strong> (from the sworn count)');
      // Every field has a label.
      for (const [, id] of res.text.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(res.text).toContain(`<label for="${id}">`);
      // The manual and calendar forms are there too.
      expect(res.text).toContain(`action="/department/${normandy}/settings/manual"`);
      expect(res.text).toContain(`action="/department/${normandy}/settings/calendar"`);
    });

    it('saves the profile through the department service: fields, municipalities, contacts, a new version and an audit row', async () => {
      const since = await lastAuditId(t.dataSource);
      const form = await profileForm(normandy, {
        shortName: 'Normandy',
        caleaAgencyNumber: 'MO0123',
        swornOfficers: '31',
        sizeClassOverride: 'C',
        municipalities: 'Normandy\r\n  Bellerive Acres \r\n\r\nGlen Echo Park',
        populationServed: '4800',
        accreditationStatus: 'self_assessment',
        awardDate: '2022-11-15',
        contactRole: ['Accreditation manager', '', 'Chief'],
        contactName: ['Sgt. Jordan Smith', '', 'Chief Carter'],
        contactEmail: ['jordan.smith@normandy.example', '', ''],
        contactPhone: ['314-555-0100', '', ''],
        shareHistoryWithAssessors: 'true',
      });
      const res = await postForm(t, s.manager, '/department/' + normandy + '/settings/profile', form, settingsOf(normandy)).expect(303);
      expect(res.headers.location).toBe(`${settingsOf(normandy)}#profile`);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'The profile of Normandy Police Department is saved.' });
      const row = await departmentRow(normandy);
      expect(row).toMatchObject({
        short_name: 'Normandy',
        calea_agency_number: 'MO0123',
        sworn_officers: 31,
        size_class_override: 'C',
        municipalities: ['Normandy', 'Bellerive Acres', 'Glen Echo Park'],
        population_served: 4800,
        accreditation_status: 'self_assessment',
        award_date: '2022-11-15',
        share_history_with_assessors: true,
        version: 2,
      });
      expect(row.contacts).toEqual([
        { role: 'Accreditation manager', name: 'Sgt. Jordan Smith', email: 'jordan.smith@normandy.example', phone: '314-555-0100' },
        { role: 'Chief', name: 'Chief Carter' },
      ]);
      expect(await auditActions(t.dataSource, since)).toEqual(['department.updated']);
      const [audit] = await t.dataSource.query(`SELECT actor_email, before, after FROM audit_event WHERE id > $1`, [since]);
      expect(audit.actor_email).toBe('manager@example.org');
      expect(audit.before.shortName).toBe('Normandy PD');
      expect(audit.after.shortName).toBe('Normandy');
      expect({ before: audit.before.shareHistoryWithAssessors, after: audit.after.shareHistoryWithAssessors }).toEqual({ before: false, after: true });

      // The page shows the saved values; empty optional fields clear them again.
      const page = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      expect(page.text).toContain('value="Sgt. Jordan Smith"');
      expect(page.text).toContain('<option value="C" selected>');
      expect(page.text).toMatch(/<input name="shareHistoryWithAssessors" type="checkbox" value="true" aria-describedby="dep-share-hint" checked>/);
      const cleared = await profileForm(normandy, { caleaAgencyNumber: '', sizeClassOverride: '', populationServed: '', awardDate: '' });
      await postForm(t, s.manager, `/department/${normandy}/settings/profile`, cleared, settingsOf(normandy)).expect(303);
      // An unticked box is absent from the form: the history goes back inside the agency.
      expect(await departmentRow(normandy)).toMatchObject({ calea_agency_number: null, size_class_override: null, population_served: null, award_date: null, share_history_with_assessors: false, version: 3 });
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const before = await departmentRow(normandy);
      const since = await lastAuditId(t.dataSource);
      const form = await profileForm(normandy, { version: String(before.version - 1), shortName: 'Stale write' });
      const res = await postForm(t, s.manager, `/department/${normandy}/settings/profile`, form, settingsOf(normandy)).expect(303);
      expect(res.headers.location).toBe(settingsOf(normandy));
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 409 });
      expect(await departmentRow(normandy)).toEqual(before);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it('refuses fields the API would refuse (400, naming them) and changes nothing', async () => {
      const before = await departmentRow(normandy);
      const badContact = await profileForm(normandy, { contactRole: ['Records'], contactName: [''], contactEmail: ['not-an-email'], contactPhone: [''] });
      const res = await postForm(t, s.manager, `/department/${normandy}/settings/profile`, badContact, settingsOf(normandy)).expect(303);
      const flash = flashOf(res);
      expect(flash).toMatchObject({ kind: 'error', status: 400 });
      expect(flash?.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['contacts[0].name', 'contacts[0].email']));
      for (const changes of [{ caleaAgencyNumber: 'no spaces allowed' }, { awardDate: '2022-13-45' }, { swornOfficers: 'many' }, { programTier: 'gold' }] as Record<string, string>[]) {
        const refused = await postForm(t, s.manager, `/department/${normandy}/settings/profile`, await profileForm(normandy, changes), settingsOf(normandy)).expect(303);
        expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 400 });
      }
      expect(await departmentRow(normandy)).toEqual(before);
    });

    it.each(['member', 'chief', 'assessor'] as const)('shows a %s the profile read-only, without any form, and refuses their posts (403, nothing changed)', async (who) => {
      const res = await getPage(t, s[who], settingsOf(normandy)).expect(200);
      expect(res.text).toContain('<h1>Settings of Normandy Police Department</h1>');
      expect(res.text).toContain('<dt>Sworn officers</dt><dd>31</dd>');
      expect(res.text).toContain('Sgt. Jordan Smith');
      expect(res.text).not.toMatch(/<form method="post" action="\/department\//);
      expect(res.text).not.toContain('Calendar feed');
      const before = await departmentRow(normandy);
      const since = await lastAuditId(t.dataSource);
      const posts: [string, Record<string, string | string[]>][] = [
        ['profile', await profileForm(normandy, { shortName: `By the ${who}` })],
        ['manual', { manualId: manuals.v1 }],
        ['calendar', {}],
        ['calendar/revoke', {}],
      ];
      for (const [path, fields] of posts) {
        const refused = await postForm(t, s[who], `/department/${normandy}/settings/${path}`, fields, settingsOf(normandy)).expect(303);
        expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 403 });
      }
      expect(await departmentRow(normandy)).toEqual(before);
      expect(await count('calendar_feed_token WHERE department_id = $1', [normandy])).toBe(0);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it("answers 404 to another department's manager, for the page and every form", async () => {
      const res = await getPage(t, s.managerB, settingsOf(normandy)).expect(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).not.toContain('Normandy Police Department');
      const before = await departmentRow(normandy);
      for (const [path, fields] of [
        ['profile', await profileForm(normandy, { shortName: 'Hijacked' })],
        ['manual', { manualId: manuals.v1 }],
        ['calendar', {}],
        ['calendar/revoke', {}],
      ] as const) {
        const refused = await postForm(t, s.managerB, `/department/${normandy}/settings/${path}`, fields, `/department/${pagedale}`).expect(303);
        expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 404 });
      }
      expect(await departmentRow(normandy)).toEqual(before);
      // Their own department's settings work.
      await getPage(t, s.managerB, settingsOf(pagedale)).expect(200);
    });
  });

  describe('manual version', () => {
    it('assigns a manual version when none is assigned, choosing from the imported ones', async () => {
      const page = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      expect(page.text).toContain('No manual version is assigned yet');
      expect(page.text).toContain(`<option value="${manuals.v2}" selected>`);
      expect(page.text).toContain(`<option value="${manuals.v1}">`);
      const since = await lastAuditId(t.dataSource);
      const res = await postForm(t, s.manager, `/department/${normandy}/settings/manual`, { manualId: manuals.v1 }, settingsOf(normandy)).expect(303);
      expect(res.headers.location).toBe(`${settingsOf(normandy)}#manual`);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: `Version 6.15 is assigned: ${V1.length} standard files created, ${V1.length} in scope.` });
      expect((await departmentRow(normandy)).manual_id).toBe(manuals.v1);
      expect(await count('standard_file WHERE department_id = $1 AND in_scope', [normandy])).toBe(V1.length);
      expect(await auditActions(t.dataSource, since)).toEqual(['department.manual-assigned']);
    });

    it('shows the newer version to adopt with what changes, and adopting it from the page carries the files', async () => {
      await t.dataSource.query(`UPDATE standard_file SET notes = 'Directive 1-2 answers it', result = 'compliant' WHERE department_id = $1 AND standard_number = $2`, [
        normandy,
        RETITLED,
      ]);
      const page = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      const html = decodeHtml(page.text);
      expect(html).toMatch(/The files follow <strong>[^<]+<\/strong>, version <strong>6\.15<\/strong>/);
      expect(html).toContain('<h3>Version 6.16 to adopt by');
      expect(html).toContain('<summary><strong>1</strong> standard removed</summary>');
      expect(html).toContain('<summary><strong>1</strong> standard retitled</summary>');
      expect(html).toContain('<summary><strong>1</strong> standard with changed levels (M/O)</summary>');
      expect(html).toContain(`<li>${REMOVED} ${V1[2].title}</li>`);
      expect(html).toContain(`<input type="hidden" name="manualId" value="${manuals.v2}">`);
      expect(html).toContain('Adopt version 6.16</button>');
      // The chief sees the pending version and its changes, not the form.
      const chief = decodeHtml((await getPage(t, s.chief, settingsOf(normandy)).expect(200)).text);
      expect(chief).toContain('<h3>Version 6.16 to adopt by');
      expect(chief).not.toContain('Adopt version 6.16</button>');

      const [{ id: removedFileId }] = await t.dataSource.query(`SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2`, [normandy, REMOVED]);
      const since = await lastAuditId(t.dataSource);
      const res = await postForm(t, s.manager, `/department/${normandy}/settings/manual`, { manualId: manuals.v2 }, settingsOf(normandy)).expect(303);
      const flash = flashOf(res);
      expect(flash).toMatchObject({ kind: 'success' });
      expect(flash?.message).toMatch(/^Version 6\.16 is adopted: \d+ files carried with their work, 2 flagged for review, 1 retired \(kept, out of scope\)\.$/);
      expect((await departmentRow(normandy)).manual_id).toBe(manuals.v2);
      const [kept] = await t.dataSource.query(`SELECT notes, result, needs_review, in_scope FROM standard_file WHERE department_id = $1 AND standard_number = $2`, [
        normandy,
        RETITLED,
      ]);
      expect(kept).toMatchObject({ notes: 'Directive 1-2 answers it', result: 'compliant', needs_review: true, in_scope: true });
      // The removed standard's file is kept, out of scope, with the reason.
      const [retired] = await t.dataSource.query(`SELECT in_scope, review_reasons FROM standard_file WHERE id = $1`, [removedFileId]);
      expect(retired).toMatchObject({ in_scope: false, review_reasons: expect.arrayContaining(['removed in version 6.16']) });
      expect(await auditActions(t.dataSource, since)).toEqual(['department.manual-adopted']);

      const after = decodeHtml((await getPage(t, s.manager, settingsOf(normandy)).expect(200)).text);
      expect(after).toContain('version <strong>6.16</strong>');
      expect(after).toContain('No newer version of this manual is imported: nothing to adopt.');
      expect(after).not.toContain('Adopt version');
    });

    it('enrols the department in another program (administrators) and assigns that program a version from the Programs table', async () => {
      let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
      for (const [name, value] of Object.entries({ program: 'Missouri Sample Program', edition: '1st', version: '2024', effectiveDate: '2024-01-01' })) req = req.field(name, value);
      const state = (await req.attach('file', Buffer.from(syntheticManualCsv(V1.slice(0, 4))), 'state.csv').expect(201)).body.manual;
      await request(t.server).post(`/api/manuals/${state.id}/publish`).set(bearer(adminToken)).expect(200);

      // Only administrators are offered the form, and only they may post it.
      expect((await getPage(t, s.manager, settingsOf(normandy)).expect(200)).text).not.toContain('Enrol in another program');
      const adminPage = (await getPage(t, s.admin, settingsOf(normandy)).expect(200)).text;
      expect(adminPage).toContain('<h3>Enrol in another program</h3>');
      expect(adminPage).toContain(`<option value="${state.programId}">Missouri Sample Program</option>`);
      const refused = await postForm(t, s.manager, `/department/${normandy}/settings/enrolments`, { programId: state.programId }, settingsOf(normandy));
      expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 403 });
      const badDate = await postForm(t, s.admin, `/department/${normandy}/settings/enrolments`, { programId: state.programId, awardDate: '2024-02-31' }, settingsOf(normandy));
      expect(flashOf(badDate)).toMatchObject({ kind: 'error', status: 400 });
      expect(await count('enrolment WHERE department_id = $1', [normandy])).toBe(1);

      const since = await lastAuditId(t.dataSource);
      const res = await postForm(t, s.admin, `/department/${normandy}/settings/enrolments`, { programId: state.programId, accreditationStatus: 'accredited', awardDate: '2024-05-01' }, settingsOf(normandy)).expect(303);
      expect(res.headers.location).toBe(`${settingsOf(normandy)}#programs`);
      expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'Missouri Sample Program: the department is enrolled. Assign it a manual version of the program to make its files.' });
      expect(await auditActions(t.dataSource, since)).toEqual(['enrolment.created']);

      // The manager assigns the program its version from the Programs table; the message names that version.
      const page = (await getPage(t, s.manager, settingsOf(normandy)).expect(200)).text;
      expect(page).toContain(`<option value="${state.id}">`);
      const assigned = await postForm(t, s.manager, `/department/${normandy}/settings/manual`, { manualId: state.id }, settingsOf(normandy)).expect(303);
      expect(assigned.headers.location).toBe(`${settingsOf(normandy)}#programs`);
      expect(flashOf(assigned)).toMatchObject({ kind: 'success', message: 'Version 2024 is assigned: 4 standard files created, 4 in scope.' });
      expect(await count(`standard_file f JOIN enrolment e ON e.id = f.enrolment_id WHERE f.department_id = $1 AND NOT e."primary"`, [normandy])).toBe(4);
      // Enrolled now: no longer offered.
      expect((await getPage(t, s.admin, settingsOf(normandy)).expect(200)).text).not.toContain('<h3>Enrol in another program</h3>');
    });

    it("lets a manager change the other program's status and award date from the Programs table; a stale or bad form changes nothing", async () => {
      const [enrolment] = await t.dataSource.query<{ id: string; version: number; award_date: string }[]>(
        `SELECT id, version, to_char(award_date, 'YYYY-MM-DD') AS award_date FROM enrolment WHERE department_id = $1 AND NOT "primary"`,
        [normandy],
      );
      const action = `/department/${normandy}/settings/enrolments/${enrolment.id}`;
      const page = decodeHtml((await getPage(t, s.manager, settingsOf(normandy)).expect(200)).text);
      expect(page).toContain(`action="${action}"`);
      expect(page).toContain('Missouri Sample Program: status and award');
      expect(page).toContain(`value="${enrolment.award_date}"`);
      // A member sees the table, not the form.
      expect((await getPage(t, s.member, settingsOf(normandy)).expect(200)).text).not.toContain(`action="${action}"`);

      const before = await t.dataSource.query('SELECT * FROM enrolment WHERE id = $1', [enrolment.id]);
      for (const [fields, status] of [
        [{ version: String(enrolment.version - 1), accreditationStatus: 'reaccreditation' }, 409],
        [{ version: String(enrolment.version), awardDate: '2027-02-30' }, 400],
        [{ version: String(enrolment.version), accreditationStatus: 'retired' }, 400],
      ] as const) {
        const refused = await postForm(t, s.manager, action, fields, settingsOf(normandy)).expect(303);
        expect(flashOf(refused)).toMatchObject({ kind: 'error', status });
      }
      const elsewhere = await postForm(t, s.admin, `/department/${pagedale}/settings/enrolments/${enrolment.id}`, { version: String(enrolment.version), accreditationStatus: 'lapsed' }, settingsOf(pagedale)).expect(303);
      expect(flashOf(elsewhere)).toMatchObject({ kind: 'error', status: 404 });
      expect(await t.dataSource.query('SELECT * FROM enrolment WHERE id = $1', [enrolment.id])).toEqual(before);

      const since = await lastAuditId(t.dataSource);
      const saved = await postForm(t, s.manager, action, { version: String(enrolment.version), accreditationStatus: 'reaccreditation', awardDate: '2027-05-01' }, settingsOf(normandy)).expect(303);
      expect(saved.headers.location).toBe(`${settingsOf(normandy)}#programs`);
      expect(flashOf(saved)).toMatchObject({ kind: 'success', message: 'Missouri Sample Program: status and award date are saved.' });
      expect(await auditActions(t.dataSource, since)).toEqual(['enrolment.updated']);
      const [after] = await t.dataSource.query(`SELECT accreditation_status, to_char(award_date, 'YYYY-MM-DD') AS award_date, version FROM enrolment WHERE id = $1`, [enrolment.id]);
      expect(after).toEqual({ accreditation_status: 'reaccreditation', award_date: '2027-05-01', version: enrolment.version + 1 });
      // An empty award date clears it.
      await postForm(t, s.manager, action, { version: String(after.version), awardDate: '' }, settingsOf(normandy)).expect(303);
      expect((await t.dataSource.query('SELECT award_date FROM enrolment WHERE id = $1', [enrolment.id]))[0].award_date).toBeNull();
    });
  });

  describe('calendar feed', () => {
    const linkOf = (html: string): string => decodeHtml(/id="calendar-link" type="text" class="settings-url" value="([^"]+)"/.exec(html)![1]);

    it('makes the link and shows its URL once; the URL serves iCalendar; a new link replaces it; turning it off ends it', async () => {
      let page = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      expect(page.text).toContain('There is no calendar link.');
      expect(page.text).not.toContain(`action="/department/${normandy}/settings/calendar/revoke"`);

      const since = await lastAuditId(t.dataSource);
      const posted = await postForm(t, s.manager, `/department/${normandy}/settings/calendar`, {}, settingsOf(normandy)).expect(303);
      expect(posted.headers.location).toBe(`/department/${normandy}/settings/calendar/link`);
      const made = await followShownOnce(t, s.manager, posted);
      expect(made.status).toBe(200);
      expect(made.headers['content-type']).toMatch(/text\/html/);
      expect(made.headers['cache-control']).toBe('no-store');
      expect(made.text).toContain('The calendar link is made.');
      const url = linkOf(made.text);
      expect(url).toMatch(/^http:\/\/calea\.test\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
      expect(made.text).toContain(`href="${url.replace(/^http:/, 'webcal:')}"`);
      expect(await auditActions(t.dataSource, since)).toEqual(['calendar-token.created']);
      const path = new URL(url).pathname;
      const feed = await request(t.server).get(path).expect(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      expect(feed.text).toContain('BEGIN:VCALENDAR');
      expect(feed.text).toContain('Normandy Police Department: CALEA deadlines');

      // The settings page says it is on, and never shows the token again.
      page = await getPage(t, s.manager, settingsOf(normandy)).expect(200);
      expect(page.text).toContain('<span class="badge badge-ok">On</span> since');
      expect(page.text).toContain('made by Morgan Manager');
      expect(page.text).not.toContain(path.slice('/calendar/'.length, -'.ics'.length));
      expect(page.text).toContain(`action="/department/${normandy}/settings/calendar/revoke"`);

      // A reload of the page shows no address and makes no new link: the one copied keeps working.
      const sinceReload = await lastAuditId(t.dataSource);
      const reloaded = await getPage(t, s.manager, `/department/${normandy}/settings/calendar/link`).expect(200);
      expect(reloaded.text).toContain('The address was shown once');
      expect(reloaded.text).not.toContain('id="calendar-link"');
      expect(await auditActions(t.dataSource, sinceReload)).toEqual([]);
      await request(t.server).get(path).expect(200);

      const rotated = await followShownOnce(t, s.manager, await postForm(t, s.manager, `/department/${normandy}/settings/calendar`, {}, settingsOf(normandy)).expect(303));
      expect(rotated.text).toContain('A new calendar link is made; the previous one stopped working.');
      const newPath = new URL(linkOf(rotated.text)).pathname;
      expect(newPath).not.toBe(path);
      await request(t.server).get(path).expect(404);
      await request(t.server).get(newPath).expect(200);

      const revoked = await postForm(t, s.manager, `/department/${normandy}/settings/calendar/revoke`, {}, settingsOf(normandy)).expect(303);
      expect(revoked.headers.location).toBe(`${settingsOf(normandy)}#calendar`);
      expect(flashOf(revoked)).toMatchObject({ kind: 'success' });
      await request(t.server).get(newPath).expect(404);
      expect(await count('calendar_feed_token WHERE department_id = $1 AND revoked_at IS NULL', [normandy])).toBe(0);
      expect(await auditActions(t.dataSource, since)).toEqual(['calendar-token.created', 'calendar-token.rotated', 'calendar-token.revoked']);

      // Turning off a link that is already off is refused, with the reason.
      const again = await postForm(t, s.manager, `/department/${normandy}/settings/calendar/revoke`, {}, settingsOf(normandy)).expect(303);
      expect(flashOf(again)).toMatchObject({ kind: 'error', status: 404 });
    });

    it('refuses a calendar form without the session token or from another site', async () => {
      const noToken = await postForm(t, s.manager, `/department/${normandy}/settings/calendar`, { _csrf: 'forged' }, settingsOf(normandy)).expect(303);
      expect(flashOf(noToken)).toMatchObject({ kind: 'error', status: 403 });
      const crossSite = await request(t.server)
        .post(`/department/${normandy}/settings/calendar`)
        .set({ Host: 'calea.test', Origin: 'http://evil.example' })
        .set('Cookie', s.manager.cookie)
        .type('form')
        .send({ _csrf: s.manager.csrf });
      expect(flashOf(crossSite)).toMatchObject({ kind: 'error', status: 403 });
      expect(await count('calendar_feed_token WHERE department_id = $1 AND revoked_at IS NULL', [normandy])).toBe(0);
    });
  });

  describe('administrators: departments', () => {
    it('lists every department with an add form and archive buttons', async () => {
      const res = await getPage(t, s.admin, '/admin/departments').expect(200);
      expect(res.text).toContain('<a href="/admin/departments" aria-current="page">Departments</a>');
      expect(res.text).toContain(`<a href="/department/${normandy}">Normandy Police Department</a>`);
      expect(res.text).toContain(`<a href="/department/${pagedale}">Pagedale Police Department</a>`);
      expect(res.text).toContain(`action="/admin/departments/${normandy}/archive"`);
      expect(res.text).toContain('data-confirm="Archive Pagedale Police Department?');
      expect(res.text).toContain('<form method="post" action="/admin/departments" class="settings-form">');
    });

    it('adds a department (audited) and opens its settings; a taken name is refused', async () => {
      const since = await lastAuditId(t.dataSource);
      const res = await postForm(
        t,
        s.admin,
        '/admin/departments',
        { name: '  Bel-Ridge Police Department ', shortName: 'Bel-Ridge PD', caleaAgencyNumber: '', programTier: 'advanced', swornOfficers: '12', accreditationStatus: 'working_toward', awardDate: '' },
        '/admin/departments',
      ).expect(303);
      const [created] = await t.dataSource.query(
        `SELECT d.id, d.short_name, e.program_tier, d.sworn_officers, d.calea_agency_number, e.award_date FROM department d JOIN enrolment e ON e.department_id = d.id AND e."primary" WHERE d.name = 'Bel-Ridge Police Department'`,
      );
      expect(created).toMatchObject({ short_name: 'Bel-Ridge PD', program_tier: 'advanced', sworn_officers: 12, calea_agency_number: null, award_date: null });
      expect(res.headers.location).toBe(settingsOf(created.id));
      expect(flashOf(res)?.message).toBe('Bel-Ridge Police Department is added. Assign its manual version and give people roles in it.');
      expect(await auditActions(t.dataSource, since)).toEqual(['department.created']);
      const settings = await getPage(t, s.admin, settingsOf(created.id)).expect(200);
      expect(settings.text).toContain('No manual version is assigned yet');

      const taken = await postForm(t, s.admin, '/admin/departments', { name: 'bel-ridge police department', shortName: 'Dup' }, '/admin/departments').expect(303);
      expect(taken.headers.location).toBe('/admin/departments');
      expect(flashOf(taken)).toMatchObject({ kind: 'error', status: 409 });
      const invalid = await postForm(t, s.admin, '/admin/departments', { name: 'X', shortName: '' }, '/admin/departments').expect(303);
      expect(flashOf(invalid)).toMatchObject({ kind: 'error', status: 400 });
      expect(await count(`department WHERE lower(name) LIKE 'bel-ridge%' OR name = 'X'`)).toBe(1);
    });

    it('archives a department (audited); it stays listed as archived', async () => {
      const [{ id }] = await t.dataSource.query(`SELECT id FROM department WHERE name = 'Bel-Ridge Police Department'`);
      const since = await lastAuditId(t.dataSource);
      const res = await postForm(t, s.admin, `/admin/departments/${id}/archive`, {}, '/admin/departments').expect(303);
      expect(res.headers.location).toBe('/admin/departments');
      expect(flashOf(res)).toMatchObject({ kind: 'success' });
      expect((await departmentRow(id)).archived_at).not.toBeNull();
      expect(await auditActions(t.dataSource, since)).toEqual(['department.archived']);
      const list = await getPage(t, s.admin, '/admin/departments').expect(200);
      expect(list.text).toContain(`<tr id="department-${id}" class="settings-archived">`);
      expect(list.text).not.toContain(`action="/admin/departments/${id}/archive"`);
    });

    it.each(['manager', 'member', 'chief', 'assessor'] as const)('refuses the department list and its forms to a %s (403) and shows them no link', async (who) => {
      const res = await getPage(t, s[who], '/admin/departments').expect(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const home = await getPage(t, s[who], '/').expect(200);
      expect(home.text).not.toContain('href="/admin/departments"');
      const before = await count('department');
      const created = await postForm(t, s[who], '/admin/departments', { name: `Made by the ${who}`, shortName: 'Nope' }, '/').expect(303);
      expect(flashOf(created)).toMatchObject({ kind: 'error', status: 403 });
      const archived = await postForm(t, s[who], `/admin/departments/${pagedale}/archive`, {}, '/').expect(303);
      expect(flashOf(archived)).toMatchObject({ kind: 'error', status: 403 });
      expect(await count('department')).toBe(before);
      expect((await departmentRow(pagedale)).archived_at).toBeNull();
    });
  });
});
