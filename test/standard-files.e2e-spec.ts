import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { changedNumbers, diffManuals } from '../src/standards/rules/manual-diff';
import { parseStandardNumber } from '../src/standards/rules/natural-sort';
import type { ParsedStandard } from '../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const LE = { program: 'Law Enforcement', edition: '6th' };
const V615 = generateSyntheticManual({ version: '6.15' });
const V616 = generateSyntheticManual({ version: '6.16' });

/** 6.17: 6.16 with one Tier 1 standard removed and another renumbered (replaces its old number). */
function makeV617(): { standards: ParsedStandard[]; removed: string; renumbered: { from: string; to: string } } {
  const tier1 = V616.filter((s) => s.tier1);
  const removed = tier1[5].number;
  const lastInSection = tier1.find((s) => {
    const n = parseStandardNumber(s.number)!;
    return !V616.some((o) => o.section === s.section && parseStandardNumber(o.number)!.standard > n.standard) && s.number !== removed;
  })!;
  const parts = parseStandardNumber(lastInSection.number)!;
  const to = `${parts.chapter}.${parts.section}.${parts.standard + 1}`;
  const standards = V616.filter((s) => s.number !== removed).map((s) => (s.number === lastInSection.number ? { ...s, number: to, replaces: s.number } : s));
  return { standards, removed, renumbered: { from: lastInSection.number, to } };
}

