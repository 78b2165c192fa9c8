import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { beforeEnrolments } from './support/later-migrations';
import { MisplacedProofsReport1796480100000 } from '../migrations/1796480100000-MisplacedProofsReport';
import { FixedClock } from '../src/common/clock';
import { bearer, insertDepartment, insertSession, insertUser, lastAuditId, auditActions, setProfile } from './support/fixtures';
import { multipart } from './support/multipart';
import { insertStandardFile, sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Filings stored before the date decided the year are listed, never moved. The department was
 * awarded 2022-03-01; today (2026-06-10) is in cycle year 1 (2026-03-01 to 2027-02-28).
 */
describe('misplaced proofs: a report of filings whose stored year or period disagrees with their date', () => {
  let t: TestApp;
  let departmentId: string;
  let otherDepartment: string;
  const tokens = {} as Record<'admin' | 'manager' | 'member' | 'chief' | 'managerB', string>;
  let plainFile: string;
  let quarterlyFile: string;
  const path = (id = departmentId): string => `/api/departments/${id}/proofs/misplaced`;

  /** A filing written by SQL, as an older version of the tracker could have stored it. */
  const insertFiling = async (fileId: string, effectiveDate: string, cycleStartsOn: string, cycleYear: number, periodKey = ''): Promise<string> => {
    const sha = randomBytes(32).toString('hex');
    await t.dataSource.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha, `ab/${sha}`]);
    const [proof] = await t.dataSource.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) VALUES ($1, $2, 'old.pdf', 'document', $3) RETURNING id`,
      [departmentId, sha, effectiveDate],
    );
    const [link] = await t.dataSource.query(
      `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, period_key, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`,
      [proof.id, fileId, cycleStartsOn, cycleYear, periodKey],
    );
    return link.id as string;
  };
  const links = async (): Promise<unknown[]> => t.dataSource.query('SELECT id, cycle_starts_on::text, cycle_year, period_key FROM proof_link ORDER BY id');

  beforeAll(async () => {
    t = await createTestApp({}, new FixedClock(new Date('2026-06-10T15:00:00Z')));
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Normandy Police Department');
    otherDepartment = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, [departmentId, otherDepartment], { awardDate: '2022-03-01' });
    tokens.admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    tokens.manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    tokens.member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] }));
    tokens.chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId, role: 'chief' }] }));
    tokens.managerB = await insertSession(ds, await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: otherDepartment, role: 'manager' }] }));
    plainFile = await insertStandardFile(ds, departmentId);
    quarterlyFile = await insertStandardFile(ds, departmentId, { frequency: 'quarterly' });
  });
  afterAll(() => t.close());

  it('lists nothing when every filing is where its date puts it (uploads place them so)', async () => {
    const { body, contentType } = multipart([
      { name: 'effectiveDate', value: '2026-04-14' },
      { name: 'kind', value: 'document' },
      { name: 'file', data: sampleFiles.pdf('in place'), filename: 'in-place.pdf', contentType: 'application/pdf' },
    ]);
    await request(t.server).post(`/api/files/${quarterlyFile}/proofs`).set(bearer(tokens.manager)).set('Content-Type', contentType).send(body).expect(201);
    const report = (await request(t.server).get(path()).set(bearer(tokens.manager)).expect(200)).body;
    expect(report).toEqual({ departmentId, anchorDate: '2022-03-01', checked: 1, misplaced: [] });
  });

  it('lists filings whose stored cycle, year or period disagrees with their date, and moves nothing', async () => {
    // The case: a document dated 15 January 2026 stored in year 1 of the current cycle.
    const january = await insertFiling(plainFile, '2026-01-15', '2026-03-01', 1);
    const wrongYear = await insertFiling(plainFile, '2026-04-14', '2026-03-01', 2);
    const wrongPeriod = await insertFiling(quarterlyFile, '2026-04-14', '2026-03-01', 1, '2026-Y1-Q2');
    await insertFiling(plainFile, '2025-06-01', '2022-03-01', 4); // in place
    const withdrawn = await insertFiling(plainFile, '2026-01-20', '2026-03-01', 1);
    await t.dataSource.query(`UPDATE proof_link SET withdrawn_at = now() WHERE id = $1`, [withdrawn]);
    const before = await links();
    const since = await lastAuditId(t.dataSource);

    const report = (await request(t.server).get(path()).set(bearer(tokens.admin)).expect(200)).body;
    expect(report.checked).toBe(5);
    const byLink = Object.fromEntries(report.misplaced.map((m: { linkId: string }) => [m.linkId, m]));
    expect(Object.keys(byLink).sort()).toEqual([january, wrongYear, wrongPeriod].sort());
    expect(byLink[january]).toMatchObject({
      effectiveDate: '2026-01-15',
      disagrees: ['cycle', 'cycle_year'],
      stored: { cycleStartsOn: '2026-03-01', cycleYear: 1, periodKey: '' },
      dateFallsIn: { cycleStartsOn: '2022-03-01', cycleYear: 4, periodKey: null },
    });
    expect(byLink[wrongYear]).toMatchObject({ disagrees: ['cycle_year'], dateFallsIn: { cycleStartsOn: '2026-03-01', cycleYear: 1 } });
    expect(byLink[wrongPeriod]).toMatchObject({ disagrees: ['period'], stored: { periodKey: '2026-Y1-Q2' }, dateFallsIn: { periodKey: '2026-Y1-Q1' } });
    expect(await links()).toEqual(before);
    expect(await auditActions(t.dataSource, since)).toEqual([]);

    // The migration's count (cycle and year; periods are the full report's) agrees, and it logs it without moving anything.
    const runner = t.dataSource.createQueryRunner();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await beforeEnrolments(runner, async () => {
        expect(await MisplacedProofsReport1796480100000.counts(runner)).toEqual([
          { departmentId, department: 'Normandy Police Department', live: 5, misplaced: 2 },
          { departmentId: otherDepartment, department: 'Pagedale Police Department', live: 0, misplaced: 0 },
        ]);
        await new MisplacedProofsReport1796480100000().up(runner);
      });
      expect(warn.mock.calls.map(([line]) => line)).toEqual([expect.stringMatching(/Normandy Police Department .*: 2 of 5 live proof filings .*nothing was moved/)]);
    } finally {
      warn.mockRestore();
      await runner.release();
    }
    expect(await links()).toEqual(before);
  });

  it('is for the department\'s managers and administrators', async () => {
    for (const role of ['member', 'chief'] as const) await request(t.server).get(path()).set(bearer(tokens[role])).expect(403);
    await request(t.server).get(path()).set(bearer(tokens.managerB)).expect(404);
    await request(t.server).get(path()).expect(401);
    await request(t.server).get(path('00000000-0000-4000-8000-000000000000')).set(bearer(tokens.admin)).expect(404);
    await request(t.server).get('/api/departments/not-a-uuid/proofs/misplaced').set(bearer(tokens.admin)).expect(400);
    expect((await request(t.server).get(path(otherDepartment)).set(bearer(tokens.managerB)).expect(200)).body).toMatchObject({ checked: 0, misplaced: [] });
  });
});
