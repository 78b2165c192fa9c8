import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { StandardActivities1796566110603 } from '../migrations/1796566110603-StandardActivities';
import { FixedClock } from '../src/common/clock';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { followImportedManual } from './support/manual-import';

const AWARD = '2022-11-15';

/** One frequency per standard, as every manual was before activities; 1.1.3 is not time-sensitive. */
const MANUAL_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
  '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,written directive; time-sensitive,annual',
  '1,Role,1.1,Agency Role,1.1.2,Inspections,M M M M,yes,time-sensitive,quarterly',
  '1,Role,1.1,Agency Role,1.1.3,Code of Ethics,M M M M,yes,written directive,',
].join('\r\n');

describe('migration StandardActivities: one activity for each frequency, filings naming it; down and up again', () => {
  let t: TestApp;
  let manager: string;
  let departmentId: string;
  const files: Record<string, string> = {};
  const clock = new FixedClock(new Date('2025-06-01T15:00:00Z'));
  const migration = new StandardActivities1796566110603();

  const deadlines = async () => (await request(t.server).get(`/api/departments/${departmentId}/deadlines?limit=500`).set(bearer(manager)).expect(200)).body.items;
  /** A proof filed the way the code before activities filed it: no activity named. */
  const fileOldStyle = async (fileId: string, effectiveDate: string, cycleYear: number): Promise<void> => {
    const ds = t.dataSource;
    const sha = randomBytes(32).toString('hex');
    await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha, `ab/${sha}`]);
    const [proof] = await ds.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) SELECT department_id, $2, 'proof.pdf', 'document', $3 FROM standard_file WHERE id = $1 RETURNING id`,
      [fileId, sha, effectiveDate],
    );
    await ds.query(
      `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, version) VALUES ($1, $2, $3, $4, 'accepted', 1)`,
      [proof.id, fileId, AWARD, cycleYear],
    );
  };
  const columnExists = async (table: string, column: string): Promise<boolean> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, column]))[0].n === 1;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, departmentId, { awardDate: AWARD, swornOfficers: 30, programTier: 'tier1' });
    const admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    await followImportedManual(t, admin, departmentId, MANUAL_CSV);
    for (const r of await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [departmentId])) files[r.standard_number] = r.id;
  });
  afterAll(() => t.close());

  it('migrates each frequency to one activity and the filings to it, with the same deadlines; reverts cleanly', async () => {
    const runner = t.dataSource.createQueryRunner();
    try {
      // Back to the schema before activities, then work as the code of then did.
      await migration.down(runner);
      expect(await columnExists('proof_link', 'activity_key')).toBe(false);
      expect((await runner.query(`SELECT to_regclass('activity') AS t`))[0].t).toBeNull();
      await fileOldStyle(files['1.1.1'], '2025-01-10', 3);
      await fileOldStyle(files['1.1.2'], '2024-12-01', 3);
      await fileOldStyle(files['1.1.3'], '2025-02-01', 3);

      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const activities = await t.dataSource.query(
      `SELECT s.number, a.position, a.key, a.name, a.frequency, a.reminder_days, a.bullets
         FROM activity a JOIN standard s ON s.id = a.standard_id ORDER BY s.number`,
    );
    expect(activities).toEqual([
      { number: '1.1.1', position: 0, key: 'required-activity', name: 'Required activity', frequency: 'annual', reminder_days: null, bullets: [] },
      { number: '1.1.2', position: 0, key: 'required-activity', name: 'Required activity', frequency: 'quarterly', reminder_days: null, bullets: [] },
    ]);
    const links = await t.dataSource.query(`SELECT f.standard_number, l.activity_key FROM proof_link l JOIN standard_file f ON f.id = l.standard_file_id ORDER BY 1`);
    expect(links).toEqual([
      { standard_number: '1.1.1', activity_key: 'required-activity' },
      { standard_number: '1.1.2', activity_key: 'required-activity' },
      { standard_number: '1.1.3', activity_key: '' },
    ]);
    // The filings meet the periods they met before, under the same deadline ids.
    const after = await deadlines();
    const oath = after.filter((d: { standardNumber: string }) => d.standardNumber === '1.1.1');
    expect(oath.map((d: { id: string; state: string; activityKey: string }) => [d.id, d.state, d.activityKey])).toEqual([
      [`${files['1.1.1']}:2022-Y1`, 'overdue', 'required-activity'],
      [`${files['1.1.1']}:2022-Y2`, 'overdue', 'required-activity'],
      [`${files['1.1.1']}:2022-Y3`, 'met', 'required-activity'],
      [`${files['1.1.1']}:2022-Y4`, 'upcoming', 'required-activity'],
    ]);
    expect(after.find((d: { id: string }) => d.id === `${files['1.1.2']}:2022-Y3-Q1`)?.state).toBe('met');
  });

  it('refuses to go down while one proof meets two activities of a file in the same period, and changes nothing', async () => {
    const [standard] = await t.dataSource.query(`SELECT standard_id FROM standard_file WHERE id = $1`, [files['1.1.1']]);
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`INSERT INTO activity (standard_id, position, key, name, frequency) VALUES ($1, 1, 'training', 'Training', 'annual')`, [standard.standard_id]);
      await runner.query(
        `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, period_key, activity_key, review_state, version)
         SELECT proof_id, standard_file_id, cycle_starts_on, cycle_year, period_key, 'training', 'pending', 1 FROM proof_link WHERE standard_file_id = $1`,
        [files['1.1.1']],
      );
      await expect(migration.down(runner)).rejects.toThrow(/cannot be reverted: 1 proof filing\(s\) meet two activities/);
      expect((await runner.query(`SELECT to_regclass('activity') AS t`))[0].t).toBe('activity');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await columnExists('proof_link', 'activity_key')).toBe(true);
  });
});
