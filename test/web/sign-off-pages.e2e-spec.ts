import { auditActions, insertDepartment, insertGrant, insertUser, lastAuditId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { FixedClock } from '../../src/common/clock';
import { flashOf, getPage, postForm, signInThroughPage } from './support/page-session';

describe('pages: the chief signs readiness off', () => {
  let t: TestApp;
  let departmentId: string;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    const other = await insertDepartment(t.dataSource, 'Pagedale Police Department');
    await insertUser(t.dataSource, { email: 'chief@example.org', displayName: 'Chief Carter', memberships: [{ departmentId, role: 'chief' }] });
    await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
    await insertUser(t.dataSource, { email: 'manager.b@example.org', memberships: [{ departmentId: other, role: 'manager' }] });
    const assessor = await insertUser(t.dataSource, { email: 'assessor@peer.example' });
    await insertGrant(t.dataSource, assessor, [departmentId], '2026-06-01', '2026-06-30');
  });
  afterAll(() => t.close());

  const signOffCount = async (): Promise<number> => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM readiness_sign_off'))[0].n);

  it('shows the sign-off form to the chief only; a manager posting it is refused and nothing is written', async () => {
    const chief = await signInThroughPage(t, 'chief@example.org');
    const page = await getPage(t, chief, `/department/${departmentId}`).expect(200);
    expect(page.text).toContain('Readiness has not been signed off yet.');
    expect(page.text).toContain(`action="/department/${departmentId}/sign-off"`);

    for (const email of ['manager@example.org', 'assessor@peer.example']) {
      const session = await signInThroughPage(t, email);
      const seen = await getPage(t, session, `/department/${departmentId}`).expect(200);
      expect(seen.text).not.toContain(`action="/department/${departmentId}/sign-off"`);
    }
    const manager = await signInThroughPage(t, 'manager@example.org');
    const refused = await postForm(t, manager, `/department/${departmentId}/sign-off`, { note: '' }, `/department/${departmentId}`).expect(303);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 403 });
    expect(await signOffCount()).toBe(0);
  });

  it('signs off with an optional note: an audited, hashed snapshot listed on the department page', async () => {
    const chief = await signInThroughPage(t, 'chief@example.org');
    const since = await lastAuditId(t.dataSource);
    const signed = await postForm(t, chief, `/department/${departmentId}/sign-off`, { note: '' }, `/department/${departmentId}`).expect(303);
    expect(signed.headers.location).toBe(`/department/${departmentId}#sign-offs`);
    expect(flashOf(signed)).toMatchObject({ kind: 'success', message: expect.stringMatching(/^Readiness signed off: .*SHA-256 [0-9a-f]{12}/) });
    const [row] = await t.dataSource.query('SELECT id, note, readiness_sha256, signed_by_role FROM readiness_sign_off');
    expect(row).toMatchObject({ note: null, signed_by_role: 'chief' });
    // The department's manager is told by mail (kept in the outbox here: no SMTP_URL).
    expect(await auditActions(t.dataSource, since)).toEqual(['readiness.signed-off', 'mail.kept']);

    const page = await getPage(t, chief, `/department/${departmentId}`).expect(200);
    expect(page.text).toContain('Last signed off by <strong>Chief Carter</strong>');
    expect(page.text).toContain(row.readiness_sha256.slice(0, 12));

    const snapshot = await getPage(t, chief, `/department/${departmentId}/sign-offs/${row.id}`).expect(200);
    expect(snapshot.text).toContain(row.readiness_sha256);
    expect(snapshot.text).toContain('Normandy Police Department');

    const managerB = await signInThroughPage(t, 'manager.b@example.org');
    await getPage(t, managerB, `/department/${departmentId}/sign-offs/${row.id}`).expect(404);
  });

  it('refuses an over-long note and writes nothing', async () => {
    const chief = await signInThroughPage(t, 'chief@example.org');
    const before = await signOffCount();
    const refused = await postForm(t, chief, `/department/${departmentId}/sign-off`, { note: 'x'.repeat(2001) }, `/department/${departmentId}`).expect(303);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 400 });
    expect(await signOffCount()).toBe(before);
  });
});
