import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { ComplianceService } from '../../src/compliance/compliance.service';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/sample-data/footprint';
import { addSampleWork, stagePreviewBase } from '../../src/sample-data/sample-work';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from '../support/test-app';
import { decodeHtml, getPage, PageSession, signInThroughPage } from './support/page-session';

jest.setTimeout(60_000);

const NOW = new Date('2026-03-16T15:00:00Z');

/** The rows of the worklist table: [department, standard link, period, state]. */
function rowsOf(html: string): { department: string; href: string; what: string; state: string }[] {
  const body = /<table class="deadlines worklist">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) => cell);
    return {
      department: decodeHtml(/<a [^>]*>([^<]*)<\/a>/.exec(cells[1] ?? '')?.[1] ?? ''),
      href: decodeHtml(/href="([^"]+)"/.exec(cells[2] ?? '')?.[1] ?? ''),
      what: decodeHtml((cells[2] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
      state: decodeHtml((cells[3] ?? '').replace(/<[^>]+>/g, '').trim()),
    };
  });
}

/**
 * The deadlines worklist (/worklist): the overdue and due-soon deadlines of the sample footprint
 * with file work, checked against the readiness API's counts; each row opens its file with the
 * period chosen in the upload form.
 */
describe('web: the deadlines worklist', () => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: PageSession;
  let ids: Map<string, string>;
  let counts: Map<string, { overdue: number; dueSoon: number }>;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp(database.url, { databaseIsEmbedded: true, seedSampleData: true }, new FixedClock(NOW));
    const engine = t.app.get(ComplianceService);
    await t.dataSource.transaction(async (em) => {
      const base = await stagePreviewBase(em, '2025-01-06T15:00:00Z', DEMO_USERS[1].email);
      ids = base.departmentIds;
      await addSampleWork(em, await engine.cycles(em, 'all', engine.today()), base.reviewerId, engine.today());
    });
    admin = await signInThroughPage(t, 'admin@demo.calea.local', DEMO_PASSWORD);
    const summaries = await engine.summariesOf('all');
    counts = new Map(summaries.map((s) => [s.department.id, { overdue: s.figures.deadlineCounts.overdue, dueSoon: s.figures.deadlineCounts.dueSoon }]));
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const total = (key: 'overdue' | 'dueSoon') => [...counts.values()].reduce((sum, c) => sum + c[key], 0);

  it('lists every overdue and due-soon deadline of the footprint, the longest overdue first, each linked to its upload form', async () => {
    expect(total('overdue')).toBeGreaterThan(0);
    const html = (await getPage(t, admin, '/worklist').expect(200)).text;
    const rows = rowsOf(html);
    expect(rows).toHaveLength(total('overdue') + total('dueSoon'));
    expect(html).toContain(`${rows.length} deadline${rows.length === 1 ? '' : 's'}</h2>`);
    // Overdue rows come first (their due dates are past), and each activity row opens its file at the upload form with the period chosen.
    const states = rows.map((r) => r.state);
    expect(states.slice(0, total('overdue')).every((s) => s === 'Overdue')).toBe(true);
    for (const row of rows.filter((r) => r.href.includes('/files/'))) expect(row.href).toMatch(/^\/department\/[0-9a-f-]+\/files\/[0-9a-f-]+\?period=\d{4}-[A-Z0-9-]+&activity=[a-z0-9-]+#upload-form$/);
    // Periods in words, never keys.
    expect(rows.map((r) => r.what).join(' ')).not.toMatch(/\b\d{4}-Y\d/);
  });

  it('narrows to overdue only, and to one department, as the dashboard counts link there', async () => {
    const dashboard = decodeHtml((await getPage(t, admin, '/').expect(200)).text);
    for (const [id, c] of counts) {
      expect(dashboard).toContain(`<a href="/worklist?state=overdue&department=${id}"><strong>${c.overdue}</strong> overdue</a>`);
      const one = rowsOf((await getPage(t, admin, `/worklist?state=overdue&department=${id}`).expect(200)).text);
      expect(one).toHaveLength(c.overdue);
      for (const row of one) expect(row.state).toBe('Overdue');
      const soon = rowsOf((await getPage(t, admin, `/worklist?state=due_soon&department=${id}`).expect(200)).text);
      expect(soon).toHaveLength(c.dueSoon);
    }
  });

  it('opens the file with the period chosen and the date bounded by it', async () => {
    const [row] = rowsOf((await getPage(t, admin, '/worklist?state=overdue').expect(200)).text).filter((r) => r.href.includes('?period='));
    expect(row).toBeDefined();
    const key = new URL(row.href, 'http://calea.test').searchParams.get('period') as string;
    const file = (await getPage(t, admin, row.href.replace(/#.*$/, '')).expect(200)).text;
    expect(file).toMatch(new RegExp(`<option value="${key}" selected>`));
    expect(file).toContain('<option value="">From the date of the activity</option>');
    const date = /<input id="up-effectiveDate"[^>]*>/.exec(file)?.[0] ?? '';
    expect(date).toMatch(/min="\d{4}-\d{2}-\d{2}"/);
    expect(date).toContain('value=""');
    // An unknown period is ignored, not an error.
    const plain = (await getPage(t, admin, `${row.href.replace(/\?.*$/, '')}?period=1999-Y9`).expect(200)).text;
    expect(plain).toContain('<option value="" selected>From the date of the activity</option>');
  });

  it("shows a department's manager the deadlines of their departments only", async () => {
    const manager = await signInThroughPage(t, 'manager@demo.calea.local', DEMO_PASSWORD);
    const [{ names }]: { names: string[] }[] = await t.dataSource.query(
      `SELECT array_agg(d.name ORDER BY d.name) AS names FROM membership m JOIN app_user u ON u.id = m.user_id JOIN department d ON d.id = m.department_id
        WHERE u.email = 'manager@demo.calea.local'`,
    );
    const rows = rowsOf((await getPage(t, manager, '/worklist').expect(200)).text);
    expect(rows.length).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => r.department))].every((name) => names.includes(name))).toBe(true);
    const theirs = [...ids].filter(([name]) => names.includes(name)).map(([, id]) => counts.get(id) as { overdue: number; dueSoon: number });
    expect(rows).toHaveLength(theirs.reduce((sum, c) => sum + c.overdue + c.dueSoon, 0));
    const other = [...ids].find(([name]) => !names.includes(name));
    expect(other).toBeDefined();
    await getPage(t, manager, `/worklist?department=${(other as [string, string])[1]}`).expect(404);
  });

  it('refuses a malformed filter with a page saying why, and keeps assessors out', async () => {
    const bad = await getPage(t, admin, '/worklist?state=someday').expect(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
    expect(decodeHtml(bad.text)).toContain('state must be one of: overdue, due_soon, open');
    await getPage(t, admin, '/worklist?department=not-an-id').expect(400);
    expect(ids.size).toBe(3);
    const anonymous = await request(t.server).get('/worklist').set({ Host: 'calea.test' });
    expect(anonymous.status).toBe(303);
  });
});
