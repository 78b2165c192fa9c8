import request from 'supertest';
import { Crosswalk1796590187744 } from '../migrations/1796590187744-Crosswalk';
import { beforeEnrolments } from './support/later-migrations';
import { Programs1796565987181 } from '../migrations/1796565987181-Programs';
import { syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertSession, insertUser, lastAuditId } from './support/fixtures';
import { smallManual } from './support/small-manual';
import { createTestApp, TestApp } from './support/test-app';

describe('programs', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;

  const upload = (fields: Record<string, string>): request.Test => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', Buffer.from(syntheticManualCsv(smallManual()), 'utf8'), 'manual.csv');
  };
  const programs = async (token = manager) => (await request(t.server).get('/api/programs').set(bearer(token)).expect(200)).body as { id: string; name: string; version: number; manualCount: number }[];
  const programNamed = async (name: string) => {
    const found = (await programs()).find((p) => p.name === name);
    if (!found) throw new Error(`no program ${name}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'manager@example.org' }));
  });
  afterAll(() => t.close());

  it("makes the program an import names, with CALEA's shape, audited; a second version joins it", async () => {
    const since = await lastAuditId(t.dataSource);
    await upload({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' }).expect(201);
    await upload({ program: 'Law Enforcement', edition: '6th', version: '6.16', effectiveDate: '2023-03-01' }).expect(201);
    expect(await auditActions(t.dataSource, since)).toEqual(['program.created', 'manual.imported', 'manual.imported']);
    expect(await programNamed('Law Enforcement')).toMatchObject({
      cycleYears: 4,
      hasTiers: true,
      hasSizeClasses: true,
      milestones: ['annual_review', 'site_assessment', 'public_comment_notice'],
      sample: false,
      manualCount: 2,
    });
    const [row] = await t.dataSource.query(`SELECT count(DISTINCT program_id)::int AS n FROM manual WHERE program = 'Law Enforcement'`);
    expect(row.n).toBe(1);
  });

  it('makes nothing when the import is refused', async () => {
    const before = (await programs()).length;
    await request(t.server).post('/api/manuals/import').set(bearer(admin)).field('program', 'Refused Program').field('edition', '1st').field('version', '1').field('effectiveDate', '2024-01-01')
      .attach('file', Buffer.from('chapter,number\n1,not a standard\n'), 'manual.csv').expect(422);
    expect((await programs()).length).toBe(before);
  });

  it("lets an administrator change a program's cycle and milestones, audited, with a version check", async () => {
    await upload({ program: 'Sample State Program', edition: '1st', version: '2025', effectiveDate: '2025-01-01' }).expect(201);
    const state = await programNamed('Sample State Program');
    const since = await lastAuditId(t.dataSource);
    const changed = await request(t.server)
      .patch(`/api/programs/${state.id}`)
      .set(bearer(admin))
      .send({ version: state.version, cycleYears: 3, hasTiers: false, hasSizeClasses: false, milestones: ['annual_review', 'site_assessment'] })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'Sample State Program', cycleYears: 3, hasTiers: false, hasSizeClasses: false, milestones: ['annual_review', 'site_assessment'], version: state.version + 1 });
    expect(await auditActions(t.dataSource, since)).toEqual(['program.updated']);
    const [event] = await t.dataSource.query(`SELECT before, after FROM audit_event WHERE action = 'program.updated' ORDER BY id DESC LIMIT 1`);
    expect([event.before.cycleYears, event.after.cycleYears]).toEqual([4, 3]);

    const stale = await request(t.server).patch(`/api/programs/${state.id}`).set(bearer(admin)).send({ version: state.version, cycleYears: 5 }).expect(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await request(t.server).get(`/api/programs/${state.id}`).set(bearer(manager)).expect(200)).body.cycleYears).toBe(3);
  });

  it.each([
    ['a cycle too long', { cycleYears: 9 }, 'cycleYears'],
    ['a cycle of no years', { cycleYears: 0 }, 'cycleYears'],
    ['a cycle as text', { cycleYears: '3' }, 'cycleYears'],
    ['an unknown milestone', { milestones: ['annual_review', 'ribbon_cutting'] }, 'milestones'],
    ['a milestone twice', { milestones: ['annual_review', 'annual_review'] }, 'milestones'],
    ['a new name (names never change)', { name: 'Renamed' }, 'name'],
    ['no version', { version: undefined, cycleYears: 3 }, 'version'],
  ])('refuses %s with 400 and changes nothing', async (_case, change, field) => {
    const state = await programNamed('Sample State Program');
    const res = await request(t.server).patch(`/api/programs/${state.id}`).set(bearer(admin)).send({ version: state.version, ...change }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body.errors)).toContain(field);
    expect(await programNamed('Sample State Program')).toEqual(state);
  });

  it('answers 404 for an unknown program', async () => {
    await request(t.server).get('/api/programs/00000000-0000-4000-8000-000000000000').set(bearer(manager)).expect(404);
    await request(t.server).patch('/api/programs/00000000-0000-4000-8000-000000000000').set(bearer(admin)).send({ version: 1, cycleYears: 3 }).expect(404);
  });

  it('migration: every manual gets the program it names, each program once; down and up again', async () => {
    const before: { id: string; program: string }[] = await t.dataSource.query('SELECT id, program FROM manual ORDER BY id');
    const runner = t.dataSource.createQueryRunner();
    try {
      // The crosswalk table (a later migration) references program: reverted first and made again last, as migration:revert and run would (no crosswalk rows here).
      await new Crosswalk1796590187744().down(runner);
      await beforeEnrolments(runner, async () => {
        await new Programs1796565987181().down(runner);
        expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'program'`))[0].n).toBe(0);
        expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'manual' AND column_name = 'program_id'`))[0].n).toBe(0);
        await new Programs1796565987181().up(runner);
      });
      await new Crosswalk1796590187744().up(runner);
    } finally {
      await runner.release();
    }
    const after: { id: string; program: string; name: string }[] = await t.dataSource.query(
      'SELECT m.id, m.program, p.name FROM manual m JOIN program p ON p.id = m.program_id ORDER BY m.id',
    );
    expect(after.map(({ id, program }) => ({ id, program }))).toEqual(before);
    for (const row of after) expect(row.name).toBe(row.program);
    expect((await programs()).map((p) => p.name)).toEqual(['Law Enforcement', 'Sample State Program']);
  });
});
