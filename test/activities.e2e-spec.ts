import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { proofState, sampleFiles } from './support/proof-fixtures';
import { multipart, Part } from './support/multipart';
import { createTestApp, TestApp } from './support/test-app';
import { getPage, signInThroughPage } from './web/support/page-session';
import { followImportedManual } from './support/manual-import';

/** Cycle 2022-11-15 to 2026-11-14; 2025-06-01 is in cycle year 3 (2024-11-15 to 2025-11-14). */
const AWARD = '2022-11-15';

/**
 * A manual in the import CSV with the three shapes of a time-sensitive standard: 1.1.1 with one
 * frequency (one "Required activity"), 1.2.9 with two annual activities answering its two bullets,
 * 2.1.1 with a per-event activity and a 90-day reminder.
 */
const MANUAL_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency,activities,bullets',
  '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,written directive; time-sensitive,annual,,',
  '1,Role,1.2,Limits of Authority,1.2.9,Biased Policing,M M M M,yes,written directive; bulleted; time-sensitive,,Administrative review: annual bullets a; Refresher training: annual bullets b,a: Annual administrative review; b: Annual refresher training',
  '2,Jurisdiction,2.1,Jurisdiction,2.1.1,Property Custodian,M M M M,yes,time-sensitive,,Audit on change of custodian: per_event reminder 90 days,',
].join('\r\n');

interface DeadlineBody {
  id: string;
  key: string;
  kind: string;
  standardNumber: string | null;
  activityKey: string | null;
  activityName: string | null;
  state: string;
  dueOn: string;
  title: string;
}
interface Activity {
  id: string;
  key: string;
  name: string;
  frequency: string;
}

