import request from 'supertest';
import { Enrolments1796566400000 } from '../migrations/1796566400000-Enrolments';
import { FixedClock } from '../src/common/clock';
import { ComplianceKeeper } from '../src/compliance/compliance-keeper.service';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { followImportedManual } from './support/manual-import';
import { insertProof } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';

const MANUAL_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
  '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,written_directive,',
  '1,Role,1.1,Agency Role,1.1.2,Code of Ethics,O O O O,no,written_directive,',
  '1,Role,1.1,Agency Role,1.1.3,Inspections,M M M M,yes,time_sensitive,annual',
].join('\r\n');

/** Row counts of every table the migration touches or attaches to an enrolment. */
const TABLES = ['department', 'standard_file', 'proof', 'proof_link', 'readiness_sign_off', 'generated_report', 'milestone_record', 'assessment', 'audit_event'] as const;

/**
 * Migration Enrolments on a database holding the work of before (files, proofs, sign-offs,
 * reports, milestone records): every row is accounted for going up and down, the department's
 * profile moves to its primary enrolment and back, immutable sign-offs and reports keep their bytes
 * and hashes, and the way down is refused while a department has a second program.
 */
describe('migration Enrolments: every row accounted for, up and down', () => {
  let t: TestApp;
  let accredited: string;
  let working: string;
  let bare: string;
  let manualId: string;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  const migration = new Enrolments1796566400000();

  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return out;
  };
  const immutable = (): Promise<unknown[]> =>
    t.dataSource.query(`SELECT id, readiness_sha256, snapshot_canonical FROM readiness_sign_off UNION ALL SELECT id, sha256, storage_key FROM generated_report ORDER BY 1`);
  const readiness = async (departmentId: string, token: string) => {
    const body = (await request(t.server).get(`/api/departments/${departmentId}/readiness`).set(bearer(token)).expect(200)).body;
    return { verdict: body.verdict, cycle: body.cycle, rows: body.coverage.rows, mandatory: body.mandatory, other: body.other };
  };
  const columnExists = async (table: string, column: string): Promise<boolean> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, column]))[0].n === 1;

  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    accredited = await insertDepartment(ds, 'North County Police Cooperative', 'NCPC');
    working = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    bare = await insertDepartment(ds, 'Vinita Park Police Department', 'Vinita Park PD');
    await setProfile(ds, accredited, { awardDate: '2023-03-01', swornOfficers: 35, programTier: 'advanced', accreditationStatus: 'accredited' });
    await setProfile(ds, working, { swornOfficers: 30, programTier: 'tier1', accreditationStatus: 'self_assessment' });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manualId = await followImportedManual(t, admin, accredited, MANUAL_CSV);
    await request(t.server).put(`/api/departments/${working}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    const [file] = await ds.query(`SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = '1.1.3'`, [accredited]);
    await insertProof(t, { departmentId: accredited, fileId: file.id, cycleYear: 4, effectiveDate: '2026-04-01', cycleStartsOn: '2023-03-01' });
    await request(t.server).post(`/api/departments/${accredited}/readiness/sign-offs`).set(bearer(admin)).send({ acknowledgeNotReady: true }).expect(201);
    await request(t.server).post(`/api/departments/${accredited}/reports`).set(bearer(admin)).send({ kind: 'readiness' }).expect(201);
    await ds.query(`INSERT INTO milestone_record (enrolment_id, key, done_on) SELECT id, '2023-Y4-site-assessment-public-comment-notice', '2026-05-01' FROM enrolment WHERE department_id = $1`, [accredited]);
    await t.app.get(ComplianceKeeper).keepCurrent();
  });
  afterAll(() => t.close());

  it('goes down to department columns and up to enrolments with every row and every value kept', async () => {
    const before = { counts: await counts(), immutable: await immutable(), accredited: await readiness(accredited, admin), working: await readiness(working, admin) };
    expect(before.counts).toMatchObject({ department: 3, standard_file: 5, proof_link: 1, readiness_sign_off: 1, generated_report: 1, milestone_record: 1 });

    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await columnExists('department', 'award_date')).toBe(true);
      expect(await columnExists('standard_file', 'enrolment_id')).toBe(false);
      expect((await runner.query(`SELECT to_regclass('enrolment') AS t`))[0].t).toBeNull();
      const profiles = await runner.query(
        `SELECT name, program_tier, accreditation_status, to_char(award_date, 'YYYY-MM-DD') AS award_date, manual_id FROM department ORDER BY name`,
      );
      expect(profiles).toEqual([
        { name: 'Normandy Police Department', program_tier: 'tier1', accreditation_status: 'self_assessment', award_date: null, manual_id: manualId },
        { name: 'North County Police Cooperative', program_tier: 'advanced', accreditation_status: 'accredited', award_date: '2023-03-01', manual_id: manualId },
        { name: 'Vinita Park Police Department', program_tier: 'tier1', accreditation_status: 'working_toward', award_date: null, manual_id: null },
      ]);
      expect(await runner.query(`SELECT department_id, key FROM milestone_record`)).toEqual([{ department_id: accredited, key: '2023-Y4-site-assessment-public-comment-notice' }]);
      const { department_figures: _dropped, ...down } = { ...(await counts()), department_figures: 0 };
      expect(down).toEqual(before.counts);
      expect(await immutable()).toEqual(before.immutable);

      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await counts()).toEqual(before.counts);
    expect(await immutable()).toEqual(before.immutable);
    const enrolments = await t.dataSource.query(
      `SELECT d.name, e."primary", e.program_tier, e.accreditation_status, to_char(e.award_date, 'YYYY-MM-DD') AS award_date, e.manual_id, p.name AS program
         FROM enrolment e JOIN department d ON d.id = e.department_id LEFT JOIN program p ON p.id = e.program_id ORDER BY d.name`,
    );
    expect(enrolments).toEqual([
      { name: 'Normandy Police Department', primary: true, program_tier: 'tier1', accreditation_status: 'self_assessment', award_date: null, manual_id: manualId, program: 'Law Enforcement' },
      { name: 'North County Police Cooperative', primary: true, program_tier: 'advanced', accreditation_status: 'accredited', award_date: '2023-03-01', manual_id: manualId, program: 'Law Enforcement' },
      { name: 'Vinita Park Police Department', primary: true, program_tier: 'tier1', accreditation_status: 'working_toward', award_date: null, manual_id: null, program: null },
    ]);
    // Everything that was a department's is its enrolment's now.
    const unattached = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM standard_file f JOIN enrolment e ON e.id = f.enrolment_id WHERE e.department_id <> f.department_id) AS files,
              (SELECT count(*)::int FROM readiness_sign_off s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.department_id <> s.department_id) AS sign_offs,
              (SELECT count(*)::int FROM generated_report g WHERE g.department_id IS NOT NULL AND g.enrolment_id IS NULL) AS reports,
              (SELECT count(*)::int FROM milestone_record r JOIN enrolment e ON e.id = r.enrolment_id WHERE e.department_id <> $1) AS records`,
      [accredited],
    );
    expect(unattached).toEqual([{ files: 0, sign_offs: 0, reports: 0, records: 0 }]);
    // The readiness reads the same, from the same files and proofs.
    expect(await readiness(accredited, admin)).toEqual(before.accredited);
    expect(await readiness(working, admin)).toEqual(before.working);
    void bare;
  });

  it('refuses to go down while a department has a second program, and changes nothing', async () => {
    const [program] = await t.dataSource.query(`INSERT INTO program (name, version) VALUES ('State Program', 1) RETURNING id`);
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`INSERT INTO enrolment (department_id, program_id, "primary", version) VALUES ($1, $2, false, 1)`, [working, program.id]);
      await expect(migration.down(runner)).rejects.toThrow(/1 enrolment\(s\) besides the departments' primary ones/);
      expect((await runner.query(`SELECT to_regclass('enrolment') AS t`))[0].t).toBe('enrolment');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await columnExists('department', 'award_date')).toBe(false);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM enrolment`))[0].n).toBe(3);
  });
});
