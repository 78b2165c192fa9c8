import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../../src/common/clock';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, lastAuditId, setProfile } from '../support/fixtures';
import { insertProof, insertStandardFile, proofState, sampleFiles } from '../support/proof-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { flashOf, getPage, PageSession, SAME_SITE, signInThroughPage } from './support/page-session';

type Who = 'manager' | 'member' | 'chief' | 'assessor' | 'managerB';
const UPLOAD_MAX_BYTES = 64 * 1024;

/** A multipart/form-data body written by hand: the fields first, the file last, as the upload expects. */
function multipart(fields: [string, string][], file: { data: Buffer; filename: string; contentType: string }): { body: Buffer; contentType: string } {
  const boundary = `----calea-page-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  chunks.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The HTML of one part of the page, from an element id to the next given marker. */
function slice(html: string, fromId: string, toId: string): string {
  const start = html.indexOf(`id="${fromId}"`);
  const end = html.indexOf(`id="${toId}"`, start + 1);
  if (start < 0) throw new Error(`no element ${fromId} on the page`);
  return html.slice(start, end < 0 ? undefined : end);
}

/** Forms on the page besides the sign-out form of the header. */
const pageForms = (html: string): string[] => [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]).filter((a) => a !== '/sign-out');

describe('web: the standard file page', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let departmentA: string;
  let departmentB: string;
  const users = {} as Record<Who, string>;
  const sessions = {} as Record<Who, PageSession>;
  let managerToken: string;
  let memberToken: string;
  let file: string;
  let timed: string;
  let unassigned: string;
  let fileOfB: string;
  const pathOf = (fileId: string, dept = departmentA): string => `/department/${dept}/files/${fileId}`;

  /** A form post as the browser sends it: urlencoded (repeated fields repeat), Origin, Referer, CSRF token. */
  const post = (who: Who, path: string, fields: [string, string | number][], from = path.replace(/\/(work|directives.*|proofs.*)$/, '')) => {
    const body = new URLSearchParams([['_csrf', sessions[who].csrf], ...fields.map(([k, v]): [string, string] => [k, String(v)])]).toString();
    return request(t.server).post(path).set(SAME_SITE).set('Referer', `http://calea.test${from}`).set('Cookie', sessions[who].cookie).type('form').send(body);
  };
  /** The page's upload form without JavaScript: multipart to the page route, the token in the query. */
  const uploadThroughPage = (who: Who, fileId: string, fields: [string, string][], upload: { data: Buffer; filename: string; contentType: string }, csrf = sessions[who].csrf) => {
    const { body, contentType } = multipart(fields, upload);
    return request(t.server)
      .post(`${pathOf(fileId)}/proofs?_csrf=${encodeURIComponent(csrf)}`)
      .set(SAME_SITE)
      .set('Referer', `http://calea.test${pathOf(fileId)}`)
      .set('Cookie', sessions[who].cookie)
      .set('Content-Type', contentType)
      .send(body);
  };
  const uploadThroughApi = async (token: string, fileId: string, cycleYear: number, name: string): Promise<{ id: string; version: number }> => {
    const { body, contentType } = multipart(
      [
        ['cycleYear', String(cycleYear)],
        ['effectiveDate', '2026-05-02'],
      ],
      { data: sampleFiles.pdf(`${name} ${randomBytes(6).toString('hex')}`), filename: name, contentType: 'application/pdf' },
    );
    const res = await request(t.server).post(`/api/files/${fileId}/proofs`).set(bearer(token)).set('Content-Type', contentType).send(body).expect(201);
    return res.body;
  };
  const fileRow = async (fileId: string) =>
    (await t.dataSource.query('SELECT version, result, status, notes, bullet_notes, directives FROM standard_file WHERE id = $1', [fileId]))[0];
  const waiverOf = async (fileId: string) =>
    (await t.dataSource.query(`SELECT applicability, waiver_reference, to_char(waiver_ends_on, 'YYYY-MM-DD') AS waiver_ends_on FROM standard_file WHERE id = $1`, [fileId]))[0];
  const linkRow = async (linkId: string) =>
    (await t.dataSource.query('SELECT review_state, review_reason, reviewed_by_user_id, withdrawn_at, withdraw_reason, version FROM proof_link WHERE id = $1', [linkId]))[0];
  const auditSince = async (since: string) =>
    t.dataSource.query<{ action: string; entity_id: string; actor_user_id: string }[]>('SELECT action, entity_id, actor_user_id FROM audit_event WHERE id > $1 ORDER BY id', [since]);

  beforeAll(async () => {
    t = await createTestApp({ uploadMaxBytes: UPLOAD_MAX_BYTES }, clock);
    const ds = t.dataSource;
    departmentA = await insertDepartment(ds, 'Normandy Police Department');
    departmentB = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, [departmentA, departmentB], { awardDate: '2022-03-01' });
    users.manager = await insertUser(ds, { email: 'manager@example.org', displayName: 'Maria Manager', memberships: [{ departmentId: departmentA, role: 'manager' }] });
    users.member = await insertUser(ds, { email: 'member@example.org', displayName: 'Mo Member', memberships: [{ departmentId: departmentA, role: 'member' }] });
    users.chief = await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId: departmentA, role: 'chief' }] });
    users.assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Peer Assessor' });
    users.managerB = await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] });
    await insertGrant(ds, users.assessor, [departmentA], '2026-06-01', '2026-06-30');
    managerToken = await insertSession(ds, users.manager);
    memberToken = await insertSession(ds, users.member);

    file = await insertStandardFile(ds, departmentA, { bullets: ['a', 'b'], assigneeUserId: users.member });
    timed = await insertStandardFile(ds, departmentA, { frequency: 'quarterly' });
    unassigned = await insertStandardFile(ds, departmentA);
    fileOfB = await insertStandardFile(ds, departmentB);
    await ds.query(
      `UPDATE standard SET licensed_text = 'The agency has a written directive on the oath of office.', commentary = 'Synthetic commentary for the test.'
        WHERE id = (SELECT standard_id FROM standard_file WHERE id = $1)`,
      [file],
    );
    for (const [who, email] of [
      ['manager', 'manager@example.org'],
      ['member', 'member@example.org'],
      ['chief', 'chief@example.org'],
      ['assessor', 'assessor@peer.example'],
      ['managerB', 'manager.b@example.org'],
    ] as const) {
      sessions[who] = await signInThroughPage(t, email);
    }
  });
  afterAll(() => t?.close());

  it('shows the standard, the work on it and its proofs by cycle year', async () => {
    await uploadThroughApi(managerToken, file, 1, 'roll-call-roster.pdf');
    // Today (2026-06-10) is in cycle year 1, and the effective date decides the year, so the API cannot
    // file a year-2 proof yet: this one is set up as the data will hold it once year 2 (from 2027-03-01) has begun.
    const yearTwo = await insertProof(t, { departmentId: departmentA, fileId: file, cycleYear: 2 });
    await t.dataSource.query(`UPDATE proof SET file_name = 'second-year-review.pdf', effective_date = '2027-03-05' WHERE id = $1`, [yearTwo.proofId]);
    await t.dataSource.query(`UPDATE proof_link SET cycle_starts_on = '2026-03-01' WHERE id = $1`, [yearTwo.linkId]);
    const res = await getPage(t, sessions.manager, pathOf(file)).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = res.text;
    const [{ number, sha256 }] = await t.dataSource.query(
      `SELECT f.standard_number AS number, p.sha256 FROM standard_file f JOIN proof_link l ON l.standard_file_id = f.id JOIN proof p ON p.id = l.proof_id
        WHERE f.id = $1 AND p.file_name = 'roll-call-roster.pdf'`,
      [file],
    );
    expect(html).toContain(`<span class="file-number">${number}</span>`);
    expect(html).toMatch(/Proof test standard \d+/);
    expect(html).toContain('M · Mandatory');
    expect(html).toContain('The agency has a written directive on the oath of office.');
    expect(html).toContain('Synthetic commentary for the test.');
    expect(html).toContain('Bullet a');
    expect(html).toContain('Mo Member');
    const year1 = slice(html, 'year-1', 'year-2');
    const year2 = slice(html, 'year-2', 'year-3');
    expect(year1).toContain('roll-call-roster.pdf');
    expect(year1).toContain(`${sha256.slice(0, 12)}…`);
    expect(year1).toContain('Awaiting review');
    expect(year1).toContain('Maria Manager');
    expect(year1).toContain('/api/proofs/');
    expect(year1).not.toContain('second-year-review.pdf');
    expect(year2).toContain('second-year-review.pdf');
    // The upload form: the no-JS route with its token, the API for the script, the size limit and the accepted types.
    expect(html).toContain(`action="${pathOf(file)}/proofs?_csrf=${encodeURIComponent(sessions.manager.csrf)}"`);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`data-api="/api/files/${file}/proofs"`);
    expect(html).toContain(`data-max-bytes="${t.config.uploadMaxBytes}"`);
    expect(html).toMatch(/accept="[^"]*\.pdf[^"]*"/);
    expect(html).toContain('<script src="/static/upload.js" defer></script>');
    expect(html).toContain(`name="version" value="1"`);
  });

  it('groups a time-sensitive standard\'s proofs by period and offers its periods', async () => {
    const { body, contentType } = multipart(
      [
        ['cycleYear', '1'],
        ['periodKey', '2026-Y1-Q1'],
        ['effectiveDate', '2026-04-20'],
      ],
      { data: sampleFiles.pdf('quarterly inspection'), filename: 'q1-inspection.pdf', contentType: 'application/pdf' },
    );
    await request(t.server).post(`/api/files/${timed}/proofs`).set(bearer(managerToken)).set('Content-Type', contentType).send(body).expect(201);
    const html = (await getPage(t, sessions.manager, pathOf(timed)).expect(200)).text;
    // Periods read as words, with their dates, not as keys.
    expect(html).toMatch(/<option value="2026-Y1-Q2">Year 1, quarter 2 \(/);
    // The form proposes the period from the date (today, 2026-06-10, is in the second quarter of year 1).
    expect(html).toContain('<option value="" selected>From the date of the activity</option>');
    expect(html).toContain("today's date is in year 1, quarter 2.");
    expect(html.match(/>[^<]*\b2026-Y1-Q\d[^<]*</g)).toEqual(null);
    expect(slice(html, 'year-1', 'year-2')).toMatch(/Year 1, quarter 1<\/h4>[\s\S]*q1-inspection\.pdf/);
    // The history says it in the same words and date style as the rest of the page.
    expect(html).toContain('q1-inspection.pdf, document, dated Apr 20, 2026, cycle year 1, year 1, quarter 1');
  });

  it('answers 404 for a file of another department, and to people outside the department', async () => {
    await getPage(t, sessions.managerB, pathOf(file)).expect(404);
    await getPage(t, sessions.manager, pathOf(fileOfB)).expect(404);
    await getPage(t, sessions.manager, pathOf(fileOfB, departmentB)).expect(404);
    const res = await getPage(t, sessions.managerB, pathOf(file, departmentB)).expect(404);
    expect(res.text).not.toContain(departmentA);
    const signedOut = await request(t.server).get(pathOf(file)).set(SAME_SITE).expect(303);
    expect(signedOut.headers.location).toBe(`/sign-in?next=${encodeURIComponent(pathOf(file))}`);
  });

  it('saves the work form (database and audit) and refuses a stale version with the message shown, changing nothing', async () => {
    const before = await fileRow(file);
    const since = await lastAuditId(t.dataSource);
    const saved = await post('manager', `${pathOf(file)}/work`, [
      ['version', before.version],
      ['applicability', 'applicable'],
      ['result', 'compliant'],
      ['status', 'in_progress'],
      ['assigneeUserId', users.member],
      ['statusReason', ''],
      ['bulletLetter', 'a'],
      ['bulletNote', 'GO 1-12 III.B'],
      ['bulletLetter', 'b'],
      ['bulletNote', ''],
      ['notes', 'Checked against the 2026 roster'],
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${pathOf(file)}#flash`);
    expect(flashOf(saved)).toMatchObject({ kind: 'success' });
    const after = await fileRow(file);
    expect(after).toMatchObject({ version: before.version + 1, result: 'compliant', status: 'in_progress', notes: 'Checked against the 2026 roster', bullet_notes: { a: 'GO 1-12 III.B' } });
    expect(await auditSince(since)).toEqual([{ action: 'file.updated', entity_id: file, actor_user_id: users.manager }]);

    const stale = await post('manager', `${pathOf(file)}/work`, [
      ['version', before.version],
      ['result', 'non_compliant'],
      ['notes', 'Overwritten by a stale form'],
    ]);
    expect(stale.status).toBe(303);
    expect(stale.headers.location).toBe(pathOf(file));
    const flash = flashOf(stale);
    expect(flash).toMatchObject({ kind: 'error', status: 409 });
    expect(await fileRow(file)).toEqual(after);
    expect(await auditSince(since)).toHaveLength(1);
    // The page it goes back to shows the message once.
    const flashCookie = ([] as string[]).concat(stale.headers['set-cookie'] ?? []).find((c) => c.startsWith('calea_flash='))!.split(';')[0];
    const shown = await request(t.server).get(pathOf(file)).set(SAME_SITE).set('Cookie', `${sessions.manager.cookie}; ${flashCookie}`).expect(200);
    expect(shown.text).toContain('role="alert"');
    expect(shown.text).toContain(`This file is at version ${after.version}, not ${before.version}: reload it and apply your change again.`);
  });

  it('refuses a form the API would refuse (a reason needed when not applicable) and changes nothing', async () => {
    const before = await fileRow(file);
    const res = await post('manager', `${pathOf(file)}/work`, [
      ['version', before.version],
      ['applicability', 'not_applicable'],
      ['applicabilityReason', ''],
    ]);
    expect(flashOf(res)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'applicabilityReason' }] });
    expect(await fileRow(file)).toEqual(before);
  });

  it('records a waiver with its end date from the form, shows it, and puts the file back to applicable', async () => {
    const before = await fileRow(file);
    const waived = await post('manager', `${pathOf(file)}/work`, [
      ['version', before.version],
      ['applicability', 'waived'],
      ['waiverReference', 'SRIC-W-12'],
      ['waiverDate', '2025-02-01'],
      ['waiverEndsOn', '2027-01-31'],
    ]);
    expect(flashOf(waived)).toMatchObject({ kind: 'success' });
    expect(await waiverOf(file)).toEqual({ applicability: 'waived', waiver_reference: 'SRIC-W-12', waiver_ends_on: '2027-01-31' });
    const page = (await getPage(t, sessions.manager, pathOf(file)).expect(200)).text;
    expect(page).toContain('id="waiverEndsOn" name="waiverEndsOn" type="date" value="2027-01-31"');
    expect(page).toMatch(/SRIC-W-12, Feb 1, 2025, ends Jan 31, 2027/);
    const back = await post('manager', `${pathOf(file)}/work`, [
      ['version', (await fileRow(file)).version],
      ['applicability', 'applicable'],
    ]);
    expect(flashOf(back)).toMatchObject({ kind: 'success' });
    expect(await waiverOf(file)).toEqual({ applicability: 'applicable', waiver_reference: null, waiver_ends_on: null });
  });

  it('lets the assigned member work on member fields only; a manager field is refused', async () => {
    const memberPage = (await getPage(t, sessions.member, pathOf(file)).expect(200)).text;
    expect(memberPage).toContain(`action="${pathOf(file)}/work"`);
    expect(memberPage).not.toContain('name="result"');
    expect(memberPage).not.toContain('name="assigneeUserId"');
    expect(memberPage).not.toContain('name="applicability"');
    const before = await fileRow(file);
    const ok = await post('member', `${pathOf(file)}/work`, [
      ['version', before.version],
      ['status', 'in_review'],
      ['notes', 'Ready for review'],
    ]);
    expect(flashOf(ok)).toMatchObject({ kind: 'success' });
    expect(await fileRow(file)).toMatchObject({ status: 'in_review', notes: 'Ready for review' });

    const current = await fileRow(file);
    const refused = await post('member', `${pathOf(file)}/work`, [
      ['version', current.version],
      ['result', 'non_compliant'],
    ]);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 403 });
    expect(await fileRow(file)).toEqual(current);

    // Not assigned to the member: read only, and a post is refused.
    const other = (await getPage(t, sessions.member, pathOf(unassigned)).expect(200)).text;
    expect(pageForms(other)).toEqual([]);
    const notTheirs = await post('member', `${pathOf(unassigned)}/work`, [['version', 1], ['notes', 'Not mine']]);
    expect(flashOf(notTheirs)).toMatchObject({ kind: 'error', status: 403 });
  });

  it('adds and removes a directive', async () => {
    const before = await fileRow(file);
    const added = await post('member', `${pathOf(file)}/directives`, [
      ['version', before.version],
      ['number', 'GO 1-12'],
      ['title', 'Bias-Based Policing'],
      ['section', 'III.B'],
      ['effectiveDate', '2025-03-01'],
      ['nextReviewDate', ''],
    ]);
    expect(flashOf(added)).toMatchObject({ kind: 'success' });
    const withDirective = await fileRow(file);
    expect(withDirective.directives).toEqual([{ number: 'GO 1-12', title: 'Bias-Based Policing', section: 'III.B', effectiveDate: '2025-03-01' }]);
    const html = (await getPage(t, sessions.chief, pathOf(file)).expect(200)).text;
    expect(slice(html, 'directives', 'proofs')).toMatch(/GO 1-12[\s\S]*Bias-Based Policing[\s\S]*III\.B[\s\S]*Mar 1, 2025/);

    const badDate = await post('manager', `${pathOf(file)}/directives`, [['version', withDirective.version], ['number', 'GO 2'], ['title', 'Dates'], ['effectiveDate', '2025-02-30']]);
    expect(flashOf(badDate)).toMatchObject({ kind: 'error', status: 400 });

    const removed = await post('manager', `${pathOf(file)}/directives/remove`, [['version', withDirective.version], ['index', 0]]);
    expect(flashOf(removed)).toMatchObject({ kind: 'success' });
    expect((await fileRow(file)).directives).toEqual([]);
  });

  it('stores a proof uploaded through the page without JavaScript, and refuses a disguised file with nothing stored', async () => {
    const before = await proofState(t);
    const since = await lastAuditId(t.dataSource);
    const res = await uploadThroughPage(
      'member',
      file,
      [
        ['cycleYear', '1'],
        ['effectiveDate', '2026-06-01'],
        ['kind', 'document'],
        ['description', 'Signed roster'],
        ['bullets', 'a'],
      ],
      { data: sampleFiles.pdf('no-JS upload'), filename: 'signed-roster.pdf', contentType: 'application/pdf' },
    );
    expect(res.status).toBe(303);
    expect(flashOf(res)).toMatchObject({ kind: 'success', message: expect.stringContaining('signed-roster.pdf') });
    const [link] = await t.dataSource.query(
      `SELECT l.id, l.cycle_year, l.bullets, p.description, p.uploaded_by_user_id FROM proof_link l JOIN proof p ON p.id = l.proof_id
        WHERE l.standard_file_id = $1 AND p.file_name = 'signed-roster.pdf'`,
      [file],
    );
    expect(link).toMatchObject({ cycle_year: 1, bullets: ['a'], description: 'Signed roster', uploaded_by_user_id: users.member });
    expect(res.headers.location).toBe(`${pathOf(file)}#proof-${link.id}`);
    expect((await auditSince(since)).map((e) => e.action)).toEqual(['proof.uploaded']);
    const after = await proofState(t);
    expect(after.proof).toBe(before.proof + 1);

    // The form's default year is "from the date": a date in the previous cycle files there, and the page says so.
    const previous = await uploadThroughPage('member', file, [['cycleYear', ''], ['effectiveDate', '2026-01-15']], {
      data: sampleFiles.pdf('previous-cycle upload'),
      filename: 'late-2025.pdf',
      contentType: 'application/pdf',
    });
    expect(flashOf(previous)).toMatchObject({
      kind: 'success',
      message: 'late-2025.pdf is filed in cycle year 4 of the previous cycle (2022-03-01 to 2026-02-28), where its date falls; it awaits review.',
    });
    // A year that disagrees with the date: refused with the year the date falls in, nothing stored.
    const stored = await proofState(t);
    const wrongYear = await uploadThroughPage('member', file, [['cycleYear', '1'], ['effectiveDate', '2026-01-15']], {
      data: sampleFiles.pdf('wrong year'),
      filename: 'wrong-year.pdf',
      contentType: 'application/pdf',
    });
    expect(flashOf(wrongYear)).toMatchObject({ kind: 'error', status: 422 });
    expect(JSON.stringify(flashOf(wrongYear))).toContain('falls in cycle year 4 (2025-03-01 to 2026-02-28) of the previous cycle');
    expect(await proofState(t)).toEqual(stored);
    await t.dataSource.query(`UPDATE proof_link l SET withdrawn_at = now() FROM proof p WHERE p.id = l.proof_id AND p.file_name = 'late-2025.pdf'`);

    // PNG bytes named and declared as a PDF: 415, nothing stored.
    const disguised = await uploadThroughPage(
      'member',
      file,
      [
        ['cycleYear', '1'],
        ['effectiveDate', '2026-06-01'],
      ],
      { data: sampleFiles.png(), filename: 'scan.pdf', contentType: 'application/pdf' },
    );
    expect(disguised.status).toBe(303);
    expect(disguised.headers.location).toBe(pathOf(file));
    expect(flashOf(disguised)).toMatchObject({ kind: 'error', status: 415, message: expect.stringMatching(/PNG/) });
    expect(await proofState(t)).toEqual(stored);

    // Without the token in the query the upload is refused before a byte is read.
    const forged = await uploadThroughPage('member', file, [['cycleYear', '1'], ['effectiveDate', '2026-06-01']], {
      data: sampleFiles.pdf('forged'),
      filename: 'forged.pdf',
      contentType: 'application/pdf',
    }, 'not-the-token');
    expect(flashOf(forged)).toMatchObject({ kind: 'error', status: 403 });
    expect(await proofState(t)).toEqual(stored);

    // Over the configured limit: 413, nothing stored.
    const tooLarge = await uploadThroughPage('member', file, [['cycleYear', '1'], ['effectiveDate', '2026-06-01']], {
      data: Buffer.concat([sampleFiles.pdf('large'), Buffer.alloc(UPLOAD_MAX_BYTES + 10, 0x20)]),
      filename: 'large.pdf',
      contentType: 'application/pdf',
    });
    expect(flashOf(tooLarge)).toMatchObject({ kind: 'error', status: 413 });
    expect(await proofState(t)).toEqual(stored);
  });

  it('serves the upload script the page loads', async () => {
    const res = await request(t.server).get('/static/upload.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain("xhr.setRequestHeader('X-CSRF-Token', csrf)");
  });

  it('lets a manager accept and return proofs; a bad or stale review changes nothing', async () => {
    const first = await uploadThroughApi(memberToken, file, 1, 'to-accept.pdf');
    const second = await uploadThroughApi(memberToken, file, 1, 'to-return.pdf');
    const html = (await getPage(t, sessions.manager, pathOf(file)).expect(200)).text;
    expect(html).toContain(`action="${pathOf(file)}/proofs/${first.id}/accept"`);
    expect(html).toContain(`action="${pathOf(file)}/proofs/${second.id}/return"`);

    const since = await lastAuditId(t.dataSource);
    const accepted = await post('manager', `${pathOf(file)}/proofs/${first.id}/accept`, [['version', first.version]]);
    expect(flashOf(accepted)).toMatchObject({ kind: 'success' });
    expect(accepted.headers.location).toBe(`${pathOf(file)}#proof-${first.id}`);
    expect(await linkRow(first.id)).toMatchObject({ review_state: 'accepted', reviewed_by_user_id: users.manager, version: first.version + 1 });

    const noReason = await post('manager', `${pathOf(file)}/proofs/${second.id}/return`, [['version', second.version], ['reason', '   ']]);
    expect(flashOf(noReason)).toMatchObject({ kind: 'error', status: 400 });
    const stale = await post('manager', `${pathOf(file)}/proofs/${second.id}/return`, [['version', second.version + 5], ['reason', 'Unsigned']]);
    expect(flashOf(stale)).toMatchObject({ kind: 'error', status: 409 });
    expect(await linkRow(second.id)).toMatchObject({ review_state: 'pending', version: second.version });

    const returned = await post('manager', `${pathOf(file)}/proofs/${second.id}/return`, [['version', second.version], ['reason', 'The roster is not signed']]);
    expect(flashOf(returned)).toMatchObject({ kind: 'success' });
    expect(await linkRow(second.id)).toMatchObject({ review_state: 'returned', review_reason: 'The roster is not signed' });
    // The return is mailed to whoever filed the proof (kept in the outbox here: no SMTP_URL).
    expect((await auditSince(since)).map((e) => e.action)).toEqual(['proof.accepted', 'proof.returned', 'mail.kept']);

    const shown = (await getPage(t, sessions.manager, pathOf(file)).expect(200)).text;
    expect(shown).toMatch(new RegExp(`id="proof-${second.id}"[\\s\\S]*?Returned[\\s\\S]*?by Maria Manager[\\s\\S]*?Why: The roster is not signed`));

    // A filing of another file, under this file's address: 404.
    const elsewhere = await uploadThroughApi(managerToken, unassigned, 1, 'elsewhere.pdf');
    const wrongFile = await post('manager', `${pathOf(file)}/proofs/${elsewhere.id}/accept`, [['version', elsewhere.version]]);
    expect(flashOf(wrongFile)).toMatchObject({ kind: 'error', status: 404 });
    expect(await linkRow(elsewhere.id)).toMatchObject({ review_state: 'pending' });
  });

  it('shows a member no review actions and refuses their accept (403) with nothing changed; they withdraw their own pending proof', async () => {
    const pending = await uploadThroughApi(memberToken, file, 1, 'member-upload.pdf');
    const html = (await getPage(t, sessions.member, pathOf(file)).expect(200)).text;
    expect(html).not.toContain('/accept"');
    expect(html).not.toContain('/return"');
    expect(html).toContain(`action="${pathOf(file)}/proofs/${pending.id}/withdraw"`);
    expect(html).toMatch(new RegExp(`/proofs/${pending.id}/withdraw" class="stack" data-confirm="`));

    const since = await lastAuditId(t.dataSource);
    const refused = await post('member', `${pathOf(file)}/proofs/${pending.id}/accept`, [['version', pending.version]]);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 403 });
    expect(await linkRow(pending.id)).toMatchObject({ review_state: 'pending', version: pending.version });
    expect(await auditSince(since)).toEqual([]);

    const withdrawn = await post('member', `${pathOf(file)}/proofs/${pending.id}/withdraw`, [['version', pending.version], ['reason', 'Filed in the wrong year']]);
    expect(flashOf(withdrawn)).toMatchObject({ kind: 'success' });
    expect(await linkRow(pending.id)).toMatchObject({ withdraw_reason: 'Filed in the wrong year' });
    expect((await linkRow(pending.id)).withdrawn_at).not.toBeNull();
    const after = (await getPage(t, sessions.member, pathOf(file)).expect(200)).text;
    expect(after).toMatch(new RegExp(`id="proof-${pending.id}" class="withdrawn"[\\s\\S]*?Withdrawn by Mo Member`));
  });

  it('shows the assessor and the chief the file with no form; the assessor only the accepted proofs and no history', async () => {
    const accepted = await t.dataSource.query<{ file_name: string }[]>(
      `SELECT p.file_name FROM proof_link l JOIN proof p ON p.id = l.proof_id WHERE l.standard_file_id = $1 AND l.review_state = 'accepted' AND l.withdrawn_at IS NULL`,
      [file],
    );
    const internal = await t.dataSource.query<{ file_name: string }[]>(
      `SELECT p.file_name FROM proof_link l JOIN proof p ON p.id = l.proof_id WHERE l.standard_file_id = $1 AND (l.review_state <> 'accepted' OR l.withdrawn_at IS NOT NULL)`,
      [file],
    );
    expect(internal.map((p) => p.file_name)).toContain('roll-call-roster.pdf');
    for (const who of ['assessor', 'chief'] as const) {
      const html = (await getPage(t, sessions[who], pathOf(file)).expect(200)).text;
      expect(pageForms(html)).toEqual([]);
      expect(html).not.toContain('upload.js');
      for (const p of accepted) expect(html).toContain(p.file_name);
      for (const p of internal) expect(html.includes(p.file_name)).toBe(who === 'chief');
      expect(html.includes('id="history"')).toBe(who === 'chief');
      expect(html.includes('Assessor access from Jun 1, 2026 until <strong>Jun 30, 2026</strong> (20 days left)')).toBe(who === 'assessor');
      expect(html).not.toContain(who === 'assessor' ? 'The roster is not signed' : 'no such text');
      // The staff's earlier notes are in the history only.
      expect(html.includes('Checked against the 2026 roster')).toBe(who === 'chief');
      expect(html).toContain('GO 1-12 III.B');
      expect(html).toContain('read-only-note');
    }
    const chiefAccept = await post('chief', `${pathOf(file)}/work`, [['version', 1], ['notes', 'x']]);
    expect(flashOf(chiefAccept)).toMatchObject({ kind: 'error', status: 403 });
  });

  it('shows the assessor the history, return reasons included, once the department shares it, and not the proofs kept inside', async () => {
    const share = async (on: boolean): Promise<void> => {
      const { version } = (await request(t.server).get(`/api/departments/${departmentA}`).set(bearer(managerToken)).expect(200)).body as { version: number };
      const res = await request(t.server).patch(`/api/departments/${departmentA}`).set(bearer(managerToken)).send({ version, shareHistoryWithAssessors: on }).expect(200);
      expect(res.body.shareHistoryWithAssessors).toBe(on);
    };
    await request(t.server).patch(`/api/departments/${departmentA}`).set(bearer(managerToken)).send({ version: 1, shareHistoryWithAssessors: 'yes' }).expect(400);
    await share(true);
    try {
      const html = (await getPage(t, sessions.assessor, pathOf(file)).expect(200)).text;
      const history = slice(html, 'history', 'no-such-id');
      expect(history).toContain('Reason: The roster is not signed');
      expect(history).toContain('Notes: — → Checked against the 2026 roster');
      // The proofs the agency has not accepted stay out of the proof lists.
      expect(slice(html, 'proofs', 'history')).not.toContain('roll-call-roster.pdf');
      expect(pageForms(html)).toEqual([]);
    } finally {
      await share(false);
    }
    expect((await getPage(t, sessions.assessor, pathOf(file)).expect(200)).text).not.toContain('id="history"');
  });

  it('lists the file\'s history from the audit trail, newest first', async () => {
    const html = (await getPage(t, sessions.chief, pathOf(file)).expect(200)).text;
    const history = slice(html, 'history', 'no-such-id');
    const events = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE (entity_type = 'standard_file' AND entity_id = $1)
          OR (entity_type IN ('proof', 'proof_link') AND after ->> 'standardFileId' = $1 AND action <> 'proof.downloaded') ORDER BY id DESC`,
      [file],
    );
    const labels: Record<string, string> = {
      'file.updated': 'File changed',
      'proof.uploaded': 'Proof uploaded',
      'proof.accepted': 'Proof accepted',
      'proof.returned': 'Proof returned',
      'proof.withdrawn': 'Proof withdrawn',
    };
    expect(events.length).toBeGreaterThan(8);
    expect([...history.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1])).toEqual(events.map((e) => labels[e.action]));
    expect(history).toContain('Compliance result: not assessed → compliant');
    expect(history).toContain('Notes: — → Checked against the 2026 roster');
    expect(history).toContain('Reason: The roster is not signed');
    expect(history).toContain('Reason: Filed in the wrong year');
    expect(history).toContain('Maria Manager');
    expect(history).toContain('Mo Member');
    // Downloads are reads, not changes: they stay out of the file's history.
    const [proof] = await t.dataSource.query(`SELECT p.id FROM proof p JOIN proof_link l ON l.proof_id = p.id WHERE l.standard_file_id = $1 LIMIT 1`, [file]);
    await request(t.server).get(`/api/proofs/${proof.id}/content`).set(bearer(managerToken)).expect(200);
    const again = slice((await getPage(t, sessions.chief, pathOf(file)).expect(200)).text, 'history', 'no-such-id');
    expect(again).not.toContain('downloaded');
  });
});
