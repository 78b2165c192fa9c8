import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { sampleFiles } from './support/proof-fixtures';
import { multipart, Part } from './support/multipart';
import { createTestApp, TestApp } from './support/test-app';
import { followImportedManual } from './support/manual-import';

/** Cycle 2022-11-15 to 2026-11-14; 2025-06-01 is in cycle year 3, so years 1 and 2 have ended and are due. */
const AWARD = '2022-11-15';

/** One mandatory standard with two annual activities: the department's verdict rests on it alone. */
const MANUAL_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency,activities,bullets',
  '1,Role,1.2,Limits of Authority,1.2.9,Biased Policing,M M M M,yes,written directive; bulleted; time-sensitive,,Administrative review: annual bullets a; Refresher training: annual bullets b,a: Annual administrative review; b: Annual refresher training',
].join('\r\n');

interface Filed {
  id: string;
  proofId: string;
  version: number;
  activityKey: string;
  periodKey: string;
}

describe('the verdict with activities: ready only when every activity of a standard is proven for every ended year', () => {
  let t: TestApp;
  let manager: string;
  let admin: string;
  let departmentId: string;
  let fileId: string;
  let review: string;
  let training: string;
  const clock = new FixedClock(new Date('2025-06-01T15:00:00Z'));

  const upload = async (activityId: string, effectiveDate: string, description: string): Promise<Filed> => {
    const parts: Part[] = [
      ...Object.entries({ effectiveDate, kind: 'document', activityId, description }).map(([name, value]) => ({ name, value })),
      { name: 'file', data: sampleFiles.pdf(`${description} ${effectiveDate}`), filename: `${description}.pdf`, contentType: 'application/pdf' },
    ];
    const { body, contentType } = multipart(parts);
    return (await request(t.server).post(`/api/files/${fileId}/proofs`).set(bearer(manager)).set('Content-Type', contentType).send(body).expect(201)).body;
  };
  const accept = async (link: Filed): Promise<Filed> =>
    (await request(t.server).post(`/api/proof-links/${link.id}/accept`).set(bearer(manager)).send({ version: link.version }).expect(200)).body;
  const readiness = async (): Promise<{ state: string; blockers: { number: string; reason: string; missingProofPeriods: number; missingActivityPeriods: { text: string; activityKey: string }[] }[] }> => {
    const body = (await request(t.server).get(`/api/departments/${departmentId}/readiness`).set(bearer(manager)).expect(200)).body;
    return { state: body.verdict.state, blockers: body.blockers };
  };
  const missing = async () => (await readiness()).blockers.flatMap((b) => b.missingActivityPeriods.map((m) => m.text));

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, departmentId, { awardDate: AWARD, swornOfficers: 30, programTier: 'tier1' });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    await followImportedManual(t, admin, departmentId, MANUAL_CSV);
    fileId = (await ds.query('SELECT id FROM standard_file WHERE department_id = $1', [departmentId]))[0].id as string;
    const file = (await request(t.server).get(`/api/files/${fileId}`).set(bearer(manager)).expect(200)).body;
    [review, training] = (file.activities as { id: string }[]).map((a) => a.id);
    await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: file.version, result: 'compliant' }).expect(200);
  });
  afterAll(() => t.close());

  it('is not ready while one of the two activities lacks proofs, names it, and is ready once both have accepted proofs', async () => {
    expect(await readiness()).toMatchObject({ state: 'not_ready', blockers: [{ number: '1.2.9', reason: 'mandatory_missing_proofs', missingProofPeriods: 4 }] });

    // The administrative review is proven for both ended years: every cycle year has a proof, yet
    // the refresher training has none, so an assessor would find the standard short.
    await accept(await upload(review, '2023-02-01', 'Annual review memo'));
    await accept(await upload(review, '2024-02-01', 'Annual review memo'));
    expect((await readiness()).state).toBe('not_ready');
    expect(await missing()).toEqual(['1.2.9 Refresher training, year 1: no proof', '1.2.9 Refresher training, year 2: no proof']);

    const year1 = await upload(training, '2023-03-01', 'Training roster');
    expect(await missing()).toEqual(['1.2.9 Refresher training, year 2: no proof']);
    await accept(year1);
    const year2 = await upload(training, '2024-03-01', 'Training roster');
    // Proven only by a proof awaiting review: never plain ready.
    expect(await readiness()).toEqual({ state: 'ready_pending_review', blockers: [] });
    await accept(year2);
    expect(await readiness()).toEqual({ state: 'ready', blockers: [] });
  });

  it('moves a proof filed to the wrong activity by withdrawing the filing and filing the same proof to the right one', async () => {
    // A second review memo of year 1 filed by mistake as year 1's training; once the roster of
    // that year is withdrawn, the training's year 1 rests on the mistake alone (the verdict
    // cannot tell what a document is about: the filing says it).
    const wrong = await accept(await upload(training, '2023-05-01', 'Annual review memo, second'));
    const rosters = (await request(t.server).get(`/api/files/${fileId}/proofs`).set(bearer(manager)).expect(200)).body;
    const all: (Filed & { withdrawn: boolean; description?: string })[] = rosters.years.flatMap((y: { items: Filed[] }) => y.items);
    const roster1 = all.find((l) => l.activityKey === 'refresher-training' && l.periodKey === '2022-Y1' && l.id !== wrong.id) as Filed;
    await request(t.server).post(`/api/proof-links/${roster1.id}/withdraw`).set(bearer(manager)).send({ version: roster1.version, reason: 'Filed twice' }).expect(200);
    expect((await readiness()).state).toBe('ready');

    // Correcting the mistake: withdraw the filing to the training, file the same proof (no second copy) to the review.
    await request(t.server).post(`/api/proof-links/${wrong.id}/withdraw`).set(bearer(manager)).send({ version: wrong.version, reason: 'Filed to the wrong activity' }).expect(200);
    expect(await missing()).toEqual(['1.2.9 Refresher training, year 1: no proof']);
    const moved = (await request(t.server).post(`/api/files/${fileId}/proofs/link`).set(bearer(manager)).send({ proofId: wrong.proofId, activityId: review }).expect(201)).body as Filed;
    expect(moved).toMatchObject({ proofId: wrong.proofId, activityKey: 'administrative-review', periodKey: '2022-Y1' });
    await accept(moved);
    expect(await missing()).toEqual(['1.2.9 Refresher training, year 1: no proof']);

    // And the proof can go back to the activity it was withdrawn from: re-filing a withdrawn filing works.
    const back = (await request(t.server).post(`/api/files/${fileId}/proofs/link`).set(bearer(manager)).send({ proofId: roster1.proofId, activityId: training }).expect(201)).body as Filed;
    await accept(back);
    expect(await readiness()).toEqual({ state: 'ready', blockers: [] });
    // Moving files the same stored proof again: five documents, seven filings (two withdrawn, kept).
    const stored: { proofs: number; links: number; withdrawn: number }[] = await t.dataSource.query(
      'SELECT count(DISTINCT l.proof_id)::int AS proofs, count(*)::int AS links, count(*) FILTER (WHERE l.withdrawn_at IS NOT NULL)::int AS withdrawn FROM proof_link l WHERE l.standard_file_id = $1',
      [fileId],
    );
    expect(stored[0]).toEqual({ proofs: 5, links: 7, withdrawn: 2 });
  });

  it('lists activity changes in the diff of a draft version, on the API', async () => {
    // 6.16: the review becomes biennial, the refresher training goes, a data analysis comes.
    const csv = MANUAL_CSV.replace('Administrative review: annual bullets a; Refresher training: annual bullets b', 'Administrative review: biennial bullets a; Data analysis: annual bullets b');
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.16', effectiveDate: '2025-03-01' })) req = req.field(name, value);
    const draftId = (await req.attach('file', Buffer.from(csv), 'manual.csv').expect(201)).body.manual.id as string;
    const changes = (await request(t.server).get(`/api/manuals/${draftId}/changes`).set(bearer(admin)).expect(200)).body;
    expect(changes).toMatchObject({
      activityAdded: [{ number: '1.2.9', key: 'data-analysis', name: 'Data analysis', frequency: 'annual', reminderDays: null }],
      activityRemoved: [{ number: '1.2.9', key: 'refresher-training', name: 'Refresher training', frequency: 'annual' }],
      activityFrequencyChanged: [{ number: '1.2.9', key: 'administrative-review', from: { frequency: 'annual', reminderDays: null }, to: { frequency: 'biennial', reminderDays: null } }],
    });
    // A draft changes no department: the verdict is as it was.
    expect((await readiness()).state).toBe('ready');
  });
});
