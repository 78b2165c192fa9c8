import request from 'supertest';
import { beforeEnrolments } from './support/later-migrations';
import { ManualLifecycle1796534601544 } from '../migrations/1796534601544-ManualLifecycle';
import { FixedClock } from '../src/common/clock';
import type { ParsedStandard } from '../src/kernel/standard-types';
import { syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId, setProfile } from './support/fixtures';
import { smallManual } from './support/small-manual';
import { createTestApp, TestApp } from './support/test-app';
import { decodeHtml, flashOf, getPage, PageSession, postForm, signInThroughPage } from './web/support/page-session';

const LE = { program: 'Law Enforcement', edition: '6th' };
const CHAPTERS: Record<number, string> = { 1: 'Law Enforcement Role and Authority', 2: 'Agency Jurisdiction and Mutual Aid' };
const SECTIONS: Record<string, string> = { '1.1': 'Law Enforcement Agency Role', '1.2': 'Limits of Authority', '2.1': 'Agency Jurisdiction' };

/** The version departments start on: the small manual with real-looking chapter and section titles. */
const V615: ParsedStandard[] = smallManual().map((s) => ({ ...s, chapterTitle: CHAPTERS[s.chapter], sectionTitle: SECTIONS[s.section] }));

/** 6.16 changes one standard of each kind of change, drops 2.1.4 and adds 2.1.5. */
const V616: ParsedStandard[] = [
  ...V615.filter((s) => s.number !== '2.1.4').map((s): ParsedStandard => {
    switch (s.number) {
      case '1.1.1':
        return { ...s, frequency: 'quarterly' };
      case '1.1.2':
        return { ...s, title: 'Synthetic standard 1.1.2 (revised)' };
      case '1.1.3':
        return { ...s, kinds: ['written_directive', 'observation'] };
      case '1.2.9':
        return { ...s, levels: { A: 'O', B: 'O', C: 'M', D: 'M' } };
      default:
        return s;
    }
  }),
  { ...V615[V615.length - 1], number: '2.1.5', title: 'Synthetic standard 2.1.5' },
];

/** CALEA's header syntax and nothing else: no chapter or section titles, no kinds. */
const HEADER_ONLY_CSV = [
  'header',
  '1.1.1 (M M M M) (LE1) Synthetic standard 1.1.1',
  '1.2.9 (M M M M) (LE1) Synthetic standard 1.2.9',
  '3.1.1 (O O O O) A standard in a chapter no earlier version has',
].join('\r\n');