describe('activities: a standard with several required activities, each with its own deadlines and proofs', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let departmentId: string;
  const files: Record<string, string> = {};
  const activities: Record<string, Activity[]> = {};
  const clock = new FixedClock(new Date('2025-06-01T15:00:00Z'));

  const upload = (fileId: string, fields: Record<string, string>) => {
    const parts: Part[] = [
      ...Object.entries({ effectiveDate: '2025-01-10', kind: 'document', ...fields }).map(([name, value]) => ({ name, value })),
      { name: 'file', data: sampleFiles.pdf(), filename: `${fields.description ?? 'proof'}.pdf`, contentType: 'application/pdf' },
    ];
    const { body, contentType } = multipart(parts);
    return request(t.server).post(`/api/files/${fileId}/proofs`).set(bearer(manager)).set('Content-Type', contentType).send(body);
  };
  const deadlines = async (): Promise<DeadlineBody[]> =>
    (await request(t.server).get(`/api/departments/${departmentId}/deadlines?limit=500`).set(bearer(manager)).expect(200)).body.items;
  const series = (all: DeadlineBody[], number: string, activityKey: string) =>
    all.filter((d) => d.standardNumber === number && d.activityKey === activityKey).map((d) => [d.id.replace(files[number], 'F'), d.key, d.state]);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, departmentId, { awardDate: AWARD, swornOfficers: 30, programTier: 'tier1' });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    await followImportedManual(t, admin, departmentId, MANUAL_CSV);
    const rows: { id: string; standard_number: string }[] = await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [departmentId]);
    for (const r of rows) {
      files[r.standard_number] = r.id;
      activities[r.standard_number] = (await request(t.server).get(`/api/files/${r.id}`).set(bearer(manager)).expect(200)).body.activities;
    }
  });
  afterAll(() => t.close());

  it('imports the activities and shows them on the file and the standard', async () => {
    expect(activities['1.1.1'].map((a) => [a.key, a.name, a.frequency])).toEqual([['required-activity', 'Required activity', 'annual']]);
    expect(activities['1.2.9'].map((a) => [a.key, a.frequency])).toEqual([
      ['administrative-review', 'annual'],
      ['refresher-training', 'annual'],
    ]);
    expect(activities['2.1.1']).toEqual([expect.objectContaining({ key: 'audit-on-change-of-custodian', frequency: 'per_event', reminderDays: 90, bullets: [] })]);
    const manualId = (await t.dataSource.query(`SELECT id FROM manual WHERE version = '6.15'`))[0].id as string;
    const standards = (await request(t.server).get(`/api/manuals/${manualId}/standards?limit=10`).set(bearer(manager)).expect(200)).body.items;
    expect(standards.find((s: { number: string }) => s.number === '1.2.9')).toMatchObject({ frequency: 'annual', activities: [{ name: 'Administrative review', bullets: ['a'] }, { name: 'Refresher training', bullets: ['b'] }] });
  });

  it('refuses, as problem+json and without a trace, a proof for a standard of several activities that names none, an unknown one or another standard\'s', async () => {
    for (const activityId of [undefined, '5f0c5d3e-4b7a-4c1e-9a57-1f0d7a1d2c3b', activities['1.1.1'][0].id]) {
      const before = await proofState(t);
      const res = await upload(files['1.2.9'], activityId ? { activityId } : {});
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'activityId', message: expect.stringMatching(activityId ? /is not an activity of standard 1\.2\.9/ : /requires 2 activities/) }]);
      expect(await proofState(t)).toEqual(before);
    }
    const malformed = await upload(files['1.2.9'], { activityId: 'review' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'activityId', message: expect.stringMatching(/id of one of the standard's activities/) }]);
    const none = await upload(files['1.1.1'], { activityId: activities['1.2.9'][0].id });
    expect(none.status).toBe(400);
  });

  it('lays out two deadline series for 1.2.9, each met only by the proof filed for its activity', async () => {
    const before = await deadlines();
    expect(series(before, '1.2.9', 'administrative-review')).toEqual([
      ['F:2022-Y1', '2022-Y1', 'overdue'],
      ['F:2022-Y2', '2022-Y2', 'overdue'],
      ['F:2022-Y3', '2022-Y3', 'upcoming'],
      ['F:2022-Y4', '2022-Y4', 'upcoming'],
    ]);
    expect(series(before, '1.2.9', 'refresher-training').map(([id]) => id)).toEqual([
      'F:refresher-training:2022-Y1',
      'F:refresher-training:2022-Y2',
      'F:refresher-training:2022-Y3',
      'F:refresher-training:2022-Y4',
    ]);

    const [review, training] = activities['1.2.9'];
    const reviewed = await upload(files['1.2.9'], { activityId: review.id, description: 'Annual review memo', bullets: 'a' }).expect(201);
    expect(reviewed.body).toMatchObject({ activityKey: 'administrative-review', periodKey: '2022-Y3', cycleYear: 3 });
    const afterReview = await deadlines();
    expect(series(afterReview, '1.2.9', 'administrative-review')[2]).toEqual(['F:2022-Y3', '2022-Y3', 'met_awaiting_review']);
    expect(series(afterReview, '1.2.9', 'refresher-training')[2]).toEqual(['F:refresher-training:2022-Y3', '2022-Y3', 'upcoming']);

    // A period of the activity is checked against the activity's own schedule.
    const wrongPeriod = await upload(files['1.2.9'], { activityId: training.id, periodKey: '2022-Y2' });
    expect(wrongPeriod.status).toBe(422);
    expect(wrongPeriod.body.errors).toEqual([{ field: 'periodKey', message: expect.stringMatching(/falls in period 2022-Y3/) }]);

    const trained = await upload(files['1.2.9'], { activityId: training.id, effectiveDate: '2024-02-01', cycleYear: '2', description: 'Training roster' }).expect(201);
    expect(trained.body).toMatchObject({ activityKey: 'refresher-training', periodKey: '2022-Y2' });
    const afterTraining = await deadlines();
    expect(series(afterTraining, '1.2.9', 'refresher-training').map(([, , state]) => state)).toEqual(['overdue', 'met_awaiting_review', 'upcoming', 'upcoming']);
    expect(series(afterTraining, '1.2.9', 'administrative-review').map(([, , state]) => state)).toEqual(['overdue', 'overdue', 'met_awaiting_review', 'upcoming']);
    expect(afterTraining.find((d) => d.id === `${files['1.2.9']}:refresher-training:2022-Y2`)?.title).toBe('1.2.9 Biased Policing: Refresher training (annual), Y2');

    // The same proof can meet the other activity too (its own filing), with no second copy.
    const linked = await request(t.server)
      .post(`/api/files/${files['1.2.9']}/proofs/link`)
      .set(bearer(manager))
      .send({ proofId: reviewed.body.proofId, activityId: training.id })
      .expect(201);
    expect(linked.body).toMatchObject({ activityKey: 'refresher-training', periodKey: '2022-Y3' });
    expect(series(await deadlines(), '1.2.9', 'refresher-training')[2][2]).toBe('met_awaiting_review');
  });

  it('files a proof of a one-activity standard without naming the activity, as before activities', async () => {
    const filed = await upload(files['1.1.1'], { description: 'Oath roster' }).expect(201);
    expect(filed.body).toMatchObject({ activityKey: 'required-activity', periodKey: '2022-Y3' });
    const oath = (await deadlines()).filter((d) => d.standardNumber === '1.1.1');
    expect(oath.map((d) => [d.id.replace(files['1.1.1'], 'F'), d.state, d.title])).toEqual([
      ['F:2022-Y1', 'overdue', '1.1.1 Oath of Office: annual activity, Y1'],
      ['F:2022-Y2', 'overdue', '1.1.1 Oath of Office: annual activity, Y2'],
      ['F:2022-Y3', 'met_awaiting_review', '1.1.1 Oath of Office: annual activity, Y3'],
      ['F:2022-Y4', 'upcoming', '1.1.1 Oath of Office: annual activity, Y4'],
    ]);
  });

  it('reminds of a per-event activity: the next event is due 90 days after the last one filed', async () => {
    const reminder = () => deadlines().then((all) => all.filter((d) => d.standardNumber === '2.1.1'));
    expect((await reminder()).map((d) => [d.key, d.dueOn, d.state])).toEqual([['next-event-after-2022-11-15', '2023-02-13', 'overdue']]);
    const event = await upload(files['2.1.1'], { effectiveDate: '2025-05-20', description: 'Audit at custodian change' }).expect(201);
    expect(event.body).toMatchObject({ activityKey: 'audit-on-change-of-custodian', periodKey: null });
    expect((await reminder()).map((d) => [d.key, d.dueOn, d.state, d.activityName])).toEqual([
      ['next-event-after-2025-05-20', '2025-08-18', 'upcoming', 'Audit on change of custodian'],
    ]);
  });

  it("asks on the file page which activity a proof meets, only when the standard has several; a deadline's link chooses it", async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const several = (await getPage(t, session, `/department/${departmentId}/files/${files['1.2.9']}`).expect(200)).text;
    expect(several).toMatch(/<select id="up-activityId" name="activityId" required/);
    expect(several).toContain(`<option value="${activities['1.2.9'][1].id}">Refresher training (Annual)</option>`);
    expect(several).not.toContain('id="up-periodKey"');
    const chosen = (await getPage(t, session, `/department/${departmentId}/files/${files['1.2.9']}?period=2022-Y3&activity=refresher-training`).expect(200)).text;
    expect(chosen).toContain(`<option value="${activities['1.2.9'][1].id}" selected>`);
    expect(chosen).toContain('id="up-periodKey"');
    expect(chosen).toMatch(/Refresher training: cycle year 3|Refresher training: Cycle year 3/);
    const one = (await getPage(t, session, `/department/${departmentId}/files/${files['1.1.1']}`).expect(200)).text;
    expect(one).not.toContain('name="activityId"');
  });

  it('puts each series in the calendar feed under its own id', async () => {
    const token = await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(manager)).expect(201);
    const ics = (await request(t.server).get(token.body.path).expect(200)).text.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:${files['1.2.9']}:refresher-training:2022-Y4@calea-tracker`);
    expect(ics).toContain(`UID:${files['1.2.9']}:2022-Y4@calea-tracker`);
    expect(ics).toContain('Biased Policing: Refresher training (annual)\\, Y4');
  });
});
