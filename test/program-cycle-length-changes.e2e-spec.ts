import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SYSTEM_AUDIT_CONTEXT } from '../src/audit/audit.service';
import { FixedClock } from '../src/common/clock';
import { ConflictError } from '../src/common/errors';
import { pdfText } from '../src/reports/testing/pdf-inspect';
import { ProgramsService } from '../src/standards/programs.service';
import { binary } from './support/binary-body';
import { bearer } from './support/fixtures';
import { multipart } from './support/multipart';
import { sampleFiles } from './support/proof-fixtures';
import { listeningPort, type RawResponse } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';
import { normandyInTwoPrograms } from './support/two-programs';
import { getPage, signInThroughPage } from './web/support/page-session';

/**
 * A program's cycle length changing (issue 13, review): before any proof is filed under the
 * program the length may change, and every figure follows at once (nothing kept under the old
 * length is served); a proof being filed while it changes is refused rather than placed in cycles
 * of the old length; and no other path (the sample data's shaping) changes it once proofs are
 * filed. Normandy PD holds a state award of 2024-05-01; the clock reads 2026-12-06.
 */

const NOW = new Date('2026-12-06T15:00:00Z');
const STATE_AWARD = '2024-05-01';

interface Program {
  id: string;
  cycleYears: number;
  cycleYearsLocked: boolean;
  version: number;
}

