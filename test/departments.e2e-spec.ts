import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { bearer, insertSession, insertUser } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('departments', () => {
  let t: TestApp;
  let admin: string;
  const clock = new FixedClock(new Date('2026-11-29T18:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    admin = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true }));
  });
  afterAll(() => t.close());

  it('creates a department with its profile, deriving the size class and the cycle', async () => {
    const res = await request(t.server)
      .post('/api/departments')
      .set(bearer(admin))
      .send({
        name: 'Pagedale Police Department',
        shortName: 'Pagedale PD',
        caleaAgencyNumber: 'MO0999',
        programTier: 'tier1',
        swornOfficers: 15,
        municipalities: [' Pagedale '],
        populationServed: 3300,
        accreditationStatus: 'accredited',
        awardDate: '2022-11-15',
        contacts: [{ role: 'Accreditation manager', name: 'Sgt. Jordan Smith', email: 'jsmith@pagedale.example', phone: '314-555-0100' }],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      sizeClass: 'A',
      sizeClassOverride: null,
      municipalities: ['Pagedale'],
      cycle: { cycleNumber: 2, currentYear: 1, startsOn: '2026-11-15', annualReviewDates: ['2027-11-14', '2028-11-14', '2029-11-14'], siteAssessmentOn: '2030-08-16' },
      version: 1,
    });
  });

  it('re-derives the size class from the sworn count, and honours an override', async () => {
    const created = (await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: 'Growing PD', shortName: 'Growing', swornOfficers: 24 }).expect(201)).body;
    expect(created.sizeClass).toBe('A');
    const grown = (await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: created.version, swornOfficers: 25 }).expect(200)).body;
    expect(grown.sizeClass).toBe('B');
    const overridden = (await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: grown.version, sizeClassOverride: 'C' }).expect(200)).body;
    expect(overridden).toMatchObject({ sizeClass: 'C', sizeClassOverride: 'C', swornOfficers: 25 });
    const cleared = (await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: overridden.version, sizeClassOverride: null }).expect(200)).body;
    expect(cleared.sizeClass).toBe('B');
  });

  it('edits the municipalities served like any data', async () => {
    const created = (await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: 'Normandy PD test', shortName: 'Normandy', municipalities: ['Normandy', 'Cool Valley'] }).expect(201)).body;
    const edited = (await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: created.version, municipalities: ['Normandy', 'Cool Valley', 'Bel-Ridge'] }).expect(200)).body;
    expect(edited.municipalities).toEqual(['Normandy', 'Cool Valley', 'Bel-Ridge']);
  });

  it.each([
    [{ programTier: 'gold' }, 'programTier'],
    [{ swornOfficers: -1 }, 'swornOfficers'],
    [{ swornOfficers: '12' }, 'swornOfficers'],
    [{ sizeClassOverride: 'E' }, 'sizeClassOverride'],
    [{ awardDate: '2022-13-01' }, 'awardDate'],
    [{ accreditationStatus: 'pending' }, 'accreditationStatus'],
    [{ contacts: [{ role: 'Chief' }] }, 'contacts[0].name'],
    [{ municipalities: 'Normandy' }, 'municipalities'],
    [{ color: 'blue' }, 'color'],
  ])('refuses %j naming %s, changing nothing', async (extra, field) => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM department');
    const res = await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: `Refused ${field}`, shortName: 'R', ...extra }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM department')).toEqual(before);
  });

  it('refuses a stale version with 409 and keeps the newer data', async () => {
    const created = (await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: 'Locking PD', shortName: 'Locking' }).expect(201)).body;
    await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: created.version, swornOfficers: 40 }).expect(200);
    const stale = await request(t.server).patch(`/api/departments/${created.id}`).set(bearer(admin)).send({ version: created.version, swornOfficers: 1 }).expect(409);
    expect(stale.body).toMatchObject({ type: 'urn:calea-tracker:problem:stale-version', currentVersion: created.version + 1 });
    const now = (await request(t.server).get(`/api/departments/${created.id}`).set(bearer(admin)).expect(200)).body;
    expect(now.swornOfficers).toBe(40);
  });

  it('archives instead of deleting, and refuses a duplicate name', async () => {
    const created = (await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: 'Closing PD', shortName: 'Closing' }).expect(201)).body;
    const archived = (await request(t.server).post(`/api/departments/${created.id}/archive`).set(bearer(admin)).expect(200)).body;
    expect(archived.archived).toBe(true);
    await request(t.server).get(`/api/departments/${created.id}`).set(bearer(admin)).expect(200);
    await request(t.server).post('/api/departments').set(bearer(admin)).send({ name: 'closing pd', shortName: 'Dup' }).expect(409);
  });
});
