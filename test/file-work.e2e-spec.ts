import request from 'supertest';
import type { ParsedStandard } from '../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const V615 = generateSyntheticManual({ version: '6.15' });

describe('standard files: the weekly work', () => {
  let t: TestApp;
  let departmentId: string;
  let tokens: Record<'admin' | 'manager' | 'member' | 'otherMember' | 'chief' | 'assessor' | 'outsider', string>;
  let memberId: string;
  let outsiderId: string;
  let fileId: string;
  let bulleted: ParsedStandard;

  const file = async (id = fileId) => (await request(t.server).get(`/api/files/${id}`).set(bearer(tokens.manager)).expect(200)).body;
  const patch = (token: string, body: object, id = fileId) => request(t.server).patch(`/api/files/${id}`).set(bearer(token)).send(body);
  const snapshot = () => t.dataSource.query('SELECT id, applicability, result, status, assignee_user_id, notes, version FROM standard_file ORDER BY id');

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Normandy Police Department');
    const other = await insertDepartment(ds, 'Pagedale Police Department');
    const adminId = await insertUser(ds, { email: 'admin@example.org', isAdmin: true });
    const managerId = await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
    memberId = await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] });
    const otherMemberId = await insertUser(ds, { email: 'other.member@example.org', memberships: [{ departmentId, role: 'member' }] });
    const chiefId = await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId, role: 'chief' }] });
    outsiderId = await insertUser(ds, { email: 'outsider@example.org', memberships: [{ departmentId: other, role: 'manager' }] });
    const assessorId = await insertUser(ds, { email: 'assessor@peer.example' });
    await ds.query(`INSERT INTO assessor_grant (user_id, starts_on, ends_on) VALUES ($1, current_date - 1, current_date + 30) RETURNING id`, [assessorId]).then(async ([g]: { id: string }[]) =>
      ds.query('INSERT INTO assessor_grant_department (grant_id, department_id) VALUES ($1, $2)', [g.id, departmentId]),
    );
    tokens = {
      admin: await insertSession(ds, adminId),
      manager: await insertSession(ds, managerId),
      member: await insertSession(ds, memberId),
      otherMember: await insertSession(ds, otherMemberId),
      chief: await insertSession(ds, chiefId),
      assessor: await insertSession(ds, assessorId),
      outsider: await insertSession(ds, outsiderId),
    };
    let req = request(t.server).post('/api/manuals/import').set(bearer(tokens.admin));
    for (const [k, v] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(k, v);
    const manual = await req.attach('file', Buffer.from(syntheticManualCsv(V615)), 'manual.csv').expect(201);
    await request(t.server).post(`/api/manuals/${manual.body.manual.id}/publish`).set(bearer(tokens.admin)).expect(200);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(tokens.manager)).send({ manualId: manual.body.manual.id }).expect(200);
    bulleted = V615.find((s) => s.tier1 && s.bullets.length >= 2)!;
    [{ id: fileId }] = await ds.query('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentId, bulleted.number]);
  });
  afterAll(() => t.close());

  it('shows a file with its standard to every reader of the department, and 404 to others', async () => {
    const res = await request(t.server).get(`/api/files/${fileId}`).set(bearer(tokens.assessor)).expect(200);
    expect(res.body).toMatchObject({ number: bulleted.number, title: bulleted.title, applicability: 'applicable', result: 'not_assessed', status: 'to_do', version: 1 });
    expect(res.body.bullets.map((b: { letter: string }) => b.letter)).toEqual(bulleted.bullets.map((b) => b.letter));
    await request(t.server).get(`/api/files/${fileId}`).set(bearer(tokens.outsider)).expect(404);
    await request(t.server).get('/api/files/00000000-0000-4000-8000-000000000000').set(bearer(tokens.manager)).expect(404);
  });

  it('keeps applicability with its reason, waiver reference and date', async () => {
    let current = await file();
    const missing = await patch(tokens.manager, { version: current.version, applicability: 'not_applicable' }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'applicabilityReason', message: 'applicabilityReason is required when the standard is not applicable' }]);
    current = (await patch(tokens.manager, { version: current.version, applicability: 'not_applicable', applicabilityReason: 'No holding facility' }).expect(200)).body;
    expect(current).toMatchObject({ applicability: 'not_applicable', applicabilityReason: 'No holding facility' });
    const waiverMissing = await patch(tokens.manager, { version: current.version, applicability: 'waived' }).expect(400);
    expect(waiverMissing.body.errors.map((e: { field: string }) => e.field)).toEqual(['waiverReference', 'waiverDate']);
    current = (await patch(tokens.manager, { version: current.version, applicability: 'waived', waiverReference: 'SRIC 2025-14', waiverDate: '2025-06-01' }).expect(200)).body;
    expect(current).toMatchObject({ applicability: 'waived', applicabilityReason: null, waiverReference: 'SRIC 2025-14', waiverDate: '2025-06-01' });
    current = (await patch(tokens.manager, { version: current.version, applicability: 'applicable' }).expect(200)).body;
    expect(current).toMatchObject({ applicability: 'applicable', waiverReference: null, waiverDate: null });
  });

  it('keeps the compliance result apart from the workflow status; returning needs a reason', async () => {
    let current = await file();
    current = (await patch(tokens.manager, { version: current.version, result: 'partially_compliant', status: 'in_progress' }).expect(200)).body;
    expect(current).toMatchObject({ result: 'partially_compliant', status: 'in_progress' });
    const noReason = await patch(tokens.manager, { version: current.version, status: 'returned' }).expect(400);
    expect(noReason.body.errors[0].field).toBe('statusReason');
    current = (await patch(tokens.manager, { version: current.version, status: 'returned', statusReason: 'Attach the 2025 training roster' }).expect(200)).body;
    expect(current).toMatchObject({ status: 'returned', statusReason: 'Attach the 2025 training roster', result: 'partially_compliant' });
    current = (await patch(tokens.manager, { version: current.version, status: 'accepted', result: 'compliant' }).expect(200)).body;
    expect(current).toMatchObject({ status: 'accepted', statusReason: null, result: 'compliant' });
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const current = await file();
    await patch(tokens.manager, { version: current.version, notes: 'first' }).expect(200);
    const before = await snapshot();
    const stale = await patch(tokens.manager, { version: current.version, notes: 'second' }).expect(409);
    expect(stale.body).toMatchObject({ type: 'urn:calea-tracker:problem:stale-version', currentVersion: current.version + 1 });
    expect(await snapshot()).toEqual(before);
  });

  it('assigns only active managers or members of the department', async () => {
    let current = await file();
    const outsider = await patch(tokens.manager, { version: current.version, assigneeUserId: outsiderId }).expect(400);
    expect(outsider.body.errors[0].field).toBe('assigneeUserId');
    current = (await patch(tokens.manager, { version: current.version, assigneeUserId: memberId }).expect(200)).body;
    expect(current.assigneeUserId).toBe(memberId);
  });

  it('lets a member work on files assigned to them, and nothing more', async () => {
    let current = await file();
    current = (
      await patch(tokens.member, {
        version: current.version,
        status: 'in_review',
        directives: [{ number: 'GO 1-12', title: 'Bias-Based Policing', section: 'III.B', effectiveDate: '2025-03-01', nextReviewDate: '2026-03-01' }],
        bulletNotes: { [bulleted.bullets[0].letter]: 'GO 1-12 III.B' },
        notes: 'Ready for review',
      }).expect(200)
    ).body;
    expect(current).toMatchObject({ status: 'in_review', directives: [{ number: 'GO 1-12' }], notes: 'Ready for review' });
    const result = await patch(tokens.member, { version: current.version, result: 'compliant' }).expect(403);
    expect(result.body.detail).toMatch(/Only a manager may change result/);
    await patch(tokens.member, { version: current.version, status: 'accepted' }).expect(403);
    await patch(tokens.otherMember, { version: current.version, notes: 'not mine' }).expect(403);
    await patch(tokens.chief, { version: current.version, notes: 'chiefs read' }).expect(403);
    await patch(tokens.assessor, { version: current.version, notes: 'assessors read' }).expect(403);
    await patch(tokens.outsider, { version: current.version, notes: 'other department' }).expect(404);
  });

  it.each([
    [{ bulletNotes: { zz: 'no such bullet' } }, 'bulletNotes.zz'],
    [{ directives: [{ number: 'GO 1', title: 'T', effectiveDate: '2025-02-30' }] }, 'directives[0].effectiveDate'],
    [{ directives: [{ title: 'no number' }] }, 'directives[0].number'],
    [{ result: 'mostly' }, 'result'],
    [{ status: 'done' }, 'status'],
    [{ assigneeUserId: 'not-a-uuid' }, 'assigneeUserId'],
    [{ color: 'blue' }, 'color'],
  ])('refuses %j naming %s, changing nothing', async (body, field) => {
    const current = await file();
    const before = await snapshot();
    const res = await patch(tokens.manager, { version: current.version, ...body }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await snapshot()).toEqual(before);
  });

  it('records what changed in the audit trail', async () => {
    const since = await lastAuditId(t.dataSource);
    const current = await file();
    await patch(tokens.manager, { version: current.version, notes: 'Audited note' }).expect(200);
    const [event] = await t.dataSource.query('SELECT action, entity_id, before, after, actor_role FROM audit_event WHERE id > $1', [since]);
    expect(event).toMatchObject({ action: 'file.updated', entity_id: fileId, actor_role: 'manager', after: { notes: 'Audited note', version: current.version + 1 } });
    expect(Object.keys(event.after).sort()).toEqual(['notes', 'version']);
  });

  it('clears the review flag a manual version set', async () => {
    await t.dataSource.query(`UPDATE standard_file SET needs_review = true, review_reasons = '{"version 6.16: levels changed"}' WHERE id = $1`, [fileId]);
    const current = await file();
    expect(current.needsReview).toBe(true);
    const cleared = (await patch(tokens.manager, { version: current.version, reviewed: true }).expect(200)).body;
    expect(cleared).toMatchObject({ needsReview: false, reviewReasons: [] });
  });

  describe('bulk actions, all or nothing', () => {
    const chapter = (): number => Number(bulleted.number.split('.')[0]);

    it('assigns a chapter to a member', async () => {
      const since = await lastAuditId(t.dataSource);
      const [{ alreadyTheirs }] = await t.dataSource.query(
        'SELECT count(*)::int AS "alreadyTheirs" FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE f.department_id = $1 AND f.in_scope AND s.chapter = $2 AND f.assignee_user_id = $3',
        [departmentId, chapter(), memberId],
      );
      const res = await request(t.server).post(`/api/departments/${departmentId}/files/assign-chapter`).set(bearer(tokens.manager)).send({ chapter: chapter(), assigneeUserId: memberId }).expect(200);
      const [{ n }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE f.department_id = $1 AND f.in_scope AND s.chapter = $2',
        [departmentId, chapter()],
      );
      expect(res.body.changed).toBe(n);
      const [{ assigned }] = await t.dataSource.query('SELECT count(*)::int AS assigned FROM standard_file WHERE department_id = $1 AND assignee_user_id = $2', [departmentId, memberId]);
      expect(assigned).toBe(n);
      // One mail tells the member which of the chapter's files are newly theirs (kept in the outbox here: no SMTP_URL).
      expect(await auditActions(t.dataSource, since)).toEqual([...Array<string>(n).fill('file.assigned'), 'mail.kept']);
      const [mail] = await t.dataSource.query(`SELECT kind, recipient_user_id, subject FROM mail_message WHERE recipient_user_id = $1 ORDER BY created_at DESC LIMIT 1`, [memberId]);
      expect(mail).toMatchObject({ kind: 'file-assigned', subject: expect.stringContaining(`${n - alreadyTheirs} files of chapter ${chapter()}`) });
    });

    it('marks a chapter not applicable with one reason', async () => {
      const res = await request(t.server)
        .post(`/api/departments/${departmentId}/files/mark-chapter-not-applicable`)
        .set(bearer(tokens.manager))
        .send({ chapter: 70, reason: 'The department has no holding facility' })
        .expect(200);
      const rows: { applicability: string; applicability_reason: string }[] = await t.dataSource.query(
        `SELECT applicability, applicability_reason FROM standard_file WHERE department_id = $1 AND standard_number LIKE '70.%' AND in_scope`,
        [departmentId],
      );
      expect(rows).toHaveLength(res.body.changed);
      expect(rows.every((r) => r.applicability === 'not_applicable' && r.applicability_reason === 'The department has no holding facility')).toBe(true);
    });

    it('changes nothing when the assignee is not a member, the chapter is empty or the caller is a member', async () => {
      const before = await snapshot();
      await request(t.server).post(`/api/departments/${departmentId}/files/assign-chapter`).set(bearer(tokens.manager)).send({ chapter: chapter(), assigneeUserId: outsiderId }).expect(400);
      await request(t.server).post(`/api/departments/${departmentId}/files/assign-chapter`).set(bearer(tokens.manager)).send({ chapter: 999, assigneeUserId: memberId }).expect(422);
      await request(t.server).post(`/api/departments/${departmentId}/files/mark-chapter-not-applicable`).set(bearer(tokens.manager)).send({ chapter: 1 }).expect(400);
      await request(t.server).post(`/api/departments/${departmentId}/files/assign-chapter`).set(bearer(tokens.member)).send({ chapter: chapter(), assigneeUserId: memberId }).expect(403);
      await request(t.server).post(`/api/departments/${departmentId}/files/assign-chapter`).set(bearer(tokens.outsider)).send({ chapter: chapter(), assigneeUserId: memberId }).expect(404);
      expect(await snapshot()).toEqual(before);
    });
  });
});