describe('manual lifecycle: drafts, publication, deletion, header-only import', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let departmentId: string;
  let spareDepartment: string;
  const manuals: Record<string, string> = {};
  const clock = new FixedClock(new Date('2025-06-01T15:00:00Z'));

  const upload = (file: string, fields: Record<string, string>): request.Test => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', Buffer.from(file, 'utf8'), 'manual.csv');
  };
  const department = async () => (await request(t.server).get(`/api/departments/${departmentId}`).set(bearer(manager)).expect(200)).body;
  const deadlines = async () => (await request(t.server).get(`/api/departments/${departmentId}/deadlines`).set(bearer(manager)).expect(200)).body;
  const readiness = async () => (await request(t.server).get(`/api/departments/${departmentId}/readiness`).set(bearer(manager)).expect(200)).body;
  const files = async () =>
    t.dataSource.query('SELECT id, standard_id, standard_number, in_scope, needs_review, version FROM standard_file WHERE department_id = $1 ORDER BY standard_number', [departmentId]);
  const manualRow = async (id: string) => (await t.dataSource.query('SELECT id, published_at, first_adopted_at FROM manual WHERE id = $1', [id]))[0];

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Normandy Police Department');
    spareDepartment = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, departmentId, { awardDate: '2022-11-15' });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(
      ds,
      await insertUser(ds, {
        email: 'manager@example.org',
        memberships: [
          { departmentId, role: 'manager' },
          { departmentId: spareDepartment, role: 'manager' },
        ],
      }),
    );
    const imported = await upload(syntheticManualCsv(V615), { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(201);
    manuals['6.15'] = imported.body.manual.id;
    await request(t.server).post(`/api/manuals/${manuals['6.15']}/publish`).set(bearer(admin)).expect(200);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.15'] }).expect(200);
  });
  afterAll(() => t.close());

  it('imports a version as a draft that changes no department: no adoption, no deadline, no file, the same readiness', async () => {
    const before = { department: await department(), deadlines: await deadlines(), readiness: await readiness(), files: await files() };
    expect(before.department.pendingAdoption).toBeNull();

    const res = await upload(syntheticManualCsv(V616), { ...LE, version: '6.16', effectiveDate: '2023-01-15' }).expect(201);
    manuals['6.16'] = res.body.manual.id;
    expect(res.body.manual).toMatchObject({ version: '6.16', status: 'draft', publishedAt: null, deletable: true });
    expect(res.body.message).toMatch(/as a draft.*No department sees it until an administrator publishes it/);

    expect(await department()).toEqual(before.department);
    expect(await deadlines()).toEqual(before.deadlines);
    expect((await deadlines()).items.some((d: { kind: string }) => d.kind === 'manual_adoption')).toBe(false);
    expect(await readiness()).toEqual(before.readiness);
    expect(await files()).toEqual(before.files);
  });

  it('shows the draft in the catalogue with what it changes from the version in use', async () => {
    const list = (await request(t.server).get('/api/manuals').set(bearer(admin)).expect(200)).body;
    expect(list.map((m: { version: string; status: string; deletable: boolean }) => [m.version, m.status, m.deletable])).toEqual([
      ['6.16', 'draft', true],
      ['6.15', 'published', false],
    ]);

    const changes = (await request(t.server).get(`/api/manuals/${manuals['6.16']}/changes`).set(bearer(admin)).expect(200)).body;
    expect(changes.from).toMatchObject({ id: manuals['6.15'], status: 'published' });
    expect(changes.to).toMatchObject({ id: manuals['6.16'], status: 'draft' });
    expect(changes).toMatchObject({
      added: [{ number: '2.1.5', title: 'Synthetic standard 2.1.5' }],
      removed: [{ number: '2.1.4', title: 'Synthetic standard 2.1.4' }],
      retitled: [{ number: '1.1.2', from: 'Synthetic standard 1.1.2', to: 'Synthetic standard 1.1.2 (revised)' }],
      levelChanged: [{ number: '1.2.9', from: { A: 'M', B: 'M', C: 'M', D: 'M' }, to: { A: 'O', B: 'O', C: 'M', D: 'M' } }],
      tierChanged: [],
      kindsChanged: [{ number: '1.1.3', from: ['written_directive'], to: ['written_directive', 'observation'] }],
      frequencyChanged: [{ number: '1.1.1', from: 'annual', to: 'quarterly' }],
      chapterChanged: [],
      renumbered: [],
    });

    // 6.15's own review: the only other version is a draft, which is never the version in use, so every standard reads as added.
    const first = (await request(t.server).get(`/api/manuals/${manuals['6.15']}/changes`).set(bearer(admin)).expect(200)).body;
    expect(first.from).toBeNull();
    expect(first.added).toHaveLength(V615.length);
  });

  it('refuses to put a department on a draft (409) and changes nothing', async () => {
    const before = await files();
    const res = await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.16'] }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:manual-not-published', status: 409 });
    expect(res.body.detail).toMatch(/6\.16 is a draft: an administrator publishes it before departments can take it on/);
    const spare = await request(t.server).put(`/api/departments/${spareDepartment}/manual`).set(bearer(manager)).send({ manualId: manuals['6.16'] }).expect(409);
    expect(spare.body.type).toBe('urn:calea-tracker:problem:manual-not-published');
    expect(await files()).toEqual(before);
    expect((await department()).manual.id).toBe(manuals['6.15']);
    expect(await t.dataSource.query('SELECT manual_id FROM enrolment WHERE department_id = $1', [spareDepartment])).toEqual([{ manual_id: null }]);
    expect((await manualRow(manuals['6.16'])).first_adopted_at).toBeNull();
  });

  it('publishes only on an administrator\'s explicit action, audited; then departments see it to adopt, with its deadline', async () => {
    await request(t.server).post(`/api/manuals/${manuals['6.16']}/publish`).set(bearer(manager)).expect(403);
    expect((await department()).pendingAdoption).toBeNull();

    const since = await lastAuditId(t.dataSource);
    const published = (await request(t.server).post(`/api/manuals/${manuals['6.16']}/publish`).set(bearer(admin)).expect(200)).body;
    expect(published).toMatchObject({ id: manuals['6.16'], status: 'published', publishedAt: '2025-06-01T15:00:00.000Z' });
    expect(await auditActions(t.dataSource, since)).toEqual(['manual.published']);
    const [event] = await t.dataSource.query(`SELECT actor_email, entity_id, before, after FROM audit_event WHERE action = 'manual.published' AND id > $1`, [since]);
    expect(event).toMatchObject({ actor_email: 'admin@example.org', entity_id: manuals['6.16'], before: { status: 'draft' }, after: { status: 'published' } });

    expect((await department()).pendingAdoption).toEqual({ manualId: manuals['6.16'], version: '6.16', dueOn: '2024-01-14' });
    const adoption = (await deadlines()).items.find((d: { kind: string }) => d.kind === 'manual_adoption');
    expect(adoption).toMatchObject({ key: 'adopt-6.16', dueOn: '2024-01-14' });
  });

  it('refuses a second publication, an unknown version and a malformed id with a clear 4xx, changing nothing', async () => {
    const since = await lastAuditId(t.dataSource);
    const again = await request(t.server).post(`/api/manuals/${manuals['6.16']}/publish`).set(bearer(admin)).expect(409);
    expect(again.body).toMatchObject({ type: 'urn:calea-tracker:problem:manual-already-published', status: 409, publishedAt: '2025-06-01T15:00:00.000Z' });
    const unknown = await request(t.server).post('/api/manuals/00000000-0000-4000-8000-000000000000/publish').set(bearer(admin)).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(t.server).post('/api/manuals/not-a-uuid/publish').set(bearer(admin)).expect(400);
    await request(t.server).delete('/api/manuals/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    await request(t.server).delete('/api/manuals/not-a-uuid').set(bearer(admin)).expect(400);
    expect(await auditActions(t.dataSource, since)).toEqual([]);
  });

  it('deletes a draft with its standards, audited', async () => {
    const draft = (await upload(syntheticManualCsv(V616.slice(0, 5)), { ...LE, version: '6.17-rc', effectiveDate: '2024-03-01' }).expect(201)).body.manual;
    const since = await lastAuditId(t.dataSource);
    await request(t.server).delete(`/api/manuals/${draft.id}`).set(bearer(manager)).expect(403);
    await request(t.server).delete(`/api/manuals/${draft.id}`).set(bearer(admin)).expect(204);
    expect(await auditActions(t.dataSource, since)).toEqual(['manual.deleted']);
    const [event] = await t.dataSource.query(`SELECT entity_id, before, after FROM audit_event WHERE action = 'manual.deleted' AND id > $1`, [since]);
    expect(event).toMatchObject({ entity_id: draft.id, before: { version: '6.17-rc', status: 'draft', standardCount: 5 }, after: null });
    for (const table of ['standard', 'manual_section', 'manual_chapter']) {
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE manual_id = $1`, [draft.id])).toEqual([{ n: 0 }]);
    }
    await request(t.server).get(`/api/manuals/${draft.id}`).set(bearer(admin)).expect(404);
  });

  it('deletes a published version no department has used; refuses (409) one a department follows or has followed', async () => {
    const unused = (await upload(syntheticManualCsv(V615), { program: 'Communications', edition: '1st', version: '1.0', effectiveDate: '2024-01-01' }).expect(201)).body.manual;
    await request(t.server).post(`/api/manuals/${unused.id}/publish`).set(bearer(admin)).expect(200);
    await request(t.server).delete(`/api/manuals/${unused.id}`).set(bearer(admin)).expect(204);

    const since = await lastAuditId(t.dataSource);
    const inUse = await request(t.server).delete(`/api/manuals/${manuals['6.15']}`).set(bearer(admin)).expect(409);
    expect(inUse.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(inUse.body).toMatchObject({ type: 'urn:calea-tracker:problem:manual-version-in-use', status: 409, departments: 1 });
    expect(inUse.body.detail).toMatch(/6\.15 cannot be deleted: 1 department follows it/);

    // After the department adopts 6.16 no one follows 6.15 any more, but it was used: still kept.
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.16'] }).expect(200);
    const used = await request(t.server).delete(`/api/manuals/${manuals['6.15']}`).set(bearer(admin)).expect(409);
    expect(used.body.detail).toMatch(/a department has used it/);
    expect(await auditActions(t.dataSource, since)).toEqual(['department.manual-adopted']);
    expect((await request(t.server).get('/api/manuals').set(bearer(admin)).expect(200)).body.map((m: { version: string }) => m.version)).toEqual(['6.16', '6.15']);
  });

  it('imports a CSV in CALEA\'s header syntax alone, with titles from the earlier published version or named by number', async () => {
    const res = await upload(HEADER_ONLY_CSV, { ...LE, version: '6.17', effectiveDate: '2024-06-01' }).expect(201);
    manuals['6.17'] = res.body.manual.id;
    expect(res.body.manual).toMatchObject({ status: 'draft', standardCount: 3, chapterCount: 2, sectionCount: 3 });
    expect(res.body.message).toMatch(/3 chapter and section titles taken from version 6\.16; 2 chapter and section titles unknown/);
    const detail = (await request(t.server).get(`/api/manuals/${manuals['6.17']}`).set(bearer(admin)).expect(200)).body;
    expect(detail.chapters.map((c: { number: number; title: string; sections: { number: string; title: string }[] }) => [c.number, c.title, c.sections.map((s) => [s.number, s.title])]))
      .toEqual([
        [1, 'Law Enforcement Role and Authority', [['1.1', 'Law Enforcement Agency Role'], ['1.2', 'Limits of Authority']]],
        [3, 'Chapter 3', [['3.1', 'Section 3.1']]],
      ]);
    const standards = (await request(t.server).get(`/api/manuals/${manuals['6.17']}/standards`).set(bearer(admin)).expect(200)).body.items;
    expect(standards.map((s: { number: string; tier1: boolean; levels: { A: string }; kinds: string[] }) => [s.number, s.tier1, s.levels.A, s.kinds])).toEqual([
      ['1.1.1', true, 'M', ['written_directive']],
      ['1.2.9', true, 'M', ['written_directive']],
      ['3.1.1', false, 'O', ['written_directive']],
    ]);

    // Its review against the version in use (6.16) names the new chapter and the dropped kinds.
    const changes = (await request(t.server).get(`/api/manuals/${manuals['6.17']}/changes`).set(bearer(admin)).expect(200)).body;
    expect(changes.from.id).toBe(manuals['6.16']);
    expect(changes.added).toEqual([{ number: '3.1.1', title: 'A standard in a chapter no earlier version has' }]);
    expect(changes.kindsChanged).toEqual([{ number: '1.1.1', from: ['written_directive', 'time_sensitive'], to: ['written_directive'] }]);
    expect(changes.frequencyChanged).toEqual([{ number: '1.1.1', from: 'quarterly', to: null }]);
  });

  it('refuses a header-only file with a bad header, listing the row, and imports nothing', async () => {
    const before = (await request(t.server).get('/api/manuals').set(bearer(admin)).expect(200)).body.length;
    const res = await upload('header\r\n1.1.1 (M M M) Synthetic standard 1.1.1\r\n', { ...LE, version: '6.18', effectiveDate: '2024-09-01' }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'header', reason: expect.stringMatching(/Found 3 level letters/) })]);
    expect((await request(t.server).get('/api/manuals').set(bearer(admin)).expect(200)).body).toHaveLength(before);
  });

  it('replacing a version that was never used makes it a draft again', async () => {
    await request(t.server).post(`/api/manuals/${manuals['6.17']}/publish`).set(bearer(admin)).expect(200);
    const replaced = await upload(`${HEADER_ONLY_CSV}\r\n1.2.10 (M M M M) Synthetic standard 1.2.10`, { ...LE, version: '6.17', effectiveDate: '2024-06-01', replace: 'true' }).expect(200);
    expect(replaced.body).toMatchObject({ outcome: 'replaced', manual: { id: manuals['6.17'], status: 'draft', standardCount: 4 } });
    // The department (on 6.16) is no longer offered 6.17.
    expect((await department()).pendingAdoption).toBeNull();
  });

  describe('pages', () => {
    let adminPage: PageSession;
    let managerPage: PageSession;

    beforeAll(async () => {
      const ds = t.dataSource;
      await insertUser(ds, { email: 'page-admin@example.org', isAdmin: true });
      await insertUser(ds, { email: 'page-manager@example.org', memberships: [{ departmentId: spareDepartment, role: 'manager' }] });
      adminPage = await signInThroughPage(t, 'page-admin@example.org');
      managerPage = await signInThroughPage(t, 'page-manager@example.org');
    });

    it('lists drafts, shows a draft\'s changes, and publishes it from its page', async () => {
      const list = decodeHtml((await getPage(t, adminPage, '/admin/manuals').expect(200)).text);
      expect(list).toContain(`href="/admin/manuals/${manuals['6.17']}">Review and publish</a>`);
      expect(list).toMatch(/Draft/);

      // A department with no manual is offered the published versions only.
      const settings = decodeHtml((await getPage(t, managerPage, `/department/${spareDepartment}/settings`).expect(200)).text);
      expect(settings).toContain(`value="${manuals['6.16']}"`);
      expect(settings).not.toContain(`value="${manuals['6.17']}"`);

      const page = decodeHtml((await getPage(t, adminPage, `/admin/manuals/${manuals['6.17']}`).expect(200)).text);
      expect(page).toContain('What changes from version 6.16');
      expect(page).toContain('3.1.1 A standard in a chapter no earlier version has');
      expect(page).toContain('1.1.1: Quarterly → —');
      expect(page).toContain(`action="/admin/manuals/${manuals['6.17']}/publish"`);

      const since = await lastAuditId(t.dataSource);
      const posted = await postForm(t, adminPage, `/admin/manuals/${manuals['6.17']}/publish`, {}, `/admin/manuals/${manuals['6.17']}`).expect(303);
      expect(posted.headers.location).toBe(`/admin/manuals/${manuals['6.17']}`);
      expect(flashOf(posted)).toMatchObject({ kind: 'success', message: expect.stringMatching(/is published/) });
      expect(await auditActions(t.dataSource, since)).toEqual(['manual.published']);
      expect((await department()).pendingAdoption).toMatchObject({ manualId: manuals['6.17'] });
    });

    it('deletes a draft from its page; a kept version has no delete form and a forged one is refused with the reason', async () => {
      const draft = (await upload(HEADER_ONLY_CSV, { ...LE, version: '6.18', effectiveDate: '2024-09-01' }).expect(201)).body.manual;
      const deleted = await postForm(t, adminPage, `/admin/manuals/${draft.id}/delete`, {}, `/admin/manuals/${draft.id}`).expect(303);
      expect(deleted.headers.location).toBe('/admin/manuals');
      expect(flashOf(deleted)).toMatchObject({ kind: 'success', message: expect.stringMatching(/6\.18 is deleted/) });
      expect(await manualRow(draft.id)).toBeUndefined();

      const kept = decodeHtml((await getPage(t, adminPage, `/admin/manuals/${manuals['6.15']}`).expect(200)).text);
      expect(kept).not.toContain(`/admin/manuals/${manuals['6.15']}/delete`);
      const refused = await postForm(t, adminPage, `/admin/manuals/${manuals['6.15']}/delete`, {}, `/admin/manuals/${manuals['6.15']}`).expect(303);
      expect(refused.headers.location).toBe(`/admin/manuals/${manuals['6.15']}`);
      expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 409, message: expect.stringMatching(/cannot be deleted/) });
      expect(await manualRow(manuals['6.15'])).toBeDefined();
    });
  });

  it('migration: existing versions become published as of their import; used ones adopted, from the audit trail too; down and up again', async () => {
    const draft = (await upload(HEADER_ONLY_CSV, { ...LE, version: '6.19', effectiveDate: '2025-01-01' }).expect(201)).body.manual.id as string;
    const runner = t.dataSource.createQueryRunner();
    try {
      await beforeEnrolments(runner, async () => {
        await new ManualLifecycle1796534601544().down(runner);
        expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'manual' AND column_name IN ('published_at', 'first_adopted_at')`))[0].n).toBe(0);
        await new ManualLifecycle1796534601544().up(runner);
      });
    } finally {
      await runner.release();
    }
    const rows: { version: string; published: boolean; adopted: boolean }[] = await t.dataSource.query(
      `SELECT version, published_at = imported_at AS published, first_adopted_at IS NOT NULL AS adopted FROM manual WHERE program = $1 ORDER BY version`,
      [LE.program],
    );
    // 6.15 and 6.16 were assigned or adopted (the audit trail names them); 6.17 and the 6.19 draft never were.
    expect(rows).toEqual([
      { version: '6.15', published: true, adopted: true },
      { version: '6.16', published: true, adopted: true },
      { version: '6.17', published: true, adopted: false },
      { version: '6.19', published: true, adopted: false },
    ]);
    expect(draft).toBeDefined();
  });
});
