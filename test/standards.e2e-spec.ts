import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { diffManuals, DiffableStandard } from '../src/standards/rules/manual-diff';
import { compareStandardNumbers } from '../src/standards/rules/natural-sort';
import type { ParsedStandard } from '../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const SAMPLE_CSV = readFileSync(join(__dirname, '..', 'src', 'standards', 'rules', '__fixtures__', 'sample-standards.csv'));
const TEMPLATE_HEADER = 'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,linked,frequency,activities,bullets,replaces,text,commentary';
const LE = { program: 'Law Enforcement', edition: '6th' };

const V615 = generateSyntheticManual({ version: '6.15' });
const V616 = generateSyntheticManual({ version: '6.16' });

const diffable = (standards: ParsedStandard[]): DiffableStandard[] =>
  standards.map((s) => ({
    number: s.number, title: s.title, tier1: s.tier1, levels: s.levels, kinds: s.kinds, chapter: s.chapter, chapterTitle: s.chapterTitle,
    frequency: s.frequency, replaces: s.replaces,
  }));

const asJson = (standards: ParsedStandard[]): string =>
  JSON.stringify({
    standards: standards.map((s) => ({
      chapter_title: s.chapterTitle,
      section_title: s.sectionTitle,
      number: s.number,
      title: s.title,
      levels: s.levels,
      tier1: s.tier1,
      kinds: s.kinds,
      linked: s.linkedNumbers,
      frequency: s.frequency,
      bullets: s.bullets,
      replaces: s.replaces,
      text: s.text,
      commentary: s.commentary,
    })),
  });

