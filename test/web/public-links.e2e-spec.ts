import request from 'supertest';
import { bearer, insertDepartment, insertUser, signIn } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { followShownOnce, postForm, signInThroughPage } from './support/page-session';

/** Links made to be sent (invitations, calendar feeds) use PUBLIC_BASE_URL, not the Host a request came in with. */
describe('links made to be sent, behind a proxy', () => {
  let t: TestApp;
  let departmentId: string;

  beforeAll(async () => {
    t = await createTestApp({ publicBaseUrl: 'https://calea.normandy.example' });
    departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    await insertUser(t.dataSource, { email: 'admin@example.org', isAdmin: true });
    await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] });
  });
  afterAll(() => t.close());

  it('puts the public address in the invitation link an administrator copies', async () => {
    const admin = await signInThroughPage(t, 'admin@example.org');
    const res = await followShownOnce(t, admin, await postForm(t, admin, '/admin/users', { email: 'new@example.org', displayName: 'New Person' }, '/admin/users').expect(303));
    expect(res.text).toMatch(/value="https:\/\/calea\.normandy\.example\/welcome\?token=[^"]+"/);
    expect(res.text).not.toContain('http://calea.test/welcome');
  });

  it('puts the public address in the calendar feed URL, from the API and from the settings page', async () => {
    const manager = await signIn(t, 'manager@example.org');
    const created = await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(manager)).expect(201);
    expect(created.body.url).toMatch(/^https:\/\/calea\.normandy\.example\/calendar\/cal_.+\.ics$/);
    const page = await signInThroughPage(t, 'manager@example.org');
    const rotated = await followShownOnce(t, page, await postForm(t, page, `/department/${departmentId}/settings/calendar`, {}, `/department/${departmentId}/settings`).expect(303));
    expect(rotated.text).toMatch(/https:\/\/calea\.normandy\.example\/calendar\/cal_[A-Za-z0-9_-]+\.ics/);
  });
});