describe("a program's cycle length changing: fresh figures before filings, no filing placed under the old length", () => {
  let t: TestApp;
  let normandy: string;
  let admin: string;
  let manager: string;
  let stateEnrolment: string;
  let programId: string;
  let trainingFile: string;
  let dir: string;
  const clock = new FixedClock(NOW);

  const get = (path: string, token = manager) => request(t.server).get(path).set(bearer(token));
  const programNow = async (): Promise<Program> => (await get(`/api/programs/${programId}`, admin).expect(200)).body as Program;
  const setLength = async (cycleYears: number) =>
    request(t.server).patch(`/api/programs/${programId}`).set(bearer(admin)).send({ cycleYears, version: (await programNow()).version });
  const readiness = async () => (await get(`/api/departments/${normandy}/readiness?enrolmentId=${stateEnrolment}`).expect(200)).body;
  const filingCount = async (): Promise<number> => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM proof_link'))[0].n);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    dir = await mkdtemp(join(tmpdir(), 'cycle-length-changes-'));
    let stateFiles: Record<string, string>;
    ({ normandy, admin, manager, programId, stateEnrolment, stateFiles } = await normandyInTwoPrograms(t, STATE_AWARD));
    trainingFile = stateFiles['1.1.2'];
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('recomputes readiness, its grid and the department page under the new length as soon as it changes (no filings yet)', async () => {
    expect(await programNow()).toMatchObject({ cycleYears: 4, cycleYearsLocked: false });
    const four = await readiness();
    expect(four.cycle).toMatchObject({ cycleYears: 4, startsOn: STATE_AWARD, endsOn: '2028-04-30', currentYear: 3 });
    expect(four.coverage.years).toHaveLength(4);
    expect(four.coverage.rows[0].cells).toHaveLength(4);

    await setLength(3).then((res) => expect(res.status).toBe(200));
    const three = await readiness();
    expect(three.cycle).toMatchObject({ cycleYears: 3, startsOn: STATE_AWARD, endsOn: '2027-04-30', currentYear: 3 });
    expect(three.coverage.years.map((y: { year: number }) => y.year)).toEqual([1, 2, 3]);
    expect(three.coverage.rows.every((r: { cells: unknown[] }) => r.cells.length === 3)).toBe(true);
    const session = await signInThroughPage(t, 'manager@example.org');
    const page = (await getPage(t, session, `/department/${normandy}?enrolment=${stateEnrolment}`).expect(200)).text;
    expect(page).toContain('--cycle-years: 3');

    await setLength(6).then((res) => expect(res.status).toBe(200));
    const six = await readiness();
    expect(six.cycle).toMatchObject({ cycleYears: 6, endsOn: '2030-04-30', currentYear: 3 });
    expect(six.coverage.years).toHaveLength(6);
    expect(six.coverage.rows.every((r: { cells: unknown[] }) => r.cells.length === 6)).toBe(true);
    expect((await getPage(t, session, `/department/${normandy}?enrolment=${stateEnrolment}`).expect(200)).text).toContain('--cycle-years: 6');
    // The readiness report prints the six years; the file review lists years 1 to 3, and 4 to 6 as not due yet.
    for (const [kind, expected] of [
      ['readiness', ['year 3 of 6', 'Y6: 2029-30']],
      ['file-review', ['year 3 of 6', 'Y3 2026-27', 'Y4–Y6 Not due yet']],
    ] as const) {
      const report = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(manager)).send({ kind, enrolmentId: stateEnrolment }).expect(201);
      const bytes = (await request(t.server).get(report.body.contentUrl).set(bearer(manager)).buffer(true).parse(binary).expect(200)).body as Buffer;
      const path = join(dir, `${kind}.pdf`);
      await writeFile(path, bytes);
      const text = (await pdfText(path)).replace(/\s+/g, ' ');
      for (const e of expected) expect(text).toContain(e);
      expect(text).not.toMatch(/Y7/);
    }

    await setLength(3).then((res) => expect(res.status).toBe(200));
    expect((await readiness()).coverage.years).toHaveLength(3);
  });

  it('refuses a proof whose upload was under way while the cycle length changed (409), filing nothing', async () => {
    expect((await programNow()).cycleYears).toBe(3);
    const before = await filingCount();
    // Dated the day before the award: year 3 of 2021-05-01..2024-04-30 in three-year cycles, year 4 of 2020-05-01..2024-04-30 in four-year ones.
    const { body, contentType } = multipart([
      { name: 'kind', value: 'document' },
      { name: 'effectiveDate', value: '2024-04-30' },
      // Large enough for its bytes to reach the staging file before the last ones are sent.
      { name: 'file', filename: 'in-flight.pdf', contentType: 'application/pdf', data: Buffer.concat([sampleFiles.pdf('in-flight.pdf'), Buffer.alloc(1024 * 1024, 0x20)]) },
    ]);
    const port = await listeningPort(t.server);
    const answered = new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `/api/files/${trainingFile}/proofs`, headers: { ...bearer(manager), 'Content-Type': contentType, 'Content-Length': String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on('error', reject);
      // Everything but the last bytes of the file: the service has read the file's program and placed the proof, and stages its bytes.
      const held = body.length - 200;
      req.write(body.subarray(0, held));
      void (async () => {
        const staging = join(t.config.dataDir, 'proofs', 'tmp');
        const deadline = Date.now() + 15_000;
        while ((await readdir(staging).catch(() => [] as string[])).filter((f) => f.endsWith('.part')).length === 0) {
          if (Date.now() > deadline) throw new Error('the upload was never staged');
          await new Promise((r) => setTimeout(r, 20));
        }
        // No proof is filed yet, so the length may change: to CALEA's four.
        expect((await setLength(4)).status).toBe(200);
        req.end(body.subarray(held));
      })().catch(reject);
    });
    const res = await answered;
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, detail: expect.stringContaining("cycle length changed from 3 to 4 years while the proof was being filed") });
    expect(await filingCount()).toBe(before);
    expect(await programNow()).toMatchObject({ cycleYears: 4, cycleYearsLocked: false });

    // Filed again, it is placed in the four-year count, and nothing is misplaced.
    const { body: again, contentType: againType } = multipart([
      { name: 'kind', value: 'document' },
      { name: 'effectiveDate', value: '2024-04-30' },
      { name: 'file', filename: 'in-flight.pdf', contentType: 'application/pdf', data: sampleFiles.pdf('in-flight.pdf') },
    ]);
    const filed = await request(t.server).post(`/api/files/${trainingFile}/proofs`).set(bearer(manager)).set('Content-Type', againType).send(again).expect(201);
    expect(filed.body).toMatchObject({ cycleStartsOn: '2020-05-01', cycleYear: 4 });
    expect((await get(`/api/departments/${normandy}/proofs/misplaced`).expect(200)).body).toMatchObject({ misplaced: [] });
  });

  it("keeps the sample data's shaping from changing the length once proofs are filed, changing nothing", async () => {
    const before = await programNow();
    expect(before).toMatchObject({ cycleYears: 4, cycleYearsLocked: true });
    const programs = t.app.get(ProgramsService);
    await expect(t.dataSource.transaction((manager) => programs.shapeWithin(manager, SYSTEM_AUDIT_CONTEXT, programId, { cycleYears: 3 }))).rejects.toThrow(ConflictError);
    expect(await programNow()).toEqual(before);
    // The same length, or another setting, still goes through.
    const shaped = await t.dataSource.transaction((manager) => programs.shapeWithin(manager, SYSTEM_AUDIT_CONTEXT, programId, { cycleYears: 4, hasTiers: false }));
    expect(shaped).toMatchObject({ cycleYears: 4, hasTiers: false, version: before.version + 1 });
  });
});
