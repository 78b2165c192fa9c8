import request from 'supertest';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertSession, insertUser } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { flashOf, postForm, signInThroughPage } from './web/support/page-session';

const NUL = '\u0000';
const fieldsOf = (body: { errors?: { field: string; message: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('input rules that hold for every field (NUL, null, huge numbers)', () => {
  let t: TestApp;
  let departmentId: string;
  let memberUserId: string;
  let manualId: string;
  let fileId: string;
  let admin: string;
  let manager: string;
  let chief: string;

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Normandy Police Department');
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId, role: 'chief' }] }));
    memberUserId = await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] });
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [k, v] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(k, v);
    const manual = await req.attach('file', Buffer.from(syntheticManualCsv(generateSyntheticManual({ version: '6.15' }))), 'manual.csv').expect(201);
    manualId = manual.body.manual.id;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(manager)).send({ manualId }).expect(200);
    [{ id: fileId }] = await ds.query('SELECT id FROM standard_file WHERE department_id = $1 LIMIT 1', [departmentId]);
  });
  afterAll(() => t.close());

  const fileVersion = async (): Promise<number> => (await request(t.server).get(`/api/files/${fileId}`).set(bearer(manager)).expect(200)).body.version;

  it('refuses a NUL in any text field with 400 naming the field, and changes nothing', async () => {
    const before = await t.dataSource.query('SELECT notes, version FROM standard_file WHERE id = $1', [fileId]);
    const notes = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: await fileVersion(), notes: `a${NUL}b` }).expect(400);
    expect(notes.body.errors).toEqual([{ field: 'notes', message: 'notes must not contain a NUL character (\\u0000)' }]);
    const nested = await request(t.server)
      .patch(`/api/files/${fileId}`)
      .set(bearer(manager))
      .send({ version: await fileVersion(), directives: [{ number: 'GO 1', title: `x${NUL}` }], bulletNotes: { [`a${NUL}`]: 'note' } })
      .expect(400);
    expect(fieldsOf(nested.body).sort()).toEqual(['bulletNotes.a\u0000', 'directives[0].title'].sort());
    expect(await t.dataSource.query('SELECT notes, version FROM standard_file WHERE id = $1', [fileId])).toEqual(before);

    const signOff = await request(t.server).post(`/api/departments/${departmentId}/readiness/sign-offs`).set(bearer(chief)).send({ note: `ok${NUL}` }).expect(400);
    expect(fieldsOf(signOff.body)).toEqual(['note']);
    const user = await request(t.server).patch(`/api/users/${memberUserId}`).set(bearer(admin)).send({ displayName: `Pat${NUL}` }).expect(400);
    expect(fieldsOf(user.body)).toEqual(['displayName']);
    const login = await request(t.server).post('/api/auth/login').send({ email: `a${NUL}@example.org`, password: 'x' }).expect(400);
    expect(fieldsOf(login.body)).toEqual(['email']);
    const query = await request(t.server).get(`/api/manuals/${manualId}/standards`).query({ q: `ab${NUL}` }).set(bearer(manager)).expect(400);
    expect(fieldsOf(query.body)).toEqual(['q']);
    const surrogate = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).set('Content-Type', 'application/json').send(`{"version":1,"notes":"\\ud800"}`).expect(400);
    expect(surrogate.body.errors[0].message).toMatch(/unpaired UTF-16 surrogate/);
  });

  it('refuses a NUL in a page form with the reason on the page, not "Something went wrong"', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const from = `/department/${departmentId}/files/${fileId}`;
    const res = await postForm(t, session, `${from}/work`, { version: String(await fileVersion()), notes: `a${NUL}b` }, from).expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'notes', message: expect.stringContaining('NUL') }] });
  });

  it.each(['99999999999999999999999', '9223372036854775807', '-1', '1.5'])('bounds offset=%s on every list route with 400 naming offset', async (offset) => {
    for (const path of ['/api/audit', '/api/users', `/api/manuals/${manualId}/standards`, `/api/departments/${departmentId}/files`, `/api/departments/${departmentId}/reports`]) {
      const res = await request(t.server).get(path).query({ offset }).set(bearer(admin));
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(fieldsOf(res.body)).toContain('offset');
    }
    await request(t.server).get('/api/audit').query({ offset: '1000' }).set(bearer(admin)).expect(200);
  });

  it('refuses null where a field cannot be null, and keeps null where the API declares it', async () => {
    for (const body of [{ displayName: null }, { isAdmin: null }]) {
      const res = await request(t.server).patch(`/api/users/${memberUserId}`).set(bearer(admin)).send(body).expect(400);
      expect(res.body.errors).toEqual([{ field: Object.keys(body)[0], message: `${Object.keys(body)[0]} must not be null` }]);
    }
    const version = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: null }).expect(400);
    expect(fieldsOf(version.body)).toEqual(['version']);
    const inList = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: await fileVersion(), directives: [null] }).expect(400);
    expect(fieldsOf(inList.body)).toEqual(['directives[0]']);
    const cleared = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).send({ version: await fileVersion(), notes: null, assigneeUserId: null }).expect(200);
    expect(cleared.body.notes).toBeNull();
  });

  it('refuses integers a PostgreSQL integer cannot hold, in any body', async () => {
    const res = await request(t.server).patch(`/api/files/${fileId}`).set(bearer(manager)).set('Content-Type', 'application/json').send('{"version": 9223372036854775807}').expect(400);
    expect(res.body.errors).toEqual([{ field: 'version', message: 'version must be between -2147483647 and 2147483647' }]);
    const dept = await request(t.server).get(`/api/departments/${departmentId}`).set(bearer(manager)).expect(200);
    const huge = await request(t.server).patch(`/api/departments/${departmentId}`).set(bearer(manager)).send({ version: dept.body.version, populationServed: 1e300 });
    expect(huge.status).toBe(400);
  });
});
