import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { syntheticManualCsv } from '../../src/standards/rules/synthetic-manual';
import { flashFromSetCookie } from '../../src/web/flash';
import { auditActions, bearer, insertDepartment, insertGrant, insertSession, insertUser, lastAuditId, TEST_PASSWORD, setProfile } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { OTHER_THAN_MANDATORY, smallManual } from '../support/small-manual';

const HOST = 'calea.test';
const ORIGIN = `http://${HOST}`;
const AWARD = '2022-11-15';


/** The standard numbers listed in the page's file table, in order. */
function listedNumbers(html: string): string[] {
  const table = /<table class="files">([\s\S]*?)<\/table>/.exec(html);
  if (!table) return [];
  return [...table[1].matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);
}

const resultCount = (html: string): number => Number(/class="result-count" role="status"><strong>(\d+)<\/strong>/.exec(html)?.[1]);

describe('web: the department page', () => {
  let t: TestApp;
  let departmentA: string;
  let departmentB: string;
  let adminToken: string;
  const users: Record<'manager' | 'member' | 'chief' | 'assessor' | 'managerB', string> = { manager: '', member: '', chief: '', assessor: '', managerB: '' };
  const cookies: Partial<Record<keyof typeof users, string>> = {};
  const files: Record<string, string> = {};
  const clock = new FixedClock(new Date('2025-06-01T15:00:00Z'));

  /** Signs in through the page form and returns the session cookie. */
  async function signInCookie(email: string): Promise<string> {
    const res = await request(t.server).post('/sign-in').set('Host', HOST).set('Origin', ORIGIN).type('form').send({ email, password: TEST_PASSWORD }).expect(303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('calea_session='));
    if (!cookie) throw new Error(`no session cookie for ${email}`);
    return cookie.split(';')[0];
  }
  const page = (who: keyof typeof users, path: string) => request(t.server).get(path).set('Host', HOST).set('Cookie', cookies[who]!);
  const csrfOf = (html: string): string => /data-csrf-token="([^"]+)"/.exec(html)![1];
  const post = async (who: keyof typeof users, path: string, form: Record<string, string>, status = 303) => {
    const html = (await page(who, `/department/${departmentA}`).expect(200)).text;
    return request(t.server)
      .post(path)
      .set('Host', HOST)
      .set('Origin', ORIGIN)
      .set('Referer', `${ORIGIN}/department/${departmentA}`)
      .set('Cookie', cookies[who]!)
      .type('form')
      .send({ ...form, _csrf: csrfOf(html) })
      .expect(status);
  };
  const insertProof = async (fileId: string, cycleYear: number, reviewState: 'pending' | 'accepted') => {
    const ds = t.dataSource;
    const sha = randomBytes(32).toString('hex');
    await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha, `ab/${sha}`]);
    const [proof] = await ds.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) SELECT department_id, $2, 'proof.pdf', 'document', '2025-02-01' FROM standard_file WHERE id = $1 RETURNING id`,
      [fileId, sha],
    );
    await ds.query(`INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, version) VALUES ($1, $2, $3, $4, $5, 1)`, [
      proof.id,
      fileId,
      AWARD,
      cycleYear,
      reviewState,
    ]);
  };

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentA = await insertDepartment(ds, 'Pagedale Police Department');
    departmentB = await insertDepartment(ds, 'Normandy Police Department');
    await setProfile(ds, [departmentA, departmentB], { awardDate: AWARD, swornOfficers: 30, programTier: 'advanced' });
    adminToken = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    users.manager = await insertUser(ds, { email: 'manager@example.org', displayName: 'Maria Manager', memberships: [{ departmentId: departmentA, role: 'manager' }] });
    users.member = await insertUser(ds, { email: 'member@example.org', displayName: 'Mo Member', memberships: [{ departmentId: departmentA, role: 'member' }] });
    users.chief = await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId: departmentA, role: 'chief' }] });
    users.managerB = await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] });
    users.assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Peer Assessor' });
    await insertGrant(ds, users.assessor, [departmentA], '2025-01-01', '2026-12-31');

    let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const manualId = (await req.attach('file', Buffer.from(syntheticManualCsv(smallManual())), 'manual.csv').expect(201)).body.manual.id;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(adminToken)).expect(200);
    for (const id of [departmentA, departmentB]) await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(adminToken)).send({ manualId }).expect(200);
    const rows: { id: string; standard_number: string }[] = await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [departmentA]);
    for (const r of rows) files[r.standard_number] = r.id;

    // Chapter 2 is Mo's; 1.1.3 is in progress and compliant; 1.2.8 does not apply.
    await ds.query(`UPDATE standard_file SET assignee_user_id = $2 WHERE department_id = $1 AND standard_number LIKE '2.%'`, [departmentA, users.member]);
    await ds.query(`UPDATE standard_file SET status = 'in_progress', result = 'compliant' WHERE id = $1`, [files['1.1.3']]);
    await ds.query(`UPDATE standard_file SET applicability = 'not_applicable', applicability_reason = 'No such function' WHERE id = $1`, [files['1.2.8']]);
    // Year 3 (the current one) is covered for 1.1.3 and 2.1.1 (pending); 1.1.1's activity has no proof for years 1 and 2: overdue.
    await insertProof(files['1.1.3'], 3, 'accepted');
    await insertProof(files['2.1.1'], 3, 'pending');
    await insertProof(files['1.2.1'], 1, 'accepted');

    for (const [who, email] of [
      ['manager', 'manager@example.org'],
      ['member', 'member@example.org'],
      ['chief', 'chief@example.org'],
      ['assessor', 'assessor@peer.example'],
      ['managerB', 'manager.b@example.org'],
    ] as const) {
      cookies[who] = await signInCookie(email);
    }
  });
  afterAll(() => t?.close());

  it('shows the department: header facts, verdict in words, chapters, blockers, deadlines and the coverage grid', async () => {
    const readiness = (await request(t.server).get(`/api/departments/${departmentA}/readiness`).set(bearer(adminToken)).expect(200)).body as {
      verdict: { summary: string };
      coverage: { currentYear: number; rows: { number: string }[] };
      blockers: { number: string; standardFileId: string }[];
      proofsAwaitingReview: number;
    };
    const res = await page('manager', `/department/${departmentA}`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.text;
    expect(html).toContain('<h1>Pagedale Police Department</h1>');
    expect(html).toContain('<title>Pagedale Police Department · CALEA accreditation tracker</title>');
    // Header: tier, size class, manual version, cycle and year.
    expect(html).toMatch(/<dt>Program tier<\/dt><dd>Advanced<\/dd>/);
    expect(html).toMatch(/<dt>Size class<\/dt><dd>B /);
    expect(html).toContain('Version 6.15');
    expect(html).toContain('Cycle 1: Nov 15, 2022 – Nov 14, 2026');
    expect(readiness.coverage.currentYear).toBe(3);
    expect(html).toMatch(/<strong>3<\/strong> of 4 <span class="muted">\(Nov 15, 2024 – Nov 14, 2025\)<\/span>/);
    // The verdict, as the readiness API words it.
    expect(readiness.verdict.summary).toMatch(/^Not ready: /);
    expect(html).toContain(readiness.verdict.summary);
    expect(html).toContain('<span class="badge badge-bad">Not yet</span>');
    // Chapters with their bars, each linking to its files.
    expect(html).toContain(`<a href="/department/${departmentA}?chapter=1#files">1. Chapter 1</a>`);
    expect(html).toContain(`<a href="/department/${departmentA}?chapter=2#files">2. Chapter 2</a>`);
    expect(html).toContain('aria-label="Chapter 1 mandatory in compliance: ');
    // Blockers: the first ten, by impact, linking to the file pages.
    const blockers = /<ol class="blockers">([\s\S]*?)<\/ol>/.exec(html)![1];
    const linked = [...blockers.matchAll(/href="\/department\/[^/]+\/files\/([^"]+)"><strong>([^<]+)<\/strong>/g)].map((m) => [m[1], m[2]]);
    expect(linked).toEqual(readiness.blockers.slice(0, 10).map((b) => [b.standardFileId, b.number]));
    expect(html).toContain(`<strong>${readiness.proofsAwaitingReview}</strong> proof awaiting review`);
    expect(readiness.proofsAwaitingReview).toBe(1);
    // Deadlines: 1.1.1's annual activity of years 1 and 2 is overdue, as the deadlines API says.
    const overdue = (await request(t.server).get(`/api/departments/${departmentA}/deadlines?state=overdue`).set(bearer(adminToken)).expect(200)).body as {
      total: number;
      items: { key: string; standardNumber: string | null; title: string }[];
    };
    expect(overdue.items.filter((d) => d.standardNumber === '1.1.1')).toHaveLength(2);
    const deadlines = /<section id="deadlines"[\s\S]*?<\/section>/.exec(html)![0];
    expect(deadlines).toContain(`Overdue <span class="muted">(${overdue.total})</span>`);
    for (const d of overdue.items) expect(deadlines).toContain(d.title);
    // An activity deadline opens its file at the upload form, with its period chosen.
    expect(deadlines).toMatch(new RegExp(`<a href="/department/${departmentA}/files/${files['1.1.1']}\\?period=\\d{4}-[A-Z0-9-]+&amp;activity=required-activity#upload-form">1\\.1\\.1 `));
    expect(deadlines).toContain('<span class="badge badge-bad">Overdue</span>');
    // The coverage grid: a collapsed section per chapter, a row per standard with the cells in words too.
    const grid = /<section id="coverage"[\s\S]*?<\/section>/.exec(html)![0];
    expect(grid).toContain('<details class="grid-chapter" id="grid-ch-1">');
    expect(grid).toContain('<details class="grid-chapter" id="grid-ch-2">');
    const gridRows = [...grid.matchAll(/<tr><th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(gridRows).toEqual(readiness.coverage.rows.map((r) => r.number));
    expect(gridRows).toHaveLength(18);
    const row113 = new RegExp(`<a href="/department/${departmentA}/files/${files['1.1.3']}">1.1.3</a>[^]*?</tr>`).exec(grid)![0];
    expect([...row113.matchAll(/<td class="cov (cv-[pmn])">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['cv-m', '✗ missing'],
      ['cv-m', '✗ missing'],
      ['cv-p', '✓ 1'],
      ['cv-n', '–'],
    ]);
    // The file list: every in-scope file, with its proof for the current year.
    expect(listedNumbers(html)).toEqual(readiness.coverage.rows.map((r) => r.number));
    expect(html).toContain('Mo Member');
  });

  it('shows a department with no manual and no award yet', async () => {
    const empty = await insertDepartment(t.dataSource, 'Cool Valley Police Department');
    await t.dataSource.query('INSERT INTO membership (user_id, department_id, role) VALUES ($1, $2, $3)', [users.chief, empty, 'chief']);
    const chief = await signInCookie('chief@example.org');
    const html = (await request(t.server).get(`/department/${empty}`).set('Host', HOST).set('Cookie', chief).expect(200)).text;
    expect(html).toContain('<h1>Cool Valley Police Department</h1>');
    expect(html).toContain('No manual assigned yet');
    expect(html).toContain('Working cycle (no award yet)');
    expect(html).toContain('Ready: no standards apply.');
    // 0 of 0 is not drawn as a full bar at 100%: both meters say that none apply.
    const meters = html.slice(html.indexOf('<dl class="meters">'), html.indexOf('</dl>', html.indexOf('<dl class="meters">')));
    expect(meters.match(/None apply/g)).toHaveLength(2);
    expect(meters).not.toContain('100%');
    expect(meters).not.toContain('bar-fill');
    expect(resultCount(html)).toBe(0);
  });

  it('narrows the file list by chapter, level, status, result, assignee and missing proofs', async () => {
    const numbers = Object.keys(files);
    const get = async (query: string): Promise<string[]> => {
      const html = (await page('manager', `/department/${departmentA}?${query}`).expect(200)).text;
      const listed = listedNumbers(html);
      expect(resultCount(html)).toBe(listed.length);
      return listed;
    };
    const sorted = (list: string[]) => [...list].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

    expect(await get('chapter=2')).toEqual(sorted(numbers.filter((n) => n.startsWith('2.'))));
    expect(await get('level=O')).toEqual(sorted([...OTHER_THAN_MANDATORY]));
    expect(await get('status=in_progress')).toEqual(['1.1.3']);
    expect(await get('result=compliant')).toEqual(['1.1.3']);
    expect(await get(`assignee=${users.member}`)).toEqual(sorted(numbers.filter((n) => n.startsWith('2.'))));
    // Missing proofs: applicable files without a counting proof for year 3 (1.1.3 and 2.1.1 have one; 1.2.8 needs none).
    expect(await get('missing=1')).toEqual(sorted(numbers.filter((n) => !['1.1.3', '2.1.1', '1.2.8'].includes(n))));
    expect(await get('chapter=2&missing=1&level=M')).toEqual(['2.1.3']);
    // Empty fields (an unselected <select>) mean no filter; the form keeps what was chosen.
    expect(await get('chapter=&level=&status=&result=&assignee=')).toHaveLength(18);
    const html = (await page('manager', `/department/${departmentA}?chapter=2&missing=1`).expect(200)).text;
    expect(html).toContain('<option value="2" selected>');
    expect(html).toContain('name="missing" value="1" checked');
    expect(html).toContain('<details class="grid-chapter" id="grid-ch-2" open>');
    // The filter form works without scripts (GET) and is enhanced with htmx.
    expect(html).toMatch(/<form class="filters" method="get" action="\/department\/[^"]+#files"/);
    expect(html).toContain('hx-select="#files-results"');
    // A value that is not one of the filter's refuses the request, in HTML.
    const bad = await page('manager', `/department/${departmentA}?level=X`).expect(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
    // Parameters the page does not know (a link pasted into a mail picks up tracking) are dropped, not refused.
    const tracked = await page('manager', `/department/${departmentA}?chapter=2&utm_source=mail&fbclid=x`).expect(200);
    expect(tracked.text).toContain('<option value="2" selected>');
  });

  it('answers 404 for a department the user cannot see, and sends a visitor to sign in', async () => {
    const other = await page('managerB', `/department/${departmentA}`).expect(404);
    expect(other.headers['content-type']).toMatch(/text\/html/);
    expect(other.text).not.toContain('Pagedale Police Department');
    await page('manager', `/department/${departmentB}`).expect(404);
    await page('manager', '/department/00000000-0000-4000-8000-000000000000').expect(404);
    await page('managerB', `/department/${departmentB}`).expect(200);
    const anonymous = await request(t.server).get(`/department/${departmentA}`).set('Host', HOST).expect(303);
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/department/${departmentA}`)}`);
  });

  it('shows the chapter forms to managers only and the sign-off to the chief only: an assessor and a member see no edit controls', async () => {
    const forms = (html: string) => [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]).filter((a) => a !== '/sign-out');
    const manager = (await page('manager', `/department/${departmentA}`).expect(200)).text;
    expect(forms(manager)).toEqual([
      `/department/${departmentA}/milestones/2022-Y1-annual-review-public-comment-notice/record`,
      `/department/${departmentA}/milestones/2022-Y2-annual-review-public-comment-notice/record`,
      `/department/${departmentA}/assign-chapter`,
      `/department/${departmentA}/chapter-not-applicable`,
    ]);
    const chief = (await page('chief', `/department/${departmentA}`).expect(200)).text;
    expect(forms(chief)).toEqual([`/department/${departmentA}/sign-off`]);
    expect(chief).not.toContain('Assign a chapter');
    for (const who of ['assessor', 'member'] as const) {
      const html = (await page(who, `/department/${departmentA}`).expect(200)).text;
      expect(html).toContain(readinessSummaryMarker);
      expect(forms(html)).toEqual([]);
      expect(html).not.toContain('Assign a chapter');
      expect(html).not.toContain('<textarea');
      // The agency's review queue is its own business; the assessor sees how long their access lasts.
      expect(/proofs? awaiting review/.test(html)).toBe(who === 'member');
      expect(html.includes('Assessor access from Jan 1, 2025 until <strong>Dec 31, 2026</strong> (578 days left)')).toBe(who === 'assessor');
    }
  });

  it('assigns a chapter through the form: files change, audit rows are written; a member is refused and nothing changes', async () => {
    const since = await lastAuditId(t.dataSource);
    const refused = await post('member', `/department/${departmentA}/assign-chapter`, { chapter: '1', assigneeUserId: users.member });
    expect(flashFromSetCookie(refused.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 403 });
    const chapterOne = () =>
      t.dataSource.query<{ assignee_user_id: string | null }[]>(`SELECT assignee_user_id FROM standard_file WHERE department_id = $1 AND standard_number LIKE '1.%'`, [departmentA]);
    expect((await chapterOne()).every((f) => f.assignee_user_id === null)).toBe(true);
    expect(await auditActions(t.dataSource, since)).toEqual([]);

    const res = await post('manager', `/department/${departmentA}/assign-chapter`, { chapter: '1', assigneeUserId: users.member });
    const inChapterOne = Object.keys(files).filter((n) => n.startsWith('1.')).length;
    expect(res.headers.location).toBe(`/department/${departmentA}?chapter=1#files`);
    expect(flashFromSetCookie(res.headers['set-cookie'])).toMatchObject({ kind: 'success', message: `Chapter 1: ${inChapterOne} files assigned.` });
    expect((await chapterOne()).every((f) => f.assignee_user_id === users.member)).toBe(true);
    // One mail tells the member the chapter's files are theirs (kept in the outbox here: no SMTP_URL).
    expect(await auditActions(t.dataSource, since)).toEqual([...Array<string>(inChapterOne).fill('file.assigned'), 'mail.kept']);

    // Unassigning: an empty choice means nobody.
    await post('manager', `/department/${departmentA}/assign-chapter`, { chapter: '1', assigneeUserId: '' });
    expect((await chapterOne()).every((f) => f.assignee_user_id === null)).toBe(true);
  });

  it("records a public-comment notice as published from the milestones list (managers only); a day in the future changes nothing", async () => {
    const key = '2022-Y1-annual-review-public-comment-notice';
    const action = `action="/department/${departmentA}/milestones/${key}/record"`;
    expect((await page('manager', `/department/${departmentA}`).expect(200)).text).toContain(action);
    expect((await page('member', `/department/${departmentA}`).expect(200)).text).not.toContain(action);
    const since = await lastAuditId(t.dataSource);
    const refused = await post('manager', `/department/${departmentA}/milestones/${key}/record`, { doneOn: '2025-06-02' });
    expect(flashFromSetCookie(refused.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 400 });
    const member = await post('member', `/department/${departmentA}/milestones/${key}/record`, { doneOn: '2023-09-01' });
    expect(flashFromSetCookie(member.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 403 });
    expect(await auditActions(t.dataSource, since)).toEqual([]);

    const res = await post('manager', `/department/${departmentA}/milestones/${key}/record`, { doneOn: '2023-09-01' });
    expect(res.headers.location).toBe(`/department/${departmentA}#flash`);
    expect(flashFromSetCookie(res.headers['set-cookie'])).toMatchObject({ kind: 'success', message: 'Public-comment notice, year 1 review: recorded as done on Sep 1, 2023.' });
    expect(await auditActions(t.dataSource, since)).toEqual(['milestone.recorded']);
    // Met: it leaves the list of milestones ahead.
    expect((await page('manager', `/department/${departmentA}`).expect(200)).text).not.toContain(action);
  });

  it('marks a chapter not applicable through the form; a refused form (no reason) changes nothing', async () => {
    const since = await lastAuditId(t.dataSource);
    const refused = await post('manager', `/department/${departmentA}/chapter-not-applicable`, { chapter: '2', reason: '' });
    expect(flashFromSetCookie(refused.headers['set-cookie'])).toMatchObject({ kind: 'error', status: 400 });
    expect(refused.headers.location).toBe(`/department/${departmentA}`);
    expect(await auditActions(t.dataSource, since)).toEqual([]);

    const res = await post('manager', `/department/${departmentA}/chapter-not-applicable`, { chapter: '2', reason: 'The agency has no such function' });
    const inChapterTwo = Object.keys(files).filter((n) => n.startsWith('2.')).length;
    expect(flashFromSetCookie(res.headers['set-cookie'])).toMatchObject({ kind: 'success', message: `Chapter 2: ${inChapterTwo} files marked not applicable.` });
    const rows: { applicability: string }[] = await t.dataSource.query(`SELECT applicability FROM standard_file WHERE department_id = $1 AND standard_number LIKE '2.%'`, [departmentA]);
    expect(rows.map((r) => r.applicability)).toEqual(Array(inChapterTwo).fill('not_applicable'));
    expect(await auditActions(t.dataSource, since)).toEqual(Array(inChapterTwo).fill('file.marked-not-applicable'));
    // The page shows it: chapter 2's files are no longer missing proofs.
    const html = (await page('manager', `/department/${departmentA}?chapter=2&missing=1`).expect(200)).text;
    expect(listedNumbers(html)).toEqual([]);
  });

  it('shows the programs side by side when the department is in two, and switches to the other one: its readiness, files and profile', async () => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
    for (const [name, value] of Object.entries({ program: 'Missouri Sample Program', edition: '1st', version: '2024', effectiveDate: '2024-01-01' })) req = req.field(name, value);
    const stateCsv = [
      'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
      '7,State Training,7.1,Records,7.1.1,State Training Records,M M M M,yes,written_directive,',
      '7,State Training,7.1,Records,7.1.2,State Firearms Qualification,M M M M,yes,time_sensitive,annual',
    ].join('\r\n');
    const stateManual = (await req.attach('file', Buffer.from(stateCsv), 'state.csv').expect(201)).body.manual;
    await request(t.server).post(`/api/manuals/${stateManual.id}/publish`).set(bearer(adminToken)).expect(200);
    const state = (
      await request(t.server).post(`/api/departments/${departmentA}/enrolments`).set(bearer(adminToken)).send({ programId: stateManual.programId, accreditationStatus: 'accredited', awardDate: '2024-05-01' }).expect(201)
    ).body;
    await request(t.server).put(`/api/departments/${departmentA}/manual`).set(bearer(adminToken)).send({ manualId: stateManual.id }).expect(200);

    const main = (await page('member', `/department/${departmentA}`).expect(200)).text;
    expect(main).toContain('aria-label="Programs this department is enrolled in"');
    expect(main).toMatch(/<a href="\/department\/[^"]+" aria-current="page">\s*<span class="program-name">Law Enforcement<\/span>/);
    expect(main).toContain(`href="/department/${departmentA}?enrolment=${state.id}"`);
    expect(listedNumbers(main)).not.toContain('7.1.1');

    const other = (await page('member', `/department/${departmentA}?enrolment=${state.id}`).expect(200)).text;
    expect(other).toMatch(/<h1>Pagedale Police Department <span class="dept-program">· Missouri Sample Program<\/span><\/h1>/);
    expect(listedNumbers(other)).toEqual(['7.1.1', '7.1.2']);
    expect(other).toContain('<dt>Status</dt><dd>Accredited</dd>');
    // The filters keep the program shown.
    expect(other).toContain(`<input type="hidden" name="enrolment" value="${state.id}">`);
    // The assessor of this department sees both; a program of another department, or none, is not found.
    await page('assessor', `/department/${departmentA}?enrolment=${state.id}`).expect(200);
    await page('managerB', `/department/${departmentB}?enrolment=${state.id}`).expect(404);
    await page('member', `/department/${departmentA}?enrolment=not-a-uuid`).expect(400);
  });
});

/** Every reader of the page sees the readiness section. */
const readinessSummaryMarker = '<h2 id="summary-h">Readiness</h2>';