describe('standard files: assigning and adopting manual versions', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let member: string;
  let otherManager: string;
  let departmentId: string;
  const manuals: Record<string, string> = {};
  const clock = new FixedClock(new Date('2026-11-29T15:00:00Z'));

  const upload = async (standards: ParsedStandard[], version: string, effectiveDate: string): Promise<string> => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ ...LE, version, effectiveDate })) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from(syntheticManualCsv(standards)), 'manual.csv').expect(201);
    await request(t.server).post(`/api/manuals/${res.body.manual.id}/publish`).set(bearer(admin)).expect(200);
    return res.body.manual.id as string;
  };
  const files = async (query = ''): Promise<{ items: { id: string; number: string; level: string; needsReview: boolean; reviewReasons: string[]; inScope: boolean }[]; total: number }> =>
    (await request(t.server).get(`/api/departments/${departmentId}/files?limit=500${query}`).set(bearer(manager)).expect(200)).body;
  const department = async () => (await request(t.server).get(`/api/departments/${departmentId}`).set(bearer(manager)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Normandy Police Department');
    await setProfile(ds, departmentId, { swornOfficers: 30, programTier: 'tier1' });
    const otherDepartment = await insertDepartment(ds, 'Pagedale Police Department');
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] }));
    otherManager = await insertSession(ds, await insertUser(ds, { email: 'other@example.org', memberships: [{ departmentId: otherDepartment, role: 'manager' }] }));
    manuals['6.15'] = await upload(V615, '6.15', '2022-03-01');
  });
  afterAll(() => t.close());

  it('creates one file per Tier 1 standard with M/O resolved for the size class', async () => {
    const res = await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.15'] }).expect(200);
    expect(res.body).toMatchObject({ outcome: 'assigned', created: 183, carried: 0, inScope: 183, flagged: [], retired: [] });
    const { items, total } = await files();
    expect(total).toBe(183);
    const expected = V615.filter((s) => s.tier1);
    expect(items.map((f) => f.number)).toEqual(expected.map((s) => s.number));
    expect(items.map((f) => f.level)).toEqual(expected.map((s) => s.levels.B));
    expect((await department()).manual).toMatchObject({ id: manuals['6.15'], version: '6.15' });
    const again = await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.15'] }).expect(200);
    expect(again.body).toMatchObject({ outcome: 'unchanged', created: 0 });
  });

  it('lists files with filters', async () => {
    const mandatory = await files('&level=M');
    expect(mandatory.items.every((f) => f.level === 'M')).toBe(true);
    expect(mandatory.total).toBe(V615.filter((s) => s.tier1 && s.levels.B === 'M').length);
    const chapter = await files('&chapter=41');
    expect(chapter.items.every((f) => f.number.startsWith('41.'))).toBe(true);
    await request(t.server).get(`/api/departments/${departmentId}/files?level=X`).set(bearer(manager)).expect(400);
  });

  it('re-resolves scope and levels when the tier or size class changes, keeping all work', async () => {
    const [kept] = await t.dataSource.query('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentId, V615.find((s) => s.tier1)!.number]);
    await t.dataSource.query(`UPDATE standard_file SET result = 'compliant', notes = 'Directive 12-3 answers it' WHERE id = $1`, [kept.id]);
    let dept = await department();
    dept = (await request(t.server).patch(`/api/departments/${departmentId}`).set(bearer(manager)).send({ version: dept.version, programTier: 'advanced' }).expect(200)).body;
    expect((await files()).total).toBe(461);
    dept = (await request(t.server).patch(`/api/departments/${departmentId}`).set(bearer(manager)).send({ version: dept.version, swornOfficers: 600 }).expect(200)).body;
    expect(dept.sizeClass).toBe('D');
    expect((await files()).items.map((f) => f.level)).toEqual(V615.map((s) => s.levels.D));
    await request(t.server).patch(`/api/departments/${departmentId}`).set(bearer(manager)).send({ version: dept.version, programTier: 'tier1', swornOfficers: 30 }).expect(200);
    expect((await files()).total).toBe(183);
    expect((await files('&inScope=false')).total).toBe(461 - 183);
    const [row] = await t.dataSource.query('SELECT result, notes, level FROM standard_file WHERE id = $1', [kept.id]);
    expect(row).toEqual({ result: 'compliant', notes: 'Directive 12-3 answers it', level: V615.find((s) => s.tier1)!.levels.B });
  });

  it('shows a newer version to adopt, with its deadline', async () => {
    manuals['6.16'] = await upload(V616, '6.16', '2023-01-15');
    expect((await department()).pendingAdoption).toEqual({ manualId: manuals['6.16'], version: '6.16', dueOn: '2024-01-14' });
  });

  it('adopts a newer version: unchanged files keep everything, changed ones are flagged, nothing is lost', async () => {
    const before: { id: string; standard_number: string; result: string }[] = await t.dataSource.query('SELECT id, standard_number, result FROM standard_file WHERE department_id = $1', [departmentId]);
    const res = await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.16'] }).expect(200);
    const changed = changedNumbers(diffManuals(V615.map(toDiffable), V616.map(toDiffable)));
    const expectedFlagged = before.map((f) => f.standard_number).filter((n) => changed.has(n)).sort();
    expect(res.body.outcome).toBe('adopted');
    expect([...res.body.flagged].sort()).toEqual(expectedFlagged);
    expect(res.body.carried).toBe(before.length);
    expect(expectedFlagged.length).toBeGreaterThan(0);
    const after: { id: string; result: string }[] = await t.dataSource.query('SELECT id, result FROM standard_file WHERE department_id = $1', [departmentId]);
    expect(after.map((f) => f.id)).toEqual(expect.arrayContaining(before.map((f) => f.id)));
    expect(after.filter((f) => f.result === 'compliant')).toHaveLength(1);
    const flagged = await files('&needsReview=true');
    expect(flagged.items.every((f) => f.reviewReasons.every((r) => r.startsWith('version 6.16:')))).toBe(true);
    expect((await department()).pendingAdoption).toBeNull();
  });

  it('adopts a version that removes and renumbers standards without losing a file', async () => {
    const v617 = makeV617();
    manuals['6.17'] = await upload(v617.standards, '6.17', '2024-06-01');
    const [moved] = await t.dataSource.query('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentId, v617.renumbered.from]);
    const [gone] = await t.dataSource.query('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentId, v617.removed]);
    const count = (await t.dataSource.query('SELECT count(*)::int AS n FROM standard_file WHERE department_id = $1', [departmentId]))[0].n;
    const res = await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: manuals['6.17'] }).expect(200);
    expect(res.body.retired).toEqual([v617.removed]);
    expect(res.body.flagged).toContain(v617.renumbered.to);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM standard_file WHERE department_id = $1', [departmentId]))[0].n).toBe(count);
    const [movedNow] = await t.dataSource.query('SELECT standard_number, review_reasons FROM standard_file WHERE id = $1', [moved.id]);
    expect(movedNow.standard_number).toBe(v617.renumbered.to);
    expect(movedNow.review_reasons).toContain(`version 6.17: renumbered from ${v617.renumbered.from} to ${v617.renumbered.to}`);
    const [goneNow] = await t.dataSource.query('SELECT in_scope, needs_review, review_reasons FROM standard_file WHERE id = $1', [gone.id]);
    expect(goneNow).toEqual({ in_scope: false, needs_review: true, review_reasons: ['removed in version 6.17'] });
    const retiredListed = await files('&inScope=false&needsReview=true');
    expect(retiredListed.items.map((f) => f.number)).toContain(v617.removed);
  });

  it('refuses to replace a version a department uses', async () => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ ...LE, version: '6.17', effectiveDate: '2024-06-02', replace: 'true' })) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from(syntheticManualCsv(V615)), 'manual.csv');
    expect(res.status).toBeGreaterThanOrEqual(409);
    expect(res.body.detail).toMatch(/used by departments/);
  });

  it('scopes assignment and listing to the department', async () => {
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(otherManager)).send({ manualId: manuals['6.15'] }).expect(404);
    await request(t.server).get(`/api/departments/${departmentId}/files`).set(bearer(otherManager)).expect(404);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(member)).send({ manualId: manuals['6.15'] }).expect(403);
    await request(t.server).get(`/api/departments/${departmentId}/files`).set(bearer(member)).expect(200);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    const actions: { action: string }[] = await t.dataSource.query(`SELECT action FROM audit_event WHERE department_id = $1 AND action LIKE 'department.manual-%' ORDER BY id`, [departmentId]);
    expect(actions.map((a) => a.action)).toEqual(['department.manual-assigned', 'department.manual-adopted', 'department.manual-adopted']);
  });
});

function toDiffable(s: ParsedStandard) {
  return {
    number: s.number, title: s.title, tier1: s.tier1, levels: s.levels, kinds: s.kinds, chapter: s.chapter, chapterTitle: s.chapterTitle,
    frequency: s.frequency, replaces: s.replaces,
  };
}
