import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { contentDispositionAttachment } from '../src/proofs/rules/file-name';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, setProfile } from './support/fixtures';
import { PROOF_STORAGE_DRIVERS } from '../src/kernel/proof-storage-drivers';
import { DOCX_MIME, driverOverrides, insertStandardFile, proofState, readStored, removeStored, sampleFiles, storedFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { multipart, Part } from './support/multipart';

const UPLOAD_MAX_BYTES = 256 * 1024;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const objectPath = (sha: string): string => `objects/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

const fields = (overrides: Record<string, string | string[] | undefined> = {}): Part[] =>
  Object.entries({ cycleYear: '1', effectiveDate: '2026-04-14', kind: 'document', description: 'Roll-call training roster', ...overrides }).flatMap(
    ([name, value]) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v }))),
  );
const file = (data: Buffer, filename: string, contentType?: string): Part => ({ name: 'file', data, filename, contentType });

/** A PDF of about `size` bytes (a real header, then padding). */
const bigPdf = (size: number): Buffer => Buffer.concat([sampleFiles.pdf(), Buffer.alloc(size, 0x20)]).subarray(0, size);

const waitFor = async (condition: () => Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(PROOF_STORAGE_DRIVERS)('proofs (%s driver): upload, storage, reuse, review, download', (driver) => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let departmentA: string;
  let departmentB: string;
  let users: Record<'admin' | 'manager' | 'member' | 'otherMember' | 'chief' | 'assessor' | 'otherManager', string>;
  const tokens = {} as Record<keyof typeof users, string>;
  let files: { main: string; quarterly: string; assigned: string; spare: string; history: string; other: string };

  const upload = (token: string, fileId: string, parts: Part[]) => {
    const { body, contentType } = multipart(parts);
    return request(t.server).post(`/api/files/${fileId}/proofs`).set(bearer(token)).set('Content-Type', contentType).send(body);
  };
  const uploadOk = async (fileId: string, parts: Part[], token = tokens.manager) => {
    const res = await upload(token, fileId, parts);
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const post = (path: string, token: string, body: object) => request(t.server).post(path).set(bearer(token)).send(body);

  /** Sends the request, expects the status as problem+json, and the proof tables and storage folder unchanged. */
  const refusedWithoutTrace = async (send: () => Promise<request.Response>, status: number): Promise<request.Response> => {
    const before = await proofState(t);
    expect(before.files.filter((f) => f.startsWith('tmp/'))).toEqual([]);
    const res = await send();
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await proofState(t)).toEqual(before);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp({ uploadMaxBytes: UPLOAD_MAX_BYTES, ...(await driverOverrides(driver)) }, clock);
    const ds = t.dataSource;
    departmentA = await insertDepartment(ds, 'Normandy Police Department');
    await setProfile(ds, departmentA, { awardDate: '2022-03-01' });
    departmentB = await insertDepartment(ds, 'Pagedale Police Department');
    users = {
      admin: await insertUser(ds, { email: 'admin@example.org', isAdmin: true }),
      manager: await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId: departmentA, role: 'manager' }] }),
      member: await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId: departmentA, role: 'member' }] }),
      otherMember: await insertUser(ds, { email: 'member2@example.org', memberships: [{ departmentId: departmentA, role: 'member' }] }),
      chief: await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId: departmentA, role: 'chief' }] }),
      assessor: await insertUser(ds, { email: 'assessor@peer.example' }),
      otherManager: await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] }),
    };
    await insertGrant(ds, users.assessor, [departmentA], '2026-06-01', '2026-06-30');
    for (const role of Object.keys(users) as (keyof typeof users)[]) tokens[role] = await insertSession(ds, users[role]);
    files = {
      main: await insertStandardFile(ds, departmentA, { bullets: ['a', 'b', 'c'] }),
      quarterly: await insertStandardFile(ds, departmentA, { frequency: 'quarterly', bullets: ['a', 'b'] }),
      assigned: await insertStandardFile(ds, departmentA, { assigneeUserId: users.member }),
      spare: await insertStandardFile(ds, departmentA),
      history: await insertStandardFile(ds, departmentA),
      other: await insertStandardFile(ds, departmentB),
    };
  });
  afterAll(() => t.close());

  describe('uploading', () => {
    it.each([
      ['PDF', sampleFiles.pdf(), 'annual-review.pdf', 'application/pdf', 'application/pdf'],
      ['PNG', sampleFiles.png(), 'range-photo.png', 'image/png', 'image/png'],
      ['JPEG', sampleFiles.jpeg(), 'scene.JPG', 'image/jpeg', 'image/jpeg'],
      ['DOCX', sampleFiles.docx(), 'directive 12-3.docx', DOCX_MIME, DOCX_MIME],
      ['PDF sent without a type or extension', sampleFiles.pdf('untyped'), 'scan', 'application/octet-stream', 'application/pdf'],
    ])('a manager uploads a %s: streamed to its content address, SHA-256 computed on the way', async (_name, bytes, filename, declared, sniffed) => {
      const since = (await t.dataSource.query('SELECT coalesce(max(id), 0) AS id FROM audit_event'))[0].id;
      const body = await uploadOk(files.main, [...fields({ bullets: 'a,c' }), file(bytes, filename, declared)]);
      expect(body).toMatchObject({
        standardFileId: files.main,
        cycleStartsOn: '2026-03-01',
        cycleYear: 1,
        periodKey: null,
        bullets: ['a', 'c'],
        state: 'pending',
        withdrawn: false,
        version: 1,
        createdByUserId: users.manager,
        proof: {
          departmentId: departmentA,
          mimeType: sniffed,
          sha256: sha256(bytes),
          sizeBytes: bytes.length,
          effectiveDate: '2026-04-14',
          kind: 'document',
          description: 'Roll-call training roster',
          uploadedByUserId: users.manager,
        },
      });
      expect(body.proof.fileName).toBe(filename === 'scan' ? 'scan.pdf' : filename.replace(/JPG$/, 'jpg'));
      expect(await readStored(t, objectPath(sha256(bytes)))).toEqual(bytes);
      const [object] = await t.dataSource.query('SELECT size_bytes, mime_type, storage_key FROM stored_object WHERE sha256 = $1', [sha256(bytes)]);
      expect(object).toEqual({ size_bytes: String(bytes.length), mime_type: sniffed, storage_key: objectPath(sha256(bytes)) });
      expect((await storedFiles(t)).filter((f) => f.startsWith('tmp/'))).toEqual([]);
      const events = await t.dataSource.query('SELECT action, entity_type, entity_id, department_id, actor_user_id, after FROM audit_event WHERE id > $1', [since]);
      expect(events).toEqual([
        expect.objectContaining({ action: 'proof.uploaded', entity_type: 'proof', entity_id: body.proofId, department_id: departmentA, actor_user_id: users.manager }),
      ]);
      expect(events[0].after).toMatchObject({ sha256: sha256(bytes), linkId: body.id, cycleYear: 1, standardFileId: files.main, bytesAlreadyStored: false });
    });

    it('stores identical bytes once: one object file, two proofs', async () => {
      const bytes = sampleFiles.pdf('the same memo, uploaded twice');
      const first = await uploadOk(files.main, [...fields(), file(bytes, 'memo.pdf', 'application/pdf')]);
      const filesAfterFirst = await storedFiles(t);
      const second = await uploadOk(files.spare, [...fields({ kind: 'no_activity_memo', cycleYear: undefined }), file(bytes, 'memo-copy.pdf', 'application/pdf')]);
      expect(second.proofId).not.toBe(first.proofId);
      expect(second.proof.sha256).toBe(first.proof.sha256);
      expect(await storedFiles(t)).toEqual(filesAfterFirst);
      expect((await storedFiles(t)).filter((f) => f.endsWith(sha256(bytes)))).toHaveLength(1);
      const [{ proofs, objects }] = await t.dataSource.query(
        'SELECT (SELECT count(*)::int FROM proof WHERE sha256 = $1) AS proofs, (SELECT count(*)::int FROM stored_object WHERE sha256 = $1) AS objects',
        [sha256(bytes)],
      );
      expect({ proofs, objects }).toEqual({ proofs: 2, objects: 1 });
      const [event] = await t.dataSource.query(`SELECT after FROM audit_event WHERE action = 'proof.uploaded' AND entity_id = $1`, [second.proofId]);
      expect(event.after.bytesAlreadyStored).toBe(true);
    });

    it.each([
      ['path traversal', { filename: '../../../../etc/cron.d/evil.pdf' }, 'evil.pdf'],
      ['Windows path traversal', { filenameStar: '..%5C..%5CWindows%5CSystem32%5Cevil.pdf' }, 'evil.pdf'],
      ['control characters', { filenameStar: 'roster%0D%0ASet-Cookie%3A%20x%3Dy%00.pdf' }, 'roster Set-Cookie_ x=y.pdf'],
      ['a right-to-left override', { filenameStar: 'invoice%E2%80%AEfdp.pdf' }, 'invoicefdp.pdf'],
      ['a 1000-character name', { filename: `${'a'.repeat(1000)}.pdf` }, `${'a'.repeat(116)}.pdf`],
      ['a name that is only dots', { filename: '....' }, 'proof.pdf'],
    ])('stores a name with %s safely', async (_name, name, expected) => {
      const bytes = sampleFiles.pdf(randomBytes(8).toString('hex'));
      const before = await storedFiles(t);
      const body = await uploadOk(files.spare, [...fields(), { name: 'file', data: bytes, contentType: 'application/pdf', ...name }]);
      expect(body.proof.fileName).toBe(expected);
      expect(Buffer.byteLength(body.proof.fileName)).toBeLessThanOrEqual(120);
      // Nothing is written anywhere but the content address.
      expect(await storedFiles(t)).toEqual([...before, objectPath(sha256(bytes))].sort());
    });

    it('files a proof for a time-sensitive standard under its period', async () => {
      const body = await uploadOk(files.quarterly, [...fields({ periodKey: '2026-Y1-Q1', bullets: ['b', 'a'] }), file(sampleFiles.pdf('Q1 inspection'), 'q1.pdf', 'application/pdf')]);
      expect(body).toMatchObject({ periodKey: '2026-Y1-Q1', bullets: ['a', 'b'], cycleYear: 1 });
    });

    it.each([
      ['in the current cycle, year and period omitted', { effectiveDate: '2026-06-02', cycleYear: undefined }, { cycleYear: 1, periodKey: '2026-Y1-Q2', cycleStartsOn: '2026-03-01' }],
      ['in the current cycle, the year given', { effectiveDate: '2026-03-01' }, { cycleYear: 1, periodKey: '2026-Y1-Q1', cycleStartsOn: '2026-03-01' }],
      ['in the previous cycle', { effectiveDate: '2025-12-20', cycleYear: undefined }, { cycleYear: 4, periodKey: '2022-Y4-Q4', cycleStartsOn: '2022-03-01' }],
    ])('derives the period of a time-sensitive proof from its date when none is given: %s', async (_name, overrides, expected) => {
      const body = await uploadOk(files.quarterly, [...fields(overrides), file(sampleFiles.pdf(randomBytes(6).toString('hex')), 'q.pdf', 'application/pdf')]);
      expect(body).toMatchObject(expected);
      const [row] = await t.dataSource.query('SELECT period_key FROM proof_link WHERE id = $1', [body.id]);
      expect(row.period_key).toBe(expected.periodKey);
    });
  });

  describe('every bad upload is refused and leaves the database and the storage folder unchanged', () => {
    it.each([
      ['a PNG declared as application/pdf', () => file(sampleFiles.png(), 'photo.png', 'application/pdf'), 'declared_mismatch', /sent as application\/pdf, but its content is PNG/],
      ['a PNG named .pdf', () => file(sampleFiles.png(), 'photo.pdf', 'image/png'), 'extension_mismatch', /ends in \.pdf, but its content is PNG/],
      ['an .exe renamed .pdf', () => file(sampleFiles.exe(), 'report.pdf', 'application/pdf'), 'not_allowed', /application\/x-msdownload are not accepted/],
      ['a large .exe renamed .pdf (refused from its first bytes)', () => file(Buffer.concat([sampleFiles.exe(), Buffer.alloc(200 * 1024)]), 'report.pdf', 'application/pdf'), 'not_allowed', /x-msdownload/],
      ['bytes of no known type', () => file(randomBytes(4096), 'report.pdf', 'application/pdf'), 'unrecognised', /not a type we recognise/],
      ['a plain ZIP named .docx', () => file(sampleFiles.zip(), 'directive.docx', DOCX_MIME), 'plain_zip', /ZIP archive/],
      ['a Word document named .xlsx', () => file(sampleFiles.docx(), 'stats.xlsx', 'application/octet-stream'), 'extension_mismatch', /expected \.docx/],
    ])('%s: 415', async (_name, part, code, detail) => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.main, [...fields(), part()]), 415);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:proof-type-refused', code });
      expect(res.body.detail).toMatch(detail);
    });

    it('a file over UPLOAD_MAX_BYTES: 413, stopped while streaming', async () => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.main, [...fields(), file(bigPdf(UPLOAD_MAX_BYTES + 1), 'big.pdf', 'application/pdf')]), 413);
      expect(res.body).toMatchObject({ maxBytes: UPLOAD_MAX_BYTES, detail: expect.stringMatching(/at most 256 KB/) });
    });

    it('a file of exactly UPLOAD_MAX_BYTES is accepted', async () => {
      await uploadOk(files.spare, [...fields(), file(bigPdf(UPLOAD_MAX_BYTES), 'exactly.pdf', 'application/pdf')]);
    });

    it('a body whose Content-Length is far over the limit: 413 before reading it', async () => {
      await refusedWithoutTrace(() => upload(tokens.manager, files.main, [...fields(), file(bigPdf(2 * 1024 * 1024), 'huge.pdf', 'application/pdf')]), 413);
    });

    it('a chunked body (no Content-Length) over the limit: 413 while streaming', async () => {
      await refusedWithoutTrace(async () => {
        const { body, contentType } = multipart([...fields(), file(bigPdf(UPLOAD_MAX_BYTES + 100_000), 'chunked.pdf', 'application/pdf')]);
        const res = await rawRequest(`/api/files/${files.main}/proofs`, { Authorization: `Bearer ${tokens.manager}`, 'Content-Type': contentType }, body, { chunked: true });
        return { status: res.status, body: JSON.parse(res.body), headers: res.headers } as unknown as request.Response;
      }, 413);
    });

    it.each<[string, () => Part[], string, RegExp]>([
      ['no file part', () => fields(), 'file', /attach the file as the multipart field "file"/],
      ['the file sent as a text field', () => [...fields(), { name: 'file', value: '%PDF-1.4' }], 'file', /file part/],
      ['a file in another field', () => [...fields(), { name: 'document', data: sampleFiles.pdf(), filename: 'a.pdf', contentType: 'application/pdf' }], 'document', /not a known field/],
      ['cycleYear 5 (CALEA cycles have 4)', () => [...fields({ cycleYear: '5' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'cycleYear', /^cycleYear must be a year of the program's 4-year cycle, 1 to 4$/],
      ['cycleYear 7 (no program has 7)', () => [...fields({ cycleYear: '7' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'cycleYear', /must not be greater than 6/],
      ['cycleYear 0', () => [...fields({ cycleYear: '0' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'cycleYear', /must not be less than 1/],
      ['cycleYear "two"', () => [...fields({ cycleYear: 'two' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'cycleYear', /integer/],
      ['an effectiveDate that is not a date', () => [...fields({ effectiveDate: '2026-02-30' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'effectiveDate', /not a calendar date/],
      ['an effectiveDate in another format', () => [...fields({ effectiveDate: '06/01/2026' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'effectiveDate', /YYYY-MM-DD/],
      ['an unknown field', () => [...fields({ approvedBy: 'chief' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'approvedBy', /approvedBy is not a known field/],
      ['an unknown kind', () => [...fields({ kind: 'selfie' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'kind', /kind must be one of/],
      ['a field given twice', () => [...fields(), { name: 'cycleYear', value: '2' }, file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'cycleYear', /given 2 times/],
      ['a field after the file', () => [...fields(), file(sampleFiles.pdf(randomBytes(4).toString('hex')), 'a.pdf', 'application/pdf'), { name: 'periodKey', value: '2026-Y1' }], 'periodKey', /before the file/],
      ['two files', () => [...fields(), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf'), file(sampleFiles.png(), 'b.png', 'image/png')], 'file', /exactly one file/],
      ['a bullet the standard does not have', () => [...fields({ bullets: 'a,z' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'bullets', /no bullet z/],
      ['a period for a standard that is not time-sensitive', () => [...fields({ periodKey: '2026-Y1-Q1' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')], 'periodKey', /not time-sensitive/],
      ['an empty file', () => [...fields(), file(Buffer.alloc(0), 'a.pdf', 'application/pdf')], 'file', /empty/],
      ['a control character in the file name', () => [...fields(), file(sampleFiles.pdf(), 'roster\u0001.pdf', 'application/pdf')], 'file', /^the file name contains a control character \(U\+0001\), which is not allowed; rename the file/],
      ['a line break in the file name', () => [...fields(), file(sampleFiles.pdf(), 'roster\nmay.pdf', 'application/pdf')], 'file', /^the file name contains a control character \(U\+000A\)/],
    ])('%s: 400 naming the field', async (_name, parts, field, message) => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.main, parts()), 400);
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
    });

    // Awarded 2022-03-01, today 2026-06-10: cycle year 1 (2026-03-01 to 2027-02-28) of the cycle that began 2026-03-01.
    const CURRENT_Y1 = { cycle: 'current', cycleStartsOn: '2026-03-01', cycleEndsOn: '2030-02-28', cycleYear: 1, startsOn: '2026-03-01', endsOn: '2027-02-28' };
    const PREVIOUS_Y4 = { cycle: 'previous', cycleStartsOn: '2022-03-01', cycleEndsOn: '2026-02-28', cycleYear: 4, startsOn: '2025-03-01', endsOn: '2026-02-28' };

    it('a period the effective date does not fall in: 422 naming the period it falls in', async () => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.quarterly, [...fields({ periodKey: '2026-Y2-Q1' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')]), 422);
      expect(res.body.errors).toEqual([{ field: 'periodKey', message: expect.stringMatching(/^2026-04-14 falls in period 2026-Y1-Q1 \(2026-03-01 to 2026-05-31\), not in 2026-Y2-Q1/) }]);
      expect(res.body.dateFallsIn).toEqual(CURRENT_Y1);
    });

    it('a year that disagrees with the date (15 January 2026 as cycle year 1): 422 naming the year and the dates it falls in', async () => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.main, [...fields({ effectiveDate: '2026-01-15', cycleYear: '1' }), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')]), 422);
      expect(res.body).toMatchObject({ type: expect.stringMatching(/proof-date-mismatch$/), status: 422, dateFallsIn: PREVIOUS_Y4 });
      expect(res.body.errors).toEqual([
        { field: 'cycleYear', message: '2026-01-15 falls in cycle year 4 (2025-03-01 to 2026-02-28) of the previous cycle (2022-03-01 to 2026-02-28), not in cycle year 1' },
      ]);
    });

    it.each<[string, Record<string, string | undefined>, RegExp]>([
      ['a future date (2026-12-01 as year 2)', { effectiveDate: '2026-12-01', cycleYear: '2' }, /^must not be in the future \(today is 2026-06-10\)$/],
      ['tomorrow, year omitted', { effectiveDate: '2026-06-11', cycleYear: undefined }, /must not be in the future/],
      ['a date before the oldest cycle kept (2020-01-01 as year 1)', { effectiveDate: '2020-01-01', cycleYear: '1' }, /^2020-01-01 is before the oldest cycle kept \(2022-03-01 to 2026-02-28\)/],
    ])('%s: 422 naming the effective date', async (_name, overrides, message) => {
      const res = await refusedWithoutTrace(() => upload(tokens.manager, files.main, [...fields(overrides), file(sampleFiles.pdf(), 'a.pdf', 'application/pdf')]), 422);
      expect(res.body.errors).toEqual([{ field: 'effectiveDate', message: expect.stringMatching(message) }]);
    });

    it('a date in the previous cycle files there, and the answer says so; an omitted year is derived from the date', async () => {
      const previous = await uploadOk(files.spare, [...fields({ effectiveDate: '2026-01-15', cycleYear: '4', description: 'Late-2025 inspection' }), file(sampleFiles.pdf('previous cycle'), 'prev.pdf', 'application/pdf')]);
      expect(previous).toMatchObject({ cycleStartsOn: '2022-03-01', cycleYear: 4, filedIn: { ...PREVIOUS_Y4, message: expect.stringMatching(/^Filed in cycle year 4 \(2025-03-01 to 2026-02-28\) of the previous cycle .*not in the current cycle\.$/) } });
      const derived = await uploadOk(files.spare, [...fields({ effectiveDate: '2025-12-20', cycleYear: undefined }), file(sampleFiles.pdf('derived previous'), 'derived.pdf', 'application/pdf')]);
      expect(derived).toMatchObject({ cycleStartsOn: '2022-03-01', cycleYear: 4, filedIn: PREVIOUS_Y4 });
      const current = await uploadOk(files.spare, [...fields({ effectiveDate: '2026-05-20', cycleYear: undefined }), file(sampleFiles.pdf('derived current'), 'current.pdf', 'application/pdf')]);
      expect(current).toMatchObject({ cycleStartsOn: '2026-03-01', cycleYear: 1, filedIn: { ...CURRENT_Y1, message: expect.stringMatching(/of the current cycle/) } });
      const [row] = await t.dataSource.query('SELECT cycle_starts_on::text AS starts, cycle_year FROM proof_link WHERE id = $1', [previous.id]);
      expect(row).toEqual({ starts: '2022-03-01', cycle_year: 4 });
    });

    it('a body that is not multipart: 415', async () => {
      const res = await refusedWithoutTrace(() => post(`/api/files/${files.main}/proofs`, tokens.manager, { cycleYear: 1 }), 415);
      expect(res.body.detail).toMatch(/multipart\/form-data/);
    });

    it('a broken multipart body (cut before its end): 400', async () => {
      const { body, contentType } = multipart([...fields(), file(sampleFiles.pdf('cut short'), 'a.pdf', 'application/pdf')]);
      const res = await refusedWithoutTrace(
        () => request(t.server).post(`/api/files/${files.main}/proofs`).set(bearer(tokens.manager)).set('Content-Type', contentType).send(body.subarray(0, body.length - 60)),
        400,
      );
      expect(res.body.type).toBe('urn:calea-tracker:problem:malformed-upload');
    });

    it('an upload the client abandons midway leaves no temp file and no row', async () => {
      const before = await proofState(t);
      const { body, contentType } = multipart([...fields(), file(bigPdf(200 * 1024), 'abandoned.pdf', 'application/pdf')]);
      const port = await listening();
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/files/${files.main}/proofs`,
        headers: { Authorization: `Bearer ${tokens.manager}`, 'Content-Type': contentType, 'Content-Length': String(body.length) },
      });
      req.on('error', () => undefined);
      req.write(body.subarray(0, 150 * 1024));
      // The bytes are arriving in a temp file...
      await waitFor(async () => (await storedFiles(t)).some((f) => f.startsWith('tmp/')), 'the upload to reach the temp folder');
      req.destroy();
      // ... and the dropped connection removes it, with nothing in the database.
      await waitFor(async () => !(await storedFiles(t)).some((f) => f.startsWith('tmp/')), 'the temp file to be removed');
      expect(await proofState(t)).toEqual(before);
    });
  });

  describe('reuse, listing and download', () => {
    let shared: { proofId: string; linkId: string; sha256: string; fileName: string };

    beforeAll(async () => {
      const bytes = sampleFiles.pdf('Pursuit policy review, signed');
      const body = await uploadOk(files.main, [...fields({ effectiveDate: '2026-05-02', bullets: 'b' }), { name: 'file', data: bytes, contentType: 'application/pdf', filenameStar: '..%2F..%2Fpursuit%20%22review%22%0A2026.pdf' }]);
      shared = { proofId: body.proofId, linkId: body.id, sha256: sha256(bytes), fileName: body.proof.fileName };
    });

    it('files the same proof in a second file without a second copy', async () => {
      const before = await storedFiles(t);
      const res = await post(`/api/files/${files.quarterly}/proofs/link`, tokens.manager, { proofId: shared.proofId, cycleYear: 1, periodKey: '2026-Y1-Q1', bullets: ['a'] }).expect(201);
      expect(res.body).toMatchObject({ proofId: shared.proofId, standardFileId: files.quarterly, cycleYear: 1, periodKey: '2026-Y1-Q1', bullets: ['a'], state: 'pending', proof: { sha256: shared.sha256 } });
      expect(await storedFiles(t)).toEqual(before);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM proof WHERE sha256 = $1', [shared.sha256]);
      expect(n).toBe(1);
      const detail = await request(t.server).get(`/api/proofs/${shared.proofId}`).set(bearer(tokens.chief)).expect(200);
      expect(detail.body.links.map((l: { standardFileId: string }) => l.standardFileId).sort()).toEqual([files.main, files.quarterly].sort());
      const [event] = await t.dataSource.query(`SELECT action, entity_id FROM audit_event WHERE action = 'proof.linked' ORDER BY id DESC LIMIT 1`);
      expect(event).toEqual({ action: 'proof.linked', entity_id: res.body.id });
    });

    it('refuses to file it twice in the same place, or a proof of another department', async () => {
      const res = await refusedWithoutTrace(() => post(`/api/files/${files.quarterly}/proofs/link`, tokens.manager, { proofId: shared.proofId, cycleYear: 1, periodKey: '2026-Y1-Q1' }), 409);
      expect(res.body.type).toBe('urn:calea-tracker:problem:proof-already-linked');
      await refusedWithoutTrace(() => post(`/api/files/${files.other}/proofs/link`, tokens.otherManager, { proofId: shared.proofId, cycleYear: 1 }), 404);
      await refusedWithoutTrace(() => post(`/api/files/${files.spare}/proofs/link`, tokens.manager, { proofId: shared.proofId, cycleYear: 9 }), 400);
      await refusedWithoutTrace(() => post(`/api/files/${files.spare}/proofs/link`, tokens.manager, { proofId: shared.proofId, cycleYear: 1, extra: true }), 400);
    });

    it('downloads with the sniffed type, a safe attachment name, the SHA-256 as ETag, and records it', async () => {
      const since = (await t.dataSource.query('SELECT coalesce(max(id), 0) AS id FROM audit_event'))[0].id;
      expect(shared.fileName).toBe('pursuit _review_ 2026.pdf');
      const res = await request(t.server).get(`/api/proofs/${shared.proofId}/content`).set(bearer(tokens.chief)).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(contentDispositionAttachment(shared.fileName));
      expect(res.headers['content-disposition']).not.toMatch(/[\r\n]|\.\.\//);
      expect(res.headers.etag).toBe(`"${shared.sha256}"`);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(sha256(res.body as Buffer)).toBe(shared.sha256);
      await request(t.server).get(`/api/proofs/${shared.proofId}/content`).set(bearer(tokens.manager)).set('If-None-Match', `"${shared.sha256}"`).expect(304);
      await request(t.server).get(`/api/proofs/${shared.proofId}/content`).set(bearer(tokens.chief)).set('If-None-Match', `"other", W/"${shared.sha256}"`).expect(304);
      await request(t.server).get(`/api/proofs/${shared.proofId}/content`).set(bearer(tokens.member)).set('If-None-Match', '"other"').expect(200);
      const events = await t.dataSource.query('SELECT action, entity_id, actor_user_id, actor_role FROM audit_event WHERE id > $1 ORDER BY id', [since]);
      expect(events).toEqual([
        { action: 'proof.downloaded', entity_id: shared.proofId, actor_user_id: users.chief, actor_role: 'chief' },
        { action: 'proof.downloaded', entity_id: shared.proofId, actor_user_id: users.member, actor_role: 'member' },
      ]);
    });

    it('answers a byte range with 206 and those bytes, the ETag kept; If-Range with another ETag gets the whole file; a range past the end 416', async () => {
      const bytes = sampleFiles.pdf('Pursuit policy review, signed');
      const url = `/api/proofs/${shared.proofId}/content`;
      const get = (headers: Record<string, string>) =>
        request(t.server)
          .get(url)
          .set(bearer(tokens.chief))
          .set(headers)
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c));
            r.on('end', () => cb(null, Buffer.concat(chunks)));
          });
      const part = await get({ Range: 'bytes=5-14' });
      expect(part.status).toBe(206);
      expect(part.headers).toMatchObject({ etag: `"${shared.sha256}"`, 'accept-ranges': 'bytes', 'content-range': `bytes 5-14/${bytes.length}`, 'content-length': '10' });
      expect(part.body).toEqual(bytes.subarray(5, 15));
      const tail = await get({ Range: 'bytes=-6', 'If-Range': `"${shared.sha256}"` });
      expect({ status: tail.status, body: tail.body }).toEqual({ status: 206, body: bytes.subarray(bytes.length - 6) });
      const whole = await get({ Range: 'bytes=0-3', 'If-Range': '"older"' });
      expect({ status: whole.status, body: whole.body }).toEqual({ status: 200, body: bytes });
      const events = (await t.dataSource.query(`SELECT after->>'range' AS range FROM audit_event WHERE action = 'proof.downloaded' ORDER BY id DESC LIMIT 3`)).map((e: { range: string | null }) => e.range);
      expect(events).toEqual([null, `${bytes.length - 6}-${bytes.length - 1}`, '5-14']);
      const past = await refusedWithoutTrace(() => request(t.server).get(url).set(bearer(tokens.chief)).set('Range', `bytes=${bytes.length}-`), 416);
      expect(past.headers['content-range']).toBe(`bytes */${bytes.length}`);
    });

    it('lists a file by cycle year, newest first, and keeps four years visible across a cycle change', async () => {
      const older = await uploadOk(files.history, [...fields({ effectiveDate: '2026-03-20' }), file(sampleFiles.pdf('march'), 'march.pdf', 'application/pdf')]);
      const newer = await uploadOk(files.history, [...fields({ effectiveDate: '2026-05-20' }), file(sampleFiles.pdf('may'), 'may.pdf', 'application/pdf')]);
      // Filed under the previous cycle (2022-03-01 .. 2026-02-28):
      const lastCycle = await uploadOk(files.history, [...fields({ effectiveDate: '2025-12-01', cycleYear: '4' }), file(sampleFiles.pdf('dec'), 'dec.pdf', 'application/pdf')]);
      const withinFourYears = await uploadOk(files.history, [...fields({ effectiveDate: '2022-07-01' }), file(sampleFiles.pdf('2022-07'), 'jul.pdf', 'application/pdf')]);
      const olderThanFourYears = await uploadOk(files.history, [...fields({ effectiveDate: '2022-06-01' }), file(sampleFiles.pdf('2022-06'), 'jun.pdf', 'application/pdf')]);
      expect(lastCycle).toMatchObject({ cycleStartsOn: '2022-03-01', cycleYear: 4 });

      const list = (await request(t.server).get(`/api/files/${files.history}/proofs`).set(bearer(tokens.chief)).expect(200)).body;
      expect(list.cycle).toMatchObject({ startsOn: '2026-03-01', endsOn: '2030-02-28', currentYear: 1, anchoredOn: 'award_date', anchorDate: '2022-03-01' });
      expect(list.years.map((y: { cycleYear: number }) => y.cycleYear)).toEqual([1, 2, 3, 4]);
      expect(list.years[0].items.map((i: { id: string }) => i.id)).toEqual([newer.id, older.id]);
      expect(list.otherCycles.visibleSince).toBe('2022-06-11');
      expect(list.otherCycles.note).toMatch(/last 4 years of proofs visible/);
      expect(list.otherCycles.items.map((i: { id: string }) => i.id)).toEqual([lastCycle.id, withinFourYears.id]);
      expect(list.history).toBeUndefined();

      const everything = (await request(t.server).get(`/api/files/${files.history}/proofs?history=true`).set(bearer(tokens.manager)).expect(200)).body;
      expect(everything.history.map((i: { id: string }) => i.id)).toEqual([lastCycle.id, withinFourYears.id, olderThanFourYears.id]);
    });

    it('counts cycles from the day the department was created when it has no award date', async () => {
      const [{ created }] = await t.dataSource.query(`SELECT (created_at AT TIME ZONE 'UTC')::date::text AS created FROM department WHERE id = $1`, [departmentB]);
      const list = (await request(t.server).get(`/api/files/${files.other}/proofs`).set(bearer(tokens.otherManager)).expect(200)).body;
      expect(list.cycle).toMatchObject({ anchoredOn: 'department_created', anchorDate: created });
    });
  });

  describe('review and withdrawal', () => {
    let link: { id: string; version: number; proofId: string; sha: string };

    beforeAll(async () => {
      const bytes = sampleFiles.pdf('for review');
      const body = await uploadOk(files.spare, [...fields(), file(bytes, 'review.pdf', 'application/pdf')]);
      link = { id: body.id, version: body.version, proofId: body.proofId, sha: sha256(bytes) };
    });

    it('a manager accepts; a stale version gets 409 and changes nothing', async () => {
      const accepted = await post(`/api/proof-links/${link.id}/accept`, tokens.manager, { version: link.version }).expect(200);
      expect(accepted.body).toMatchObject({ state: 'accepted', reviewState: 'accepted', reviewedByUserId: users.manager, reviewedAt: '2026-06-10T15:00:00.000Z', version: 2 });
      const stale = await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/return`, tokens.manager, { version: 1, reason: 'Too late' }), 409);
      expect(stale.body).toMatchObject({ type: 'urn:calea-tracker:problem:stale-version', currentVersion: 2 });
      await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/accept`, tokens.manager, { version: 2 }), 409);
      link.version = 2;
    });

    it('returning needs a reason', async () => {
      for (const body of [{ version: link.version }, { version: link.version, reason: '   ' }, { version: link.version, reason: 'x'.repeat(2001) }]) {
        const res = await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/return`, tokens.manager, body), 400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      }
      const returned = await post(`/api/proof-links/${link.id}/return`, tokens.admin, { version: link.version, reason: 'The roster page is missing its date.' }).expect(200);
      expect(returned.body).toMatchObject({ state: 'returned', reviewReason: 'The roster page is missing its date.', reviewedByUserId: users.admin, version: 3 });
      link.version = 3;
    });

    it('withdrawing needs a reason and keeps the bytes and the row', async () => {
      await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/withdraw`, tokens.manager, { version: link.version }), 400);
      clock.advance(60_000);
      const withdrawn = await post(`/api/proof-links/${link.id}/withdraw`, tokens.manager, { version: link.version, reason: 'Filed under the wrong standard' }).expect(200);
      expect(withdrawn.body).toMatchObject({
        state: 'withdrawn',
        reviewState: 'returned',
        withdrawn: true,
        withdrawnAt: '2026-06-10T15:01:00.000Z',
        withdrawnByUserId: users.manager,
        withdrawReason: 'Filed under the wrong standard',
        version: 4,
      });
      await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/accept`, tokens.manager, { version: 4 }), 409);
      await refusedWithoutTrace(() => post(`/api/proof-links/${link.id}/withdraw`, tokens.manager, { version: 4, reason: 'again' }), 409);
      expect(await storedFiles(t)).toContain(objectPath(link.sha));
      const listed = (await request(t.server).get(`/api/files/${files.spare}/proofs`).set(bearer(tokens.chief)).expect(200)).body;
      expect(listed.years[0].items.find((i: { id: string }) => i.id === link.id)).toMatchObject({ state: 'withdrawn', withdrawn: true });
      await request(t.server).get(`/api/proofs/${link.proofId}/content`).set(bearer(tokens.manager)).expect(200);
      const events = await t.dataSource.query(`SELECT action, before, after FROM audit_event WHERE entity_id = $1 ORDER BY id`, [link.id]);
      expect(events.map((e: { action: string }) => e.action)).toEqual(['proof.accepted', 'proof.returned', 'proof.withdrawn']);
      expect(events[1]).toMatchObject({ before: { reviewState: 'accepted', version: 2 }, after: { reviewState: 'returned', reviewReason: 'The roster page is missing its date.', version: 3 } });
      expect(events[2].after).toMatchObject({ withdrawn: true, withdrawReason: 'Filed under the wrong standard' });
    });

    it('a withdrawn proof may be filed in the same place again, as a new filing to review', async () => {
      const again = await post(`/api/files/${files.spare}/proofs/link`, tokens.manager, { proofId: link.proofId, cycleYear: 1 }).expect(201);
      expect(again.body).toMatchObject({ proofId: link.proofId, state: 'pending', version: 1 });
      expect(again.body.id).not.toBe(link.id);
      await refusedWithoutTrace(() => post(`/api/files/${files.spare}/proofs/link`, tokens.manager, { proofId: link.proofId, cycleYear: 1 }), 409);
    });
  });

  describe('who may do what', () => {
    it('a member uploads into a file assigned to them, and withdraws their own pending proof', async () => {
      const body = await uploadOk(files.assigned, [...fields(), file(sampleFiles.pdf('member upload'), 'member.pdf', 'application/pdf')], tokens.member);
      await refusedWithoutTrace(() => post(`/api/proof-links/${body.id}/withdraw`, tokens.otherMember, { version: 1, reason: 'not mine' }), 403);
      await refusedWithoutTrace(() => post(`/api/proof-links/${body.id}/accept`, tokens.member, { version: 1 }), 403);
      await post(`/api/proof-links/${body.id}/withdraw`, tokens.member, { version: 1, reason: 'Wrong scan' }).expect(200);
    });

    it('a member cannot withdraw their proof once it was reviewed', async () => {
      const body = await uploadOk(files.assigned, [...fields(), file(sampleFiles.pdf('reviewed member upload'), 'member2.pdf', 'application/pdf')], tokens.member);
      await post(`/api/proof-links/${body.id}/accept`, tokens.manager, { version: 1 }).expect(200);
      await refusedWithoutTrace(() => post(`/api/proof-links/${body.id}/withdraw`, tokens.member, { version: 2, reason: 'changed my mind' }), 403);
    });

    it('a member cannot upload into a file not assigned to them', async () => {
      const res = await refusedWithoutTrace(() => upload(tokens.member, files.main, [...fields(), file(sampleFiles.pdf('x'), 'x.pdf', 'application/pdf')]), 403);
      expect(res.body.detail).toMatch(/assigned to them/);
      await refusedWithoutTrace(() => post(`/api/files/${files.main}/proofs/link`, tokens.member, { proofId: '00000000-0000-4000-8000-000000000000', cycleYear: 1 }), 403);
    });

    it('an assessor and a chief read and download, but cannot upload', async () => {
      for (const token of [tokens.assessor, tokens.chief]) {
        await refusedWithoutTrace(() => upload(token, files.main, [...fields(), file(sampleFiles.pdf('y'), 'y.pdf', 'application/pdf')]), 403);
        await request(t.server).get(`/api/files/${files.main}/proofs`).set(bearer(token)).expect(200);
      }
    });

    it("an assessor sees only what the agency accepted: no proof awaiting review, returned or withdrawn, and no internal reason", async () => {
      const fileId = await insertStandardFile(t.dataSource, departmentA);
      const filed = async (name: string) => uploadOk(fileId, [...fields({ effectiveDate: '2026-05-01' }), file(sampleFiles.pdf(name), `${name}.pdf`, 'application/pdf')]);
      const [accepted, pending, returned, withdrawn] = [await filed('accepted'), await filed('pending'), await filed('returned'), await filed('withdrawn')];
      // Accepted after an earlier return: the return's reason stays inside the agency.
      const first = await post(`/api/proof-links/${accepted.id}/return`, tokens.manager, { version: accepted.version, reason: 'Rewrite GO 4-3 first' }).expect(200);
      await post(`/api/proof-links/${accepted.id}/accept`, tokens.manager, { version: first.body.version }).expect(200);
      await post(`/api/proof-links/${returned.id}/return`, tokens.manager, { version: returned.version, reason: 'Wrong roster' }).expect(200);
      const ok = await post(`/api/proof-links/${withdrawn.id}/accept`, tokens.manager, { version: withdrawn.version }).expect(200);
      await post(`/api/proof-links/${withdrawn.id}/withdraw`, tokens.manager, { version: ok.body.version, reason: 'Filed twice' }).expect(200);

      const seen = (token: string) => request(t.server).get(`/api/files/${fileId}/proofs`).set(bearer(token)).expect(200);
      const staff = (await seen(tokens.chief)).body.years[0].items as { id: string }[];
      expect(staff.map((i) => i.id).sort()).toEqual([accepted.id, pending.id, returned.id, withdrawn.id].sort());
      const assessor = (await seen(tokens.assessor)).body.years[0].items as { id: string; reviewReason: string | null; state: string }[];
      expect(assessor.map((i) => [i.id, i.state, i.reviewReason])).toEqual([[accepted.id, 'accepted', null]]);
      expect(JSON.stringify((await seen(tokens.assessor)).body)).not.toMatch(/Rewrite GO 4-3|Wrong roster|Filed twice/);

      const detail = await request(t.server).get(`/api/proofs/${accepted.proofId}`).set(bearer(tokens.assessor)).expect(200);
      expect(detail.body.links.map((l: { reviewReason: string | null }) => l.reviewReason)).toEqual([null]);
      await request(t.server).get(`/api/proofs/${accepted.proofId}/content`).set(bearer(tokens.assessor)).expect(200);
      for (const hidden of [pending, returned, withdrawn]) {
        await refusedWithoutTrace(() => request(t.server).get(`/api/proofs/${hidden.proofId}`).set(bearer(tokens.assessor)), 404);
        await refusedWithoutTrace(() => request(t.server).get(`/api/proofs/${hidden.proofId}/content`).set(bearer(tokens.assessor)), 404);
        await request(t.server).get(`/api/proofs/${hidden.proofId}/content`).set(bearer(tokens.chief)).expect(200);
      }
    });

    it("another department's manager gets 404 for everything of this department", async () => {
      const [{ proof_id: proofId, id: linkId }] = await t.dataSource.query('SELECT l.id, l.proof_id FROM proof_link l JOIN proof p ON p.id = l.proof_id WHERE p.department_id = $1 LIMIT 1', [departmentA]);
      const token = tokens.otherManager;
      const res = await refusedWithoutTrace(() => upload(token, files.main, [...fields(), file(sampleFiles.pdf('z'), 'z.pdf', 'application/pdf')]), 404);
      expect(res.body.detail).toBe(`No standard file with id ${files.main} is visible to you.`);
      await refusedWithoutTrace(() => request(t.server).get(`/api/files/${files.main}/proofs`).set(bearer(token)), 404);
      await refusedWithoutTrace(() => request(t.server).get(`/api/proofs/${proofId}`).set(bearer(token)), 404);
      await refusedWithoutTrace(() => request(t.server).get(`/api/proofs/${proofId}/content`).set(bearer(token)), 404);
      await refusedWithoutTrace(() => post(`/api/proof-links/${linkId}/accept`, token, { version: 1 }), 404);
      await refusedWithoutTrace(() => post(`/api/proof-links/${linkId}/withdraw`, token, { version: 1, reason: 'x' }), 404);
      await refusedWithoutTrace(() => request(t.server).get('/api/proofs/00000000-0000-4000-8000-000000000000').set(bearer(tokens.manager)), 404);
    });
  });

  describe('failures after the bytes are stored', () => {
    it('a database failure after the commit leaves a complete object and no row', async () => {
      const bytes = sampleFiles.pdf('the database will refuse this one');
      await t.dataSource.query(`
        CREATE FUNCTION test_refuse_proof() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE TRIGGER test_refuse_proof BEFORE INSERT ON proof FOR EACH ROW EXECUTE FUNCTION test_refuse_proof();`);
      try {
        const before = await proofState(t);
        const res = await upload(tokens.manager, files.main, [...fields(), file(bytes, 'refused.pdf', 'application/pdf')]);
        expect(res.status).toBe(500);
        expect(res.body.detail).not.toMatch(/refused by the test/);
        const after = await proofState(t);
        expect({ ...after, files: undefined }).toEqual({ ...before, files: undefined });
        // At most an unreferenced but complete object: never a half file, never a dangling row.
        expect(after.files).toEqual([...before.files, objectPath(sha256(bytes))].sort());
        expect(await readStored(t, objectPath(sha256(bytes)))).toEqual(bytes);
      } finally {
        await t.dataSource.query('DROP TRIGGER test_refuse_proof ON proof; DROP FUNCTION test_refuse_proof();');
      }
      // The same bytes uploaded again reuse the object and get their rows.
      const body = await uploadOk(files.main, [...fields(), file(bytes, 'accepted.pdf', 'application/pdf')]);
      expect(body.proof.sha256).toBe(sha256(bytes));
    });

    it('answers HEAD with the headers only, unaudited, and says so when the stored bytes are gone', async () => {
      const bytes = sampleFiles.pdf('to be lost');
      const body = await uploadOk(files.spare, [...fields(), file(bytes, 'lost.pdf', 'application/pdf')]);
      const since = (await t.dataSource.query('SELECT coalesce(max(id), 0) AS id FROM audit_event'))[0].id;
      const head = await request(t.server).head(`/api/proofs/${body.proofId}/content`).set(bearer(tokens.manager)).expect(200);
      expect(head.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': String(bytes.length), etag: `"${sha256(bytes)}"` });
      expect(await t.dataSource.query('SELECT action FROM audit_event WHERE id > $1', [since])).toEqual([]);
      await removeStored(t, objectPath(sha256(bytes)));
      const res = await request(t.server).get(`/api/proofs/${body.proofId}/content`).set(bearer(tokens.manager)).expect(500);
      expect(res.body).toMatchObject({ type: 'urn:calea-tracker:problem:proof-bytes-missing' });
      expect(await t.dataSource.query('SELECT action FROM audit_event WHERE id > $1', [since])).toEqual([]);
    });
  });

  /** The app's HTTP server, listening on a port (for raw requests). */
  async function listening(): Promise<number> {
    const server: http.Server = t.server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async function rawRequest(
    path: string,
    headers: Record<string, string>,
    body: Buffer,
    options: { chunked: boolean },
  ): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
    const port = await listening();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers: options.chunked ? headers : { ...headers, 'Content-Length': String(body.length) } });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      });
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 16 * 1024) req.write(body.subarray(i, i + 16 * 1024));
      req.end();
    });
  }
});
