import request from 'supertest';
import { Crosswalk1796590187744 } from '../migrations/1796590187744-Crosswalk';
import { CrosswalksService } from '../src/standards/crosswalks.service';
import { syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertSession, insertUser, lastAuditId } from './support/fixtures';
import { smallManual } from './support/small-manual';
import { createTestApp, TestApp } from './support/test-app';

const LE = 'Law Enforcement';
const STATE = 'Sample State Program';

/** The crosswalk the tests start from: three pairs, one row repeating another the other way round. */
const FIRST_CSV = [
  'program,number,program,number',
  `${LE},1.1.1,${STATE},1.1.1`,
  `${LE},1.2.9,${STATE},1.2.1`,
  `${STATE},1.2.1,${LE},1.2.9`,
  `${LE},2.1.1,${STATE},1.1.1`,
].join('\r\n');

describe('crosswalks between programs', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  const programIds: Record<string, string> = {};

  const importManual = async (program: string, version: string, effectiveDate: string, numbers: (n: string) => boolean, publish: boolean): Promise<void> => {
    const csv = syntheticManualCsv(smallManual().filter((s) => numbers(s.number)));
    const res = await request(t.server)
      .post('/api/manuals/import')
      .set(bearer(admin))
      .field({ program, edition: '1st', version, effectiveDate })
      .attach('file', Buffer.from(csv, 'utf8'), 'manual.csv')
      .expect(201);
    programIds[program] = res.body.manual.programId;
    if (publish) await request(t.server).post(`/api/manuals/${res.body.manual.id}/publish`).set(bearer(admin)).expect(200);
  };
  const upload = (file: string | Buffer, token = admin, name = 'crosswalk.csv'): request.Test =>
    request(t.server).post('/api/crosswalks/import').set(bearer(token)).attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'), name);
  const list = async (program?: string, token = reader) =>
    (await request(t.server).get(`/api/crosswalks${program ? `?program=${program}` : ''}`).set(bearer(token)).expect(200)).body as {
      id: string;
      from: { programId: string; programName: string; number: string };
      to: { programId: string; programName: string; number: string };
      createdAt: string;
      createdByEmail: string | null;
    }[];
  const shown = (pairs: Awaited<ReturnType<typeof list>>) => pairs.map((p) => `${p.from.programName} ${p.from.number} = ${p.to.programName} ${p.to.number}`);
  const stored = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM crosswalk'))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
    reader = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'reader@example.org' }));
    // CALEA's small manual, published; the state program's chapter 1 published and a later draft adding chapter 2.
    await importManual(LE, '6.15', '2022-03-01', () => true, true);
    await importManual(STATE, '2025', '2025-01-01', (n) => n.startsWith('1.'), true);
    await importManual(STATE, '2026', '2026-01-01', () => true, false);
  });
  afterAll(() => t.close());

  it('imports a crosswalk between two programs, each pair once whatever its direction, audited', async () => {
    const since = await lastAuditId(t.dataSource);
    const res = await upload(FIRST_CSV).expect(201);
    expect(res.body).toEqual({
      message: 'Read 4 rows: 3 pairs, 3 added, 0 already present; 1 row repeated another (either way round).',
      rows: 4,
      pairs: 3,
      duplicateRows: 1,
      added: 3,
      alreadyPresent: 0,
    });
    expect(await stored()).toBe(3);
    expect(await auditActions(t.dataSource, since)).toEqual(['crosswalk.imported']);
    const [event] = await t.dataSource.query(`SELECT entity_type, actor_email, after FROM audit_event WHERE action = 'crosswalk.imported' ORDER BY id DESC LIMIT 1`);
    expect(event).toMatchObject({ entity_type: 'crosswalk', actor_email: 'admin@example.org' });
    expect(event.after).toMatchObject({ added: 3, fileName: 'crosswalk.csv' });
    expect(event.after.addedPairs.map((p: { from: { number: string }; to: { number: string } }) => `${p.from.number}=${p.to.number}`)).toEqual([
      '1.1.1=1.1.1',
      '1.2.9=1.2.1',
      '2.1.1=1.1.1',
    ]);
    // Stored in one order: the lower program id on side a.
    const rows: { program_a_id: string; program_b_id: string }[] = await t.dataSource.query('SELECT program_a_id, program_b_id FROM crosswalk');
    for (const row of rows) expect(row.program_a_id < row.program_b_id).toBe(true);
  });

  it('lists the pairs for every signed-in user, by program with that side first, in natural order', async () => {
    expect(shown(await list(programIds[LE]))).toEqual([
      `${LE} 1.1.1 = ${STATE} 1.1.1`,
      `${LE} 1.2.9 = ${STATE} 1.2.1`,
      `${LE} 2.1.1 = ${STATE} 1.1.1`,
    ]);
    expect(shown(await list(programIds[STATE]))).toEqual([
      `${STATE} 1.1.1 = ${LE} 1.1.1`,
      `${STATE} 1.1.1 = ${LE} 2.1.1`,
      `${STATE} 1.2.1 = ${LE} 1.2.9`,
    ]);
    const all = await list();
    expect(shown(all)).toEqual(shown(await list(programIds[LE])));
    expect(all[0]).toMatchObject({ from: { programId: programIds[LE] }, to: { programId: programIds[STATE] }, createdByEmail: 'admin@example.org' });

    const unknown = await request(t.server).get('/api/crosswalks?program=00000000-0000-4000-8000-000000000000').set(bearer(reader)).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const bad = await request(t.server).get('/api/crosswalks?program=not-a-uuid').set(bearer(reader)).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'program' })]);
  });

  it('imports the same file again as nothing new, and only the new pairs of a file that repeats some', async () => {
    const since = await lastAuditId(t.dataSource);
    const again = await upload(FIRST_CSV).expect(200);
    expect(again.body).toMatchObject({ rows: 4, pairs: 3, added: 0, alreadyPresent: 3, duplicateRows: 1 });
    expect(again.body.message).toBe('Read 4 rows: 3 pairs, 0 added, 3 already present; 1 row repeated another (either way round).');
    expect(await auditActions(t.dataSource, since)).toEqual([]);

    const more = await upload(['from_program,from_number,to_program,to_number', `${STATE},1.1.1,${LE},1.1.1`, `${STATE},1.1.2,${LE},1.1.2`].join('\n')).expect(201);
    expect(more.body).toMatchObject({ rows: 2, pairs: 2, added: 1, alreadyPresent: 1, duplicateRows: 0 });
    expect(await stored()).toBe(4);
    expect(await auditActions(t.dataSource, since)).toEqual(['crosswalk.imported']);
  });

  describe('refuses a file with broken rows, storing nothing', () => {
    const header = 'program,number,program,number';
    const good = `${LE},1.1.3,${STATE},1.1.3`;
    it.each([
      ['a row with three columns', `${LE},1.1.3,${STATE}`, '', /has 3 columns; a crosswalk row has 4/],
      ['a row with five columns', `${LE},1.1.3,${STATE},1.1.3,extra`, '', /has 5 columns/],
      ['a blank number', `${LE},,${STATE},1.1.3`, 'number (B)', /standard number is missing/],
      ['a blank program', ` ,1.1.3,${STATE},1.1.3`, 'program (A)', /name is missing/],
      ['a NUL byte', `${LE},1.1.3,${STATE}\0,1.1.3`, 'program (C)', /NUL byte/],
      ['an over-long program name', `${LE},1.1.3,${'S'.repeat(101)},1.1.3`, 'program (C)', /at most 100 characters/],
      ['an over-long number', `${LE},1.1.3,${STATE},1.1.3.1.1.1.1`, 'number (D)', /at most 12 characters/],
      ['a malformed number', `${LE},1.1,${STATE},1.1.3`, 'number (B)', /not a standard number/],
      ['an unknown program', `${LE},1.1.3,Missouri Police Chiefs,1.1.3`, 'program (C)', /No program is named "Missouri Police Chiefs"/],
      ['an unknown number', `${LE},9.9.9,${STATE},1.1.3`, 'number (B)', /Law Enforcement has no standard 9\.9\.9 in any published manual version/],
      ['a number only in a draft', `${LE},1.1.3,${STATE},2.1.1`, 'number (D)', /only in a draft manual version; publish it first/],
      ['a standard mapped to itself', `${LE},1.1.3,${LE},1.1.3`, 'program (C)', /maps standard 1\.1\.3 of Law Enforcement to itself/],
      ['two standards of one program', `${STATE},1.1.3,${STATE},1.1.4`, 'program (C)', /two different programs/],
    ])('%s', async (_case, broken, column, reason) => {
      const before = await stored();
      const since = await lastAuditId(t.dataSource);
      const res = await upload([header, good, broken, good].join('\n')).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:crosswalk-import-invalid', status: 422, errorCount: 1 });
      expect(res.body.detail).toMatch(/nothing was imported/);
      expect(res.body.errors).toEqual([
        { row: 3, column, value: expect.any(String), reason: expect.stringMatching(reason), field: column ? `row 3, ${column}` : 'row 3', message: expect.stringMatching(reason) },
      ]);
      expect(await stored()).toBe(before);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it('lists every problem of every row at once', async () => {
      const res = await upload([header, `${LE},1.1.3`, good, `${LE},,,`, `${LE},9.9.9,${STATE},7.7.7`].join('\n')).expect(422);
      // Row rules and catalogue look-ups alike: row 5 is well formed but names standards neither program has.
      expect(res.body.detail).toMatch(/^Found 6 problems in 3 rows; nothing was imported/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'row 2',
        'row 4, number (B)',
        'row 4, program (C)',
        'row 4, number (D)',
        'row 5, number (B)',
        'row 5, number (D)',
      ]);
    });

    it.each([
      ['another header', 'program,standard,program,standard\n', 1, /header row must be/],
      ['an empty file', '', 0, /empty/],
      ['a header and no pairs', `${header}\n`, 0, /no pairs/],
      ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]), 0, /Excel workbook/],
    ])('refuses %s with a 422 saying why', async (_case, file, row, reason) => {
      const before = await stored();
      const res = await upload(file).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ row, reason: expect.stringMatching(reason) })]);
      expect(await stored()).toBe(before);
    });

    it('refuses a request without a file (400) and a file over 5 MB (413)', async () => {
      const noFile = await request(t.server).post('/api/crosswalks/import').set(bearer(admin)).field('note', 'x').expect(400);
      expect(noFile.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/multipart field "file"/) }]);
      const large = await upload(Buffer.alloc(5 * 1024 * 1024 + 1, 'a')).expect(413);
      expect(large.body).toMatchObject({ type: 'urn:calea-tracker:problem:payload-too-large', maxBytes: 5 * 1024 * 1024 });
      expect(large.body.detail).toMatch(/^A crosswalk file may be at most 5 MB/);
    });

    it('is for administrators only', async () => {
      await upload(FIRST_CSV, reader).expect(403);
    });
  });

  it('answers the standards mapped to a standard, either direction, one at a time or in a batch', async () => {
    const crosswalks = t.app.get(CrosswalksService);
    const state = (number: string) => ({ programId: programIds[STATE], programName: STATE, number });
    const le = (number: string) => ({ programId: programIds[LE], programName: LE, number });
    expect(await crosswalks.mappedStandards(programIds[LE], '1.1.1')).toEqual([state('1.1.1')]);
    expect(await crosswalks.mappedStandards(programIds[STATE], '1.1.1')).toEqual([le('1.1.1'), le('2.1.1')]);
    expect(await crosswalks.mappedStandards(programIds[LE], '1.2.1')).toEqual([]);
    const batch = await crosswalks.mappedStandardsOf(programIds[STATE], ['1.2.1', '1.1.1', '1.1.2', '1.1.4', '1.1.1']);
    expect([...batch.entries()]).toEqual([
      ['1.2.1', [le('1.2.9')]],
      ['1.1.1', [le('1.1.1'), le('2.1.1')]],
      ['1.1.2', [le('1.1.2')]],
      ['1.1.4', []],
    ]);
    expect((await crosswalks.mappedStandardsOf(programIds[LE], [])).size).toBe(0);
  });

  it('deletes a pair (administrators), audited with the pair; both directions forget it', async () => {
    const [pair] = (await list(programIds[STATE])).filter((p) => p.from.number === '1.1.1' && p.to.number === '2.1.1');
    await request(t.server).delete(`/api/crosswalks/${pair.id}`).set(bearer(reader)).expect(403);
    const since = await lastAuditId(t.dataSource);
    await request(t.server).delete(`/api/crosswalks/${pair.id}`).set(bearer(admin)).expect(204);
    expect(await auditActions(t.dataSource, since)).toEqual(['crosswalk.deleted']);
    const [event] = await t.dataSource.query(`SELECT entity_id, before, after FROM audit_event WHERE action = 'crosswalk.deleted' ORDER BY id DESC LIMIT 1`);
    expect(event).toMatchObject({ entity_id: pair.id, after: null, before: { id: pair.id, from: { programName: LE, number: '2.1.1' }, to: { programName: STATE, number: '1.1.1' } } });
    expect((await list()).map((p) => p.id)).not.toContain(pair.id);
    expect(await t.app.get(CrosswalksService).mappedStandards(programIds[STATE], '1.1.1')).toEqual([{ programId: programIds[LE], programName: LE, number: '1.1.1' }]);
    await request(t.server).delete(`/api/crosswalks/${pair.id}`).set(bearer(admin)).expect(404);
    await request(t.server).delete('/api/crosswalks/not-a-uuid').set(bearer(admin)).expect(400);
    // Importing it again brings it back.
    await upload(FIRST_CSV).expect(201);
    expect(await stored()).toBe(4);
  });

  it('stores each pair once when two imports of the same new pairs run at once', async () => {
    const csv = ['program,number,program,number', `${LE},1.1.3,${STATE},1.1.3`, `${LE},1.1.4,${STATE},1.1.4`].join('\n');
    const before = await stored();
    const [first, second] = await Promise.all([upload(csv), upload(csv)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.added + second.body.added).toBe(2);
    expect(first.body.alreadyPresent + second.body.alreadyPresent).toBe(2);
    expect(await stored()).toBe(before + 2);
  });

  it('documents the routes with their access', async () => {
    const doc = (await request(t.server).get('/api/openapi.json').expect(200)).body;
    const importing = doc.paths['/api/crosswalks/import'].post;
    expect(Object.keys(importing.requestBody.content)).toEqual(['multipart/form-data']);
    expect(doc.components.schemas.ImportCrosswalkFormDto.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(importing.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '403', '413', '422']));
    expect(importing['x-access']).toEqual({ roles: ['admin'] });
    expect(doc.paths['/api/crosswalks'].get['x-access']).toEqual({ anySignedInUser: true });
    expect(doc.paths['/api/crosswalks/{id}'].delete['x-access']).toEqual({ roles: ['admin'] });
  });

  it('migration: down drops the table, up makes it again', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      await new Crosswalk1796590187744().down(runner);
      expect((await runner.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'crosswalk'`))[0].n).toBe(0);
      await new Crosswalk1796590187744().up(runner);
    } finally {
      await runner.release();
    }
    expect(await stored()).toBe(0);
    await upload(FIRST_CSV).expect(201);
    // The pair order is a constraint of the table, not only of the code.
    const [row]: { program_a_id: string; number_a: string; program_b_id: string; number_b: string }[] = await t.dataSource.query('SELECT * FROM crosswalk LIMIT 1');
    await expect(
      t.dataSource.query('INSERT INTO crosswalk (program_a_id, number_a, program_b_id, number_b) VALUES ($1, $2, $3, $4)', [row.program_b_id, row.number_b, row.program_a_id, row.number_a]),
    ).rejects.toThrow(/crosswalk_order_check/);
    await expect(
      t.dataSource.query('INSERT INTO crosswalk (program_a_id, number_a, program_b_id, number_b) VALUES ($1, $2, $3, $4)', [row.program_a_id, row.number_a, row.program_b_id, row.number_b]),
    ).rejects.toThrow(/crosswalk_pair_unique/);
  });
});