describe('standards catalogue', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let ids = {} as { v615: string; v616: string; sample: string };

  const upload = (token: string, file: Buffer | string, fields: Record<string, string>, fileName = 'manual.csv'): request.Test => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(token));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'), fileName);
  };

  const count = async (table: string): Promise<number> => {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  };

  const listAll = async (query = ''): Promise<{ items: { number: string; title: string }[]; total: number }> =>
    (await request(t.server).get(`/api/manuals/${ids.v615}/standards?limit=500${query}`).set(bearer(manager)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
    const department = await insertDepartment(t.dataSource, 'Normandy Police Department');
    manager = await insertSession(
      t.dataSource,
      await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId: department, role: 'manager' }] }),
    );
  });
  afterAll(() => t.close());

  describe('refusals', () => {
    it('refuses a CSV with several bad rows, listing each of them, and imports nothing', async () => {
      const csv = [
        TEMPLATE_HEADER,
        '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.1,Oath Again,M M M M,yes,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.2,Code of Ethics,M X M M,no,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.3,Review,M M M M,no,time-sensitive,,,,,,',
        '1,Role,1.2,Agency Role,1.1.4,Misplaced,M M M M,no,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.5,,M M M M,no,,,,,,,',
        '1,Role,1.1,Agency Role,1.1.6,Telepathy,M M M M,no,telepathy,,,,,,',
        '1,Role,1.1,Agency Role,1.1.7,Often,M M M M,no,time-sensitive,,fortnightly,,,,',
      ].join('\n');
      const since = await lastAuditId(t.dataSource);
      const res = await upload(admin, csv, { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:manual-import-invalid', status: 422, errorCount: 7 });
      expect(res.body.detail).toMatch(/7 problems in 7 rows; nothing was imported/);
      expect(res.body.errors.map((e: { row: number; column: string }) => `${e.row} ${e.column}`)).toEqual([
        '3 number',
        '4 levels',
        '5 frequency',
        '6 section',
        '7 title',
        '8 kinds',
        '9 frequency',
      ]);
      expect(res.body.errors[1]).toEqual({
        row: 4,
        column: 'levels',
        value: 'M X M M',
        reason: expect.stringMatching(/"X" is not a level code/),
        field: 'row 4, levels',
        message: expect.stringMatching(/"X" is not a level code/),
      });
      for (const table of ['manual', 'manual_chapter', 'manual_section', 'standard']) expect(await count(table)).toBe(0);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it.each([
      ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), /binary/],
      ['a file that is not UTF-8', Buffer.from('chapter_title,section_title,number,title\nR\xf4le,S,1.1.1,Oath\n', 'latin1'), /not UTF-8/],
      ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0, 0, 0, 0x21, 0]), /Excel workbook/],
      ['an empty file', Buffer.alloc(0), /empty/],
    ])('refuses %s with a 422 saying why', async (_name, file, reason) => {
      const res = await upload(admin, file, { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 0, field: 'file', reason: expect.stringMatching(reason) })]);
      expect(await count('manual')).toBe(0);
    });

    it('refuses a file over 5 MB with a 413 problem', async () => {
      const res = await upload(admin, Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:payload-too-large', status: 413, maxBytes: 5 * 1024 * 1024 });
    });

    it('refuses a request without a file, or with bad form fields, with a 400', async () => {
      const noFile = await request(t.server).post('/api/manuals/import').set(bearer(admin)).field({ ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(400);
      expect(noFile.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/multipart field "file"/) }]);
      const bad = await upload(admin, SAMPLE_CSV, { ...LE, version: '6 15', effectiveDate: '2022-02-30', replace: 'maybe' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['effectiveDate', 'replace', 'version']);
      expect(await count('manual')).toBe(0);
    });

    it('lets only administrators import', async () => {
      const res = await upload(manager, SAMPLE_CSV, { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await count('manual')).toBe(0);
    });
  });

  describe('import', () => {
    it('imports the sample CSV, audited', async () => {
      const since = await lastAuditId(t.dataSource);
      const res = await upload(admin, SAMPLE_CSV, { ...LE, version: '0.1', effectiveDate: '2024-01-01', name: 'Sample manual (public titles)' }, 'sample.csv').expect(201);
      expect(res.body).toMatchObject({
        outcome: 'created',
        format: 'csv',
        manual: { ...LE, version: '0.1', name: 'Sample manual (public titles)', effectiveDate: '2024-01-01', chapterCount: 5, sectionCount: 8, standardCount: 34, tier1Count: 0 },
      });
      expect(res.body.message).toMatch(/34 standards in 5 chapters and 8 sections/);
      ids = { ...ids, sample: res.body.manual.id };
      // The first manual of a program makes the program.
      expect(await auditActions(t.dataSource, since)).toEqual(['program.created', 'manual.imported']);
      const [event] = await t.dataSource.query(`SELECT actor_email, entity_id, after FROM audit_event WHERE action = 'manual.imported'`);
      expect(event).toMatchObject({ actor_email: 'admin@example.org', entity_id: ids.sample, after: expect.objectContaining({ standardCount: 34, fileName: 'sample.csv' }) });
    });

    it('imports a synthetic 461-standard manual (its speed is measured by npm run bench, not here)', async () => {
      const res = await upload(admin, syntheticManualCsv(V615), { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(201);
      expect(res.body.manual).toMatchObject({ standardCount: 461, tier1Count: 183, chapterCount: 43 });
      expect(res.body.manual.name).toBe('Law Enforcement Standards Manual, 6th edition, version 6.15');
      ids = { ...ids, v615: res.body.manual.id };
    });

    it('changes nothing when the same version is imported again with the same content, as CSV or JSON', async () => {
      const since = await lastAuditId(t.dataSource);
      const [{ ids: before }] = await t.dataSource.query('SELECT array_agg(id ORDER BY id) AS ids FROM standard WHERE manual_id = $1', [ids.v615]);
      for (const [file, format] of [[syntheticManualCsv(V615), 'csv'], [asJson(V615), 'json']] as const) {
        const res = await upload(admin, file, { ...LE, version: '6.15', effectiveDate: '2022-03-01' }, `manual.${format}`).expect(200);
        expect(res.body).toMatchObject({ outcome: 'unchanged', format, manual: { id: ids.v615, standardCount: 461 } });
        expect(res.body.message).toMatch(/already imported with this content; nothing changed/);
      }
      const [{ ids: after }] = await t.dataSource.query('SELECT array_agg(id ORDER BY id) AS ids FROM standard WHERE manual_id = $1', [ids.v615]);
      expect(after).toEqual(before);
      expect(await auditActions(t.dataSource, since)).toEqual([]);
    });

    it('refuses different content for an imported version with a 409, changing nothing', async () => {
      const [{ content_sha256: hash }] = await t.dataSource.query('SELECT content_sha256 FROM manual WHERE id = $1', [ids.v615]);
      const res = await upload(admin, syntheticManualCsv(V616), { ...LE, version: '6.15', effectiveDate: '2022-03-01' }).expect(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:manual-version-conflict', manualId: ids.v615, differences: ['the standards'] });
      expect(res.body.detail).toMatch(/replace=true/);
      const other = await upload(admin, syntheticManualCsv(V615), { ...LE, version: '6.15', effectiveDate: '2022-04-01' }).expect(409);
      expect(other.body.differences).toEqual(['the effective date (2022-03-01 imported)']);
      const [{ content_sha256: still }] = await t.dataSource.query('SELECT content_sha256 FROM manual WHERE id = $1', [ids.v615]);
      expect(still).toBe(hash);
    });

    it('replaces a version when asked, while no department uses it', async () => {
      const since = await lastAuditId(t.dataSource);
      const revised = SAMPLE_CSV.toString('utf8').replace('1.1.2,Code of Ethics', '1.1.2,Code of Ethics and Conduct');
      const fields = { ...LE, version: '0.1', effectiveDate: '2024-01-01' };
      await upload(admin, revised, fields).expect(409);
      const res = await upload(admin, revised, { ...fields, replace: 'true' }).expect(200);
      expect(res.body).toMatchObject({ outcome: 'replaced', manual: { id: ids.sample, standardCount: 34, name: 'Sample manual (public titles)' } });
      const page = await request(t.server).get(`/api/manuals/${ids.sample}/standards?q=ethics`).set(bearer(manager)).expect(200);
      expect(page.body.items.map((s: { title: string }) => s.title)).toEqual(['Code of Ethics and Conduct']);
      expect(await auditActions(t.dataSource, since)).toEqual(['manual.replaced']);
      const [event] = await t.dataSource.query(`SELECT before, after FROM audit_event WHERE action = 'manual.replaced'`);
      expect(event.before.contentSha256).not.toBe(event.after.contentSha256);
      expect(await count('manual')).toBe(2);
    });
  });

  describe('versions side by side', () => {
    beforeAll(async () => {
      const res = await upload(admin, syntheticManualCsv(V616), { ...LE, version: '6.16', effectiveDate: '2022-09-01' }).expect(201);
      ids = { ...ids, v616: res.body.manual.id };
    });

    it('lists every manual with its counts', async () => {
      const res = await request(t.server).get('/api/manuals').set(bearer(manager)).expect(200);
      expect(res.body.map((m: { version: string; standardCount: number }) => [m.version, m.standardCount])).toEqual([
        ['0.1', 34],
        ['6.16', 461],
        ['6.15', 461],
      ]);
    });

    it('shows a manual with its chapters and sections in natural order', async () => {
      const res = await request(t.server).get(`/api/manuals/${ids.sample}`).set(bearer(manager)).expect(200);
      expect(res.body.chapters.map((c: { number: number }) => c.number)).toEqual([1, 2, 3, 4, 12]);
      expect(res.body.chapters[0]).toEqual({
        number: 1,
        title: 'Law Enforcement Role and Authority',
        standardCount: 14,
        sections: [
          { number: '1.1', title: 'Law Enforcement Agency Role', standardCount: 4 },
          { number: '1.2', title: 'Limits of Authority', standardCount: 10 },
        ],
      });
      await request(t.server).get('/api/manuals/00000000-0000-4000-8000-000000000000').set(bearer(manager)).expect(404);
      await request(t.server).get('/api/manuals/not-a-uuid').set(bearer(manager)).expect(400);
    });

    it('diffs two versions: retitled, level, tier and frequency changes', async () => {
      const res = await request(t.server).get(`/api/manuals/${ids.v615}/diff/${ids.v616}`).set(bearer(manager)).expect(200);
      const expected = diffManuals(diffable(V615), diffable(V616));
      expect(res.body).toMatchObject({ from: { id: ids.v615, version: '6.15' }, to: { id: ids.v616, version: '6.16' }, ...expected });
      expect(res.body.retitled.length).toBeGreaterThan(0);
      expect(res.body.levelChanged.length).toBeGreaterThan(0);
      expect(res.body.tierChanged.length).toBeGreaterThan(0);
      expect(res.body.frequencyChanged.length).toBeGreaterThan(0);
      expect(res.body.added).toEqual([]);
      expect(res.body.removed).toEqual([]);
      const none = await request(t.server).get(`/api/manuals/${ids.v615}/diff/${ids.v615}`).set(bearer(manager)).expect(200);
      expect(none.body.retitled).toEqual([]);
      await request(t.server).get(`/api/manuals/${ids.v615}/diff/00000000-0000-4000-8000-000000000000`).set(bearer(manager)).expect(404);
    });

    it('diffs renumbered, added and removed standards (JSON manuals with a replaces column)', async () => {
      const std = (number: string, title: string, extra: object = {}): object => ({
        chapter_title: 'Role', section_title: 'Agency Role', number, title, levels: 'M M M M', ...extra,
      });
      const older = JSON.stringify([std('1.1.1', 'Oath'), std('1.1.2', 'Ethics'), std('1.1.3', 'Diversion')]);
      const newer = JSON.stringify([std('1.1.1', 'Oath'), std('1.1.2', 'Consular Notification'), std('1.1.3', 'Ethics', { replaces: '1.1.2' })]);
      const a = await upload(admin, older, { program: 'Communications', edition: '1st', version: '1.0', effectiveDate: '2023-01-01' }, 'a.json').expect(201);
      const b = await upload(admin, newer, { program: 'Communications', edition: '1st', version: '1.1', effectiveDate: '2024-01-01' }, 'b.json').expect(201);
      expect(b.body.format).toBe('json');
      const res = await request(t.server).get(`/api/manuals/${a.body.manual.id}/diff/${b.body.manual.id}`).set(bearer(manager)).expect(200);
      expect(res.body).toMatchObject({
        renumbered: [{ from: '1.1.2', to: '1.1.3' }],
        added: [{ number: '1.1.2', title: 'Consular Notification' }],
        removed: [{ number: '1.1.3', title: 'Diversion' }],
        retitled: [],
      });
    });
  });

  describe('listing', () => {
    const sorted = [...V615].sort((a, b) => compareStandardNumbers(a.number, b.number));

    it('sorts naturally', async () => {
      const { items, total } = await listAll();
      const numbers = items.map((s) => s.number);
      expect(total).toBe(461);
      expect(numbers).toEqual(sorted.map((s) => s.number));
      const after = (later: string, earlier: string): void => expect(numbers.indexOf(later)).toBeGreaterThan(numbers.indexOf(earlier));
      after('1.2.10', '1.2.9');
      after('4.1.1', '2.1.4');
      after('12.1.1', '4.3.1');
      expect(numbers.indexOf('1.2.9')).toBeGreaterThanOrEqual(0);
    });

    it('returns the stored fields of each standard', async () => {
      const { items } = await listAll('&kind=bulleted');
      const source = V615.find((s) => s.number === items[0].number) as ParsedStandard;
      expect(items[0]).toMatchObject({
        number: source.number,
        section: source.section,
        title: source.title,
        tier1: source.tier1,
        levels: source.levels,
        kinds: source.kinds,
        bullets: source.bullets,
        frequency: source.frequency,
        licensedText: source.text,
        commentary: source.commentary,
      });
    });

    it.each([
      ['chapter=4', (s: ParsedStandard) => s.chapter === 4],
      ['tier1=true', (s: ParsedStandard) => s.tier1],
      ['tier1=false', (s: ParsedStandard) => !s.tier1],
      ['level=O&sizeClass=A', (s: ParsedStandard) => s.levels.A === 'O'],
      ['level=m&sizeClass=d', (s: ParsedStandard) => s.levels.D === 'M'],
      ['kind=time-sensitive', (s: ParsedStandard) => s.kinds.includes('time_sensitive')],
      ['kind=linked', (s: ParsedStandard) => s.kinds.includes('linked')],
      ['frequency=annual', (s: ParsedStandard) => s.frequency === 'annual'],
      ['q=1.2.1', (s: ParsedStandard) => s.number.includes('1.2.1')],
      ['q=STANDARD%2012.2', (s: ParsedStandard) => s.title.toLowerCase().includes('standard 12.2')],
      ['q=%25', () => false],
      ['q=_', () => false],
      ['chapter=1&tier1=true&kind=written_directive', (s: ParsedStandard) => s.chapter === 1 && s.tier1 && s.kinds.includes('written_directive')],
    ])('filters by %s', async (query, keep) => {
      const expected = sorted.filter(keep).map((s) => s.number);
      const { items, total } = await listAll(`&${query}`);
      expect(total).toBe(expected.length);
      expect(items.map((s) => s.number)).toEqual(expected);
    });

    it('pages with totals', async () => {
      const page = await request(t.server).get(`/api/manuals/${ids.v615}/standards?limit=10&offset=20`).set(bearer(manager)).expect(200);
      expect(page.body).toMatchObject({ total: 461, limit: 10, offset: 20 });
      expect(page.body.items.map((s: { number: string }) => s.number)).toEqual(sorted.slice(20, 30).map((s) => s.number));
      const last = await request(t.server).get(`/api/manuals/${ids.v615}/standards?chapter=1&limit=5&offset=10`).set(bearer(manager)).expect(200);
      expect(last.body).toMatchObject({ total: 14, offset: 10 });
      expect(last.body.items).toHaveLength(4);
      const beyond = await request(t.server).get(`/api/manuals/${ids.v615}/standards?offset=1000`).set(bearer(manager)).expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 461 });
      const byDefault = await request(t.server).get(`/api/manuals/${ids.v615}/standards`).set(bearer(manager)).expect(200);
      expect(byDefault.body).toMatchObject({ total: 461, limit: 50, offset: 0 });
      expect(byDefault.body.items).toHaveLength(50);
    });

    it.each([
      ['level=M', 'sizeClass'],
      ['sizeClass=B', 'level'],
      ['level=X&sizeClass=A', 'level'],
      ['kind=telepathy', 'kind'],
      ['frequency=fortnightly', 'frequency'],
      ['tier1=maybe', 'tier1'],
      ['chapter=zero', 'chapter'],
      ['limit=501', 'limit'],
    ])('refuses %s with a 400 naming %s', async (query, field) => {
      const res = await request(t.server).get(`/api/manuals/${ids.v615}/standards?${query}`).set(bearer(manager)).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('answers 404 for an unknown manual', async () => {
      await request(t.server).get('/api/manuals/00000000-0000-4000-8000-000000000000/standards').set(bearer(manager)).expect(404);
    });
  });

  it('downloads the import template as a CSV attachment', async () => {
    const res = await request(t.server).get('/api/manuals/import-template').set(bearer(manager)).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="standards-import-template.csv"');
    expect(res.text.split(/\r?\n/)[0]).toBe(TEMPLATE_HEADER);
    expect(res.text).toMatch(/1\.2\.9,Biased Policing/);
  });

  it('documents the import as a multipart upload with its outcomes', async () => {
    const doc = (await request(t.server).get('/api/openapi.json').expect(200)).body;
    const operation = doc.paths['/api/manuals/import'].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(['multipart/form-data']);
    expect(doc.components.schemas.ImportManualFormDto.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '201', '403', '409', '413', '422']));
    expect(operation['x-access']).toEqual({ roles: ['admin'] });
  });
});
