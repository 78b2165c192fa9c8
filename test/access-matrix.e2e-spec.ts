import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { insertDepartment, insertGrant, insertSession, insertUser, primaryEnrolmentOf, setProfile } from './support/fixtures';
import { insertProof, insertStandardFile } from './support/proof-fixtures';
import { AssessmentsService } from '../src/assessments/assessments.service';
import { SignOffsService } from '../src/readiness/sign-offs.service';
import { flashFromSetCookie } from '../src/web/flash';
import { discoverRoutes } from './support/routes';
import { programIdOf } from './support/programs';
import { createTestApp, TestApp } from './support/test-app';

const ROLES = [
  'anonymous',
  'admin',
  'managerA',
  'memberA',
  'chiefA',
  'assessorA',
  'managerB',
  'assessorExpired',
  'assessorRevoked',
  'assessorPending',
  'disabled',
] as const;
type Role = (typeof ROLES)[number];
type Expected = Record<Role, number>;

/** Roles that can never act: no credentials, a lapsed assessor grant, a disabled account. */
const LOCKED_OUT: Partial<Expected> = { anonymous: 401, assessorExpired: 401, assessorRevoked: 401, assessorPending: 401, disabled: 401 };
const everyone = (status: number): Expected => Object.fromEntries(ROLES.map((r) => [r, status])) as Expected;
/** The listed roles get their status, the locked-out ones 401, every other signed-in role `otherwise`. */
const only = (allowed: Partial<Expected>, otherwise = 403): Expected => ({ ...everyone(otherwise), ...LOCKED_OUT, ...allowed });
const signedIn = (status: number): Expected => only({}, status);

interface Context {
  t: TestApp;
  departmentA: string;
  departmentB: string;
  departmentC: string;
  memberA: string;
  spareUser: string;
  sequence: () => number;
  /** Assessor A's grant on department A and a session of theirs, for the assessment routes' set-up. */
  assessorGrantA: string;
  assessorTokenA: string;
}

/** Pages (outside /api) answer in HTML and redirect: a refused form goes back with its status in the flash. */
const isPage = (row: Row): boolean => !row.route.split(' ')[1].startsWith('/api/') && !/^\w+ \/(health|calendar)/.test(row.route);
function pageOutcome(res: request.Response): number {
  if (res.status !== 303) return res.status;
  if (String(res.headers.location).startsWith('/sign-in?next=')) return 401;
  const flash = flashFromSetCookie(res.headers['set-cookie']);
  return flash?.kind === 'error' && flash.status ? flash.status : 303;
}

interface Row {
  route: string;
  variant?: string;
  path: (c: Context) => string | Promise<string>;
  body?: (c: Context) => object | Promise<object>;
  /** Use a session made for this one call (the route ends or changes it). */
  freshSession?: boolean;
  expected: Expected;
}

/** An (empty) manual for the catalogue routes, made once; the catalogue is not department data. */
let manualId: Promise<string> | undefined;
const aManual = (c: Context): Promise<string> =>
  (manualId ??= programIdOf(c.t.dataSource).then((programId) =>
    c.t.dataSource
      .query(
        `INSERT INTO manual (program, program_id, edition, version, name, effective_date, content_sha256, imported_at, published_at)
         VALUES ('Law Enforcement', $1, '6th', '6.15', 'Access matrix manual', '2022-03-01', repeat('0', 64), now(), now()) RETURNING id`,
        [programId],
      )
      .then(([row]: { id: string }[]) => row.id),
  ));

/** A fresh draft manual version (no standards), for a call that publishes or deletes it. */
const aDraftManual = async (c: Context): Promise<string> => {
  const [row]: { id: string }[] = await c.t.dataSource.query(
    `INSERT INTO manual (program, program_id, edition, version, name, effective_date, content_sha256, imported_at)
     VALUES ('Law Enforcement', $2, '6th', $1, 'Access matrix draft', '2023-03-01', repeat('0', 64), now()) RETURNING id`,
    [`draft.${c.sequence()}`, await programIdOf(c.t.dataSource)],
  );
  return row.id;
};

/** A fresh crosswalk pair (Law Enforcement to a matrix state program), for a call that deletes it. */
const aCrosswalkPair = async (c: Context): Promise<string> => {
  const [le, state] = [await programIdOf(c.t.dataSource), await programIdOf(c.t.dataSource, 'Matrix State Program')];
  const [a, b] = le < state ? [le, state] : [state, le];
  const [row]: { id: string }[] = await c.t.dataSource.query(
    `INSERT INTO crosswalk (program_a_id, number_a, program_b_id, number_b) VALUES ($1, '1.1.1', $2, $3) RETURNING id`,
    [a, b, `${c.sequence()}.1.1`],
  );
  return row.id;
};

/** A standard file of department A, assigned to member A, made once. */
let fileId: Promise<string> | undefined;
const aFile = (c: Context): Promise<string> =>
  (fileId ??= (async () => {
    const manual = await aManual(c);
    const ds = c.t.dataSource;
    const [chapter] = await ds.query(`INSERT INTO manual_chapter (manual_id, number, title) VALUES ($1, 1, 'Law Enforcement Role and Authority') RETURNING id`, [manual]);
    const [section] = await ds.query(`INSERT INTO manual_section (manual_id, chapter_id, number, title) VALUES ($1, $2, '1.1', 'Law Enforcement Agency Role') RETURNING id`, [manual, chapter.id]);
    const [standard] = await ds.query(
      `INSERT INTO standard (manual_id, section_id, chapter, number, sort_key, title, tier1, level_a, level_b, level_c, level_d, kinds)
       VALUES ($1, $2, 1, '1.1.1', '001.01.01', 'Oath of Office', true, 'M', 'M', 'M', 'M', '{written_directive}') RETURNING id`,
      [manual, section.id],
    );
    const [file] = await ds.query(
      `INSERT INTO standard_file (department_id, enrolment_id, standard_id, standard_number, sort_key, level, assignee_user_id, version)
       VALUES ($1, (SELECT e.id FROM enrolment e WHERE e.department_id = $1 AND e."primary"), $2, '1.1.1', '001.01.01', 'M', $3, 1) RETURNING id`,
      [c.departmentA, standard.id, c.memberA],
    );
    return file.id as string;
  })());

const currentFileVersion = async (c: Context): Promise<number> =>
  (await c.t.dataSource.query<{ version: number }[]>('SELECT version FROM standard_file WHERE id = $1', [await aFile(c)]))[0].version;

/** A fresh live calendar feed token for department A (the previous one revoked), as the set-up of one call. */
/** The key of department A's public-comment notice before its site-based assessment (department A given an award date, so it has CALEA's milestones). */
async function noticeKey(c: Context): Promise<string> {
  await c.t.dataSource.query(`UPDATE enrolment SET award_date = '2023-03-01' WHERE department_id = $1 AND "primary" AND award_date IS NULL`, [c.departmentA]);
  return '2023-Y4-site-assessment-public-comment-notice';
}

async function liveCalendarToken(c: Context): Promise<string> {
  const token = `cal_${randomBytes(32).toString('base64url')}`;
  await c.t.dataSource.query('UPDATE calendar_feed_token SET revoked_at = now() WHERE department_id = $1 AND revoked_at IS NULL', [c.departmentA]);
  await c.t.dataSource.query('INSERT INTO calendar_feed_token (department_id, token_sha256) VALUES ($1, $2)', [
    c.departmentA,
    createHash('sha256').update(token).digest('hex'),
  ]);
  return token;
}

/** An actor for set-up done through a service: an administrator. */
const setUpActor = (c: Context) => ({
  userId: c.spareUser,
  email: 'spare@example.org',
  displayName: 'Spare',
  isAdmin: true,
  memberships: [],
  grants: [],
  sessionId: randomUUID(),
  sessionKind: 'bearer' as const,
});

/** A new assessment of department A (following the matrix manual) with assessor A assigned: the set-up of one call. */
async function newAssessment(c: Context): Promise<string> {
  await setProfile(c.t.dataSource, c.departmentA, { manualId: await aManual(c) });
  await c.t.dataSource.query(`UPDATE enrolment SET award_date = COALESCE(award_date, '2023-03-01') WHERE department_id = $1 AND "primary"`, [c.departmentA]);
  await aFile(c);
  const created = await c.t.app
    .get(AssessmentsService)
    .create(setUpActor(c), c.departmentA, { name: `Matrix round ${c.sequence()}`, kind: 'mock_assessment', cycleYears: [1], assessorGrantIds: [c.assessorGrantA] });
  return created.id;
}
let assessmentId: Promise<string> | undefined;
const anAssessment = (c: Context): Promise<string> => (assessmentId ??= newAssessment(c));

/** The unclosed finding assessor A keeps on the matrix file of the shared assessment (opened anew when the last one was closed). */
async function anUnclosedFinding(c: Context): Promise<string> {
  const res = await request(c.t.server)
    .put(`/api/assessments/${await anAssessment(c)}/standards/${await aFile(c)}/status`)
    .set('Authorization', `Bearer ${c.assessorTokenA}`)
    .send({ status: 'needs_more_proof', notes: 'The roster is missing' })
    .expect(200);
  return (res.body as { finding: { id: string } }).finding.id;
}
/** A finding the department has answered, which the assessor may reopen. */
async function anAnsweredFinding(c: Context): Promise<string> {
  const id = await anUnclosedFinding(c);
  await c.t.dataSource.query(`UPDATE finding SET state = 'answered' WHERE id = $1`, [id]);
  return id;
}

/** A readiness sign-off of department A, made once through the service (by an administrator). */
let signOffId: Promise<string> | undefined;
const aSignOff = (c: Context): Promise<string> =>
  (signOffId ??= c.t.app
    .get(SignOffsService)
    .signOff(
      setUpActor(c),
      c.departmentA,
      { note: 'signed for the matrix', acknowledgeNotReady: true },
    )
    .then((signed) => signed.id));

/** Standard files of department A for the proof routes (one assigned to member A, one to nobody), made once. */
let proofFiles: Promise<{ assigned: string; unassigned: string }> | undefined;
const proofFilesOf = (c: Context): Promise<{ assigned: string; unassigned: string }> =>
  (proofFiles ??= (async () => ({
    assigned: await insertStandardFile(c.t.dataSource, c.departmentA, { assigneeUserId: c.memberA }),
    unassigned: await insertStandardFile(c.t.dataSource, c.departmentA),
  }))());
/** A new proof of department A, filed (pending, version 1) in the assigned file: the set-up of one call. */
const aProof = async (c: Context): Promise<{ proofId: string; linkId: string }> =>
  insertProof(c.t, { departmentId: c.departmentA, fileId: (await proofFilesOf(c)).assigned });
let sharedProof: Promise<{ proofId: string; linkId: string }> | undefined;
/** A proof the agency has accepted (what an assessor may read). */
const theProof = (c: Context): Promise<{ proofId: string; linkId: string }> =>
  (sharedProof ??= aProof(c).then(async (proof) => {
    await c.t.dataSource.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = $1`, [proof.linkId]);
    return proof;
  }));

/** A generated report of department A, inserted once with its PDF under $DATA_DIR/reports (set-up for downloading it). */
let reportId: Promise<string> | undefined;
const aReport = (c: Context): Promise<string> =>
  (reportId ??= (async () => {
    const id = randomUUID();
    const bytes = Buffer.from('%PDF-1.4\n% access matrix report\n%%EOF\n');
    await mkdir(join(c.t.config.dataDir, 'reports'), { recursive: true });
    await writeFile(join(c.t.config.dataDir, 'reports', `${id}.pdf`), bytes);
    await c.t.dataSource.query(
      `INSERT INTO generated_report (id, kind, department_id, department_ids, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
                                     generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at)
       VALUES ($1, 'readiness', $2, ARRAY[$2]::uuid[], $3, $4, 1, 'department-readiness.json', repeat('0', 64), 'report.pdf', $5, $6, 'member.a@example.org', 'Member A', 'member', now())`,
      [id, c.departmentA, createHash('sha256').update(bytes).digest('hex'), bytes.length, `${id}.pdf`, c.memberA],
    );
    return id;
  })());

/** A report row of kind 'assessment' of an assessment with no assessor assigned (assessor A holds a grant on the department, not on the round). */
let unassignedAssessmentReportId: Promise<string> | undefined;
const anUnassignedAssessmentReport = (c: Context): Promise<string> =>
  (unassignedAssessmentReportId ??= (async () => {
    await anAssessment(c);
    const round = await c.t.app
      .get(AssessmentsService)
      .create(setUpActor(c), c.departmentA, { name: `Matrix round ${c.sequence()}`, kind: 'site_assessment', cycleYears: [1], assessorGrantIds: [] });
    const id = randomUUID();
    const bytes = Buffer.from('%PDF-1.4\n% access matrix assessment report\n%%EOF\n');
    await mkdir(join(c.t.config.dataDir, 'reports'), { recursive: true });
    await writeFile(join(c.t.config.dataDir, 'reports', `${id}.pdf`), bytes);
    await c.t.dataSource.query(
      `INSERT INTO generated_report (id, kind, department_id, department_ids, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
                                     generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at, assessment_id)
       VALUES ($1, 'assessment', $2, ARRAY[$2]::uuid[], $3, $4, 1, 'assessment.json', repeat('0', 64), 'report.pdf', $5, $6, 'member.a@example.org', 'Member A', 'manager', now(), $7)`,
      [id, c.departmentA, createHash('sha256').update(bytes).digest('hex'), bytes.length, `${id}.pdf`, c.memberA, round.id],
    );
    return id;
  })());

/** A user invited but without a password yet (for resending and withdrawing invitations), made once. */
let inviteeId: Promise<string> | undefined;
const anInvitee = (c: Context): Promise<string> =>
  (inviteeId ??= c.t.dataSource
    .query(`INSERT INTO app_user (email, display_name, password_hash, is_admin) VALUES ('invitee.matrix@example.org', 'Matrix Invitee', NULL, false) RETURNING id`)
    .then(([row]: { id: string }[]) => row.id));
/** An open invitation of the invitee, as the set-up of one call that withdraws it. */
async function openInvitation(c: Context): Promise<string> {
  const userId = await anInvitee(c);
  await c.t.dataSource.query(`INSERT INTO invitation (user_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '7 days')`, [
    userId,
    createHash('sha256').update(randomBytes(16)).digest('hex'),
  ]);
  return userId;
}

/** A mail in the outbox, inserted once. */
let mailId: Promise<string> | undefined;
const aMail = (c: Context): Promise<string> =>
  (mailId ??= c.t.dataSource
    .query(
      `INSERT INTO mail_message (kind, recipient_email, subject, text_body, html_body, status, next_attempt_at)
       VALUES ('invitation', 'someone@example.org', 'You are invited', 'Hello', '<p>Hello</p>', 'kept', now()) RETURNING id`,
    )
    .then(([row]: { id: string }[]) => row.id));

const MATRIX: Row[] = [
  {
    route: 'GET /api/files/:fileId',
    path: async (c) => `/api/files/${await aFile(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/files/:fileId/mapped',
    path: async (c) => `/api/files/${await aFile(c)}/mapped`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'PATCH /api/files/:fileId',
    path: async (c) => `/api/files/${await aFile(c)}`,
    body: async (c) => ({ version: await currentFileVersion(c), notes: `Reviewed ${c.sequence()}` }),
    expected: only({ admin: 200, managerA: 200, memberA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/files/assign-chapter',
    path: (c) => `/api/departments/${c.departmentA}/files/assign-chapter`,
    body: async (c) => {
      await aFile(c);
      return { chapter: 1, assigneeUserId: c.memberA };
    },
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/files/mark-chapter-not-applicable',
    path: (c) => `/api/departments/${c.departmentA}/files/mark-chapter-not-applicable`,
    body: async (c) => {
      await aFile(c);
      return { chapter: 1, reason: 'The agency has no such function' };
    },
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  { route: 'GET /health', path: () => '/health', expected: everyone(200) },
  { route: 'GET /health/ready', path: () => '/health/ready', expected: everyone(200) },
  { route: 'POST /api/auth/login', path: () => '/api/auth/login', body: (c) => ({ email: `nobody${c.sequence()}@example.org`, password: 'not the password' }), expected: everyone(401) },
  { route: 'POST /api/auth/refresh', path: () => '/api/auth/refresh', body: () => ({ refreshToken: 'crt_not_a_real_token' }), expected: everyone(401) },
  { route: 'POST /api/invitations/accept', path: () => '/api/invitations/accept', body: () => ({ token: 'inv_not_a_real_token', password: 'a long enough passphrase' }), expected: everyone(400) },
  { route: 'POST /api/auth/logout', path: () => '/api/auth/logout', freshSession: true, expected: signedIn(204) },
  { route: 'GET /api/auth/me', path: () => '/api/auth/me', expected: signedIn(200) },
  { route: 'POST /api/auth/password', path: () => '/api/auth/password', body: () => ({ currentPassword: 'not it', newPassword: 'a brand new passphrase' }), expected: signedIn(400) },
  { route: 'POST /api/auth/password-reset-requests', path: () => '/api/auth/password-reset-requests', body: (c) => ({ email: `forgot${c.sequence()}@example.org` }), expected: everyone(202) },
  { route: 'POST /api/auth/password-reset', path: () => '/api/auth/password-reset', body: () => ({ token: 'pwr_not_a_real_token', password: 'a long enough passphrase' }), expected: everyone(400) },
  { route: 'POST /api/users/:id/invitation', path: async (c) => `/api/users/${await anInvitee(c)}/invitation`, expected: only({ admin: 201 }) },
  { route: 'DELETE /api/users/:id/invitation', path: async (c) => `/api/users/${await openInvitation(c)}/invitation`, expected: only({ admin: 200 }) },
  { route: 'GET /forgot-password', path: () => '/forgot-password', expected: everyone(200) },
  { route: 'POST /forgot-password', variant: 'not from this site', path: () => '/forgot-password', body: () => ({}), expected: everyone(403) },
  { route: 'GET /reset-password', path: () => '/reset-password?token=x', expected: everyone(200) },
  { route: 'POST /reset-password', variant: 'not from this site', path: () => '/reset-password', body: () => ({}), expected: everyone(403) },
  { route: 'POST /admin/users/:id/invitation', path: async (c) => `/admin/users/${await anInvitee(c)}/invitation`, expected: only({ admin: 303 }) },
  { route: 'POST /admin/users/:id/invitation/revoke', path: async (c) => `/admin/users/${await openInvitation(c)}/invitation/revoke`, expected: only({ admin: 303 }) },
  { route: 'GET /admin/outbox', path: () => '/admin/outbox', expected: only({ admin: 200 }) },
  { route: 'GET /admin/outbox/:id', path: async (c) => `/admin/outbox/${await aMail(c)}`, expected: only({ admin: 200 }) },
  { route: 'GET /account/mail', path: () => '/account/mail', expected: signedIn(200) },
  { route: 'POST /account/mail', path: () => '/account/mail', body: () => ({ digest: 'weekly' }), expected: signedIn(303) },
  { route: 'GET /unsubscribe', path: () => '/unsubscribe?token=uns_unknown_token', expected: everyone(200) },
  { route: 'POST /unsubscribe', variant: 'not from this site', path: () => '/unsubscribe', body: () => ({ token: 'uns_unknown_token' }), expected: everyone(403) },
  { route: 'GET /api/users', path: () => '/api/users', expected: only({ admin: 200 }) },
  { route: 'POST /api/users', path: () => '/api/users', body: (c) => ({ email: `invitee${c.sequence()}@example.org`, displayName: 'Invitee' }), expected: only({ admin: 201 }) },
  { route: 'GET /api/users/:id', path: (c) => `/api/users/${c.memberA}`, expected: only({ admin: 200 }) },
  { route: 'PATCH /api/users/:id', path: (c) => `/api/users/${c.spareUser}`, body: (c) => ({ displayName: `Renamed ${c.sequence()}` }), expected: only({ admin: 200 }) },
  { route: 'PUT /api/users/:id/memberships', path: (c) => `/api/users/${c.spareUser}/memberships`, body: (c) => ({ memberships: [{ departmentId: c.departmentB, role: 'member' }] }), expected: only({ admin: 200 }) },
  {
    route: 'POST /api/assessor-grants',
    path: () => '/api/assessor-grants',
    body: (c) => ({ email: `assessor${c.sequence()}@peer.example`, displayName: 'Peer Assessor', departmentIds: [c.departmentA], startsOn: '2026-06-01', endsOn: '2026-06-30' }),
    expected: only({ admin: 201, managerA: 201, managerB: 404 }),
  },
  { route: 'GET /api/assessor-grants', path: () => '/api/assessor-grants', expected: only({ admin: 200, managerA: 200, managerB: 200 }) },
  {
    route: 'POST /api/assessor-grants/:id/revoke',
    path: async (c) => {
      const assessor = await insertUser(c.t.dataSource, { email: `revokable${c.sequence()}@peer.example` });
      return `/api/assessor-grants/${await insertGrant(c.t.dataSource, assessor, [c.departmentA], '2026-06-01', '2026-06-30')}/revoke`;
    },
    body: () => ({ reason: 'Assessment finished early' }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  { route: 'GET /api/departments', path: () => '/api/departments', expected: signedIn(200) },
  {
    route: 'GET /api/departments/:id',
    variant: 'department A',
    path: (c) => `/api/departments/${c.departmentA}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:id',
    variant: 'department B (cross-department)',
    path: (c) => `/api/departments/${c.departmentB}`,
    expected: only({ admin: 200, managerB: 200, managerA: 404, memberA: 404, chiefA: 404, assessorA: 404 }),
  },
  { route: 'POST /api/departments', path: () => '/api/departments', body: (c) => ({ name: `Department ${c.sequence()}`, shortName: 'Dept' }), expected: only({ admin: 201 }) },
  {
    route: 'PATCH /api/departments/:id',
    path: (c) => `/api/departments/${c.departmentA}`,
    body: async (c) => {
      const [{ version }] = await c.t.dataSource.query('SELECT version FROM department WHERE id = $1', [c.departmentA]);
      return { version, shortName: `Normandy ${c.sequence()}` };
    },
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  { route: 'POST /api/departments/:id/archive', path: (c) => `/api/departments/${c.departmentC}/archive`, expected: only({ admin: 200 }) },
  { route: 'GET /api/audit', path: () => '/api/audit', expected: only({ admin: 200, managerA: 200, chiefA: 200, managerB: 200 }) },
  {
    route: 'GET /api/audit',
    variant: 'filtered to department A',
    path: (c) => `/api/audit?departmentId=${c.departmentA}`,
    expected: only({ admin: 200, managerA: 200, chiefA: 200, managerB: 404 }),
  },
  { route: 'GET /api/audit/verify', path: () => '/api/audit/verify', expected: only({ admin: 200 }) },
  {
    route: 'POST /api/manuals/import',
    variant: 'JSON body, no file: test/standards imports real files',
    path: () => '/api/manuals/import',
    body: () => ({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' }),
    expected: only({ admin: 400 }),
  },
  { route: 'GET /api/programs', path: () => '/api/programs', expected: signedIn(200) },
  { route: 'GET /api/programs/:id', path: async (c) => `/api/programs/${await programIdOf(c.t.dataSource)}`, expected: signedIn(200) },
  {
    route: 'PATCH /api/programs/:id',
    path: async (c) => `/api/programs/${await programIdOf(c.t.dataSource)}`,
    body: async (c) => ({
      version: (await c.t.dataSource.query<{ version: number }[]>('SELECT version FROM program WHERE id = $1', [await programIdOf(c.t.dataSource)]))[0].version,
      cycleYears: 4,
    }),
    expected: only({ admin: 200 }),
  },
  { route: 'GET /api/manuals/import-template', path: () => '/api/manuals/import-template', expected: signedIn(200) },
  { route: 'GET /api/manuals', path: () => '/api/manuals', expected: signedIn(200) },
  { route: 'GET /api/manuals/:id', path: async (c) => `/api/manuals/${await aManual(c)}`, expected: signedIn(200) },
  { route: 'GET /api/manuals/:id/diff/:otherId', path: async (c) => `/api/manuals/${await aManual(c)}/diff/${await aManual(c)}`, expected: signedIn(200) },
  { route: 'GET /api/manuals/:id/changes', path: async (c) => `/api/manuals/${await aDraftManual(c)}/changes`, expected: signedIn(200) },
  { route: 'POST /api/manuals/:id/publish', path: async (c) => `/api/manuals/${await aDraftManual(c)}/publish`, expected: only({ admin: 200 }) },
  { route: 'DELETE /api/manuals/:id', path: async (c) => `/api/manuals/${await aDraftManual(c)}`, expected: only({ admin: 204 }) },
  {
    route: 'DELETE /api/manuals/:id',
    variant: 'a version a department follows',
    path: async (c) => {
      await setProfile(c.t.dataSource, c.departmentC, { manualId: await aManual(c) });
      return `/api/manuals/${await aManual(c)}`;
    },
    expected: only({ admin: 409 }),
  },
  {
    route: 'PUT /api/departments/:departmentId/manual',
    path: (c) => `/api/departments/${c.departmentA}/manual`,
    body: async (c) => ({ manualId: await aManual(c) }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:id/enrolments',
    path: (c) => `/api/departments/${c.departmentA}/enrolments`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:id/enrolments',
    variant: 'a program the department is already enrolled in: 409 for the one allowed, nothing made',
    path: async (c) => {
      await setProfile(c.t.dataSource, c.departmentA, { manualId: await aManual(c) });
      return `/api/departments/${c.departmentA}/enrolments`;
    },
    body: async (c) => ({ programId: await programIdOf(c.t.dataSource) }),
    expected: only({ admin: 409 }),
  },
  {
    route: 'GET /api/enrolments/:id',
    path: async (c) => `/api/enrolments/${await primaryEnrolmentOf(c.t.dataSource, c.departmentA)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'PATCH /api/enrolments/:id',
    path: async (c) => `/api/enrolments/${await primaryEnrolmentOf(c.t.dataSource, c.departmentA)}`,
    body: async (c) => ({
      version: (await c.t.dataSource.query<{ version: number }[]>('SELECT version FROM enrolment WHERE department_id = $1 AND "primary"', [c.departmentA]))[0].version,
      accreditationStatus: 'self_assessment',
    }),
    expected: only({ admin: 200, managerA: 200, memberA: 403, chiefA: 403, assessorA: 403, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/files',
    path: (c) => `/api/departments/${c.departmentA}/files`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/crosswalks/import',
    variant: 'JSON body, no file: test/crosswalks imports real files',
    path: () => '/api/crosswalks/import',
    body: () => ({}),
    expected: only({ admin: 400 }),
  },
  { route: 'GET /api/crosswalks', path: async (c) => `/api/crosswalks?program=${await programIdOf(c.t.dataSource)}`, expected: signedIn(200) },
  { route: 'DELETE /api/crosswalks/:id', path: async (c) => `/api/crosswalks/${await aCrosswalkPair(c)}`, expected: only({ admin: 204 }) },
  { route: 'GET /api/manuals/:id/standards', path: async (c) => `/api/manuals/${await aManual(c)}/standards?q=oath`, expected: signedIn(200) },
  {
    route: 'GET /api/departments/:departmentId/deadlines',
    path: (c) => `/api/departments/${c.departmentA}/deadlines`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  { route: 'GET /api/deadlines', path: () => '/api/deadlines', expected: signedIn(200) },
  {
    route: 'PUT /api/departments/:departmentId/milestones/:key/record',
    path: async (c) => `/api/departments/${c.departmentA}/milestones/${await noticeKey(c)}/record`,
    body: () => ({ doneOn: '2026-06-01', note: 'Posted on the city site' }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'DELETE /api/departments/:departmentId/milestones/:key/record',
    path: async (c) => {
      const key = await noticeKey(c);
      await c.t.dataSource.query(`INSERT INTO milestone_record (enrolment_id, key, done_on) VALUES ($1, $2, '2026-06-01') ON CONFLICT DO NOTHING`, [await primaryEnrolmentOf(c.t.dataSource, c.departmentA), key]);
      return `/api/departments/${c.departmentA}/milestones/${key}/record`;
    },
    expected: only({ admin: 204, managerA: 204, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/calendar-token',
    path: (c) => `/api/departments/${c.departmentA}/calendar-token`,
    expected: only({ admin: 201, managerA: 201, managerB: 404 }),
  },
  {
    route: 'DELETE /api/departments/:departmentId/calendar-token',
    path: async (c) => {
      await liveCalendarToken(c);
      return `/api/departments/${c.departmentA}/calendar-token`;
    },
    expected: only({ admin: 204, managerA: 204, managerB: 404 }),
  },
  {
    route: 'GET /calendar/:token.ics',
    variant: 'served at /calendar/:token.ics, outside the /api prefix; the token is the credential',
    path: async (c) => `/calendar/${await liveCalendarToken(c)}.ics`,
    expected: everyone(200),
  },
  {
    route: 'GET /api/departments/:departmentId/readiness',
    path: (c) => `/api/departments/${c.departmentA}/readiness`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  { route: 'GET /api/readiness', path: () => '/api/readiness', expected: signedIn(200) },
  {
    route: 'POST /api/departments/:departmentId/readiness/sign-offs',
    path: (c) => `/api/departments/${c.departmentA}/readiness/sign-offs`,
    body: () => ({ note: 'Signed in the access matrix' }),
    expected: only({ admin: 201, chiefA: 201 }),
  },
  {
    route: 'GET /api/departments/:departmentId/readiness/sign-offs',
    path: (c) => `/api/departments/${c.departmentA}/readiness/sign-offs`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/readiness/sign-offs/:signOffId',
    path: async (c) => `/api/departments/${c.departmentA}/readiness/sign-offs/${await aSignOff(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/files/:fileId/proofs',
    variant: 'JSON body, so 415 once allowed: test/proofs uploads real files',
    path: async (c) => `/api/files/${(await proofFilesOf(c)).assigned}/proofs`,
    body: () => ({ cycleYear: 1 }),
    expected: only({ admin: 415, managerA: 415, memberA: 415, managerB: 404 }),
  },
  {
    route: 'POST /api/files/:fileId/proofs',
    variant: 'a file not assigned to member A',
    path: async (c) => `/api/files/${(await proofFilesOf(c)).unassigned}/proofs`,
    body: () => ({ cycleYear: 1 }),
    expected: only({ admin: 415, managerA: 415, managerB: 404 }),
  },
  {
    route: 'POST /api/files/:fileId/proofs/link',
    path: async (c) => `/api/files/${(await proofFilesOf(c)).assigned}/proofs/link`,
    // The year is left out: the proof's effective date decides it.
    body: async (c) => ({ proofId: (await aProof(c)).proofId }),
    expected: only({ admin: 201, managerA: 201, memberA: 201, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/proofs/misplaced',
    path: (c) => `/api/departments/${c.departmentA}/proofs/misplaced`,
    expected: only({ admin: 200, managerA: 200, memberA: 403, chiefA: 403, assessorA: 403, managerB: 404 }),
  },
  {
    route: 'GET /api/files/:fileId/proofs',
    path: async (c) => `/api/files/${(await proofFilesOf(c)).assigned}/proofs`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/proofs/:id',
    path: async (c) => `/api/proofs/${(await theProof(c)).proofId}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/proofs/:id',
    variant: 'a proof awaiting the agency\'s review: not shown to an assessor',
    path: async (c) => `/api/proofs/${(await aProof(c)).proofId}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 404, managerB: 404 }),
  },
  {
    route: 'GET /api/proofs/:id/content',
    path: async (c) => `/api/proofs/${(await theProof(c)).proofId}/content`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/proofs/:id/content',
    variant: 'a proof awaiting the agency\'s review: not shown to an assessor',
    path: async (c) => `/api/proofs/${(await aProof(c)).proofId}/content`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 404, managerB: 404 }),
  },
  {
    route: 'POST /api/proof-links/:id/accept',
    path: async (c) => `/api/proof-links/${(await aProof(c)).linkId}/accept`,
    body: () => ({ version: 1 }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/proof-links/:id/return',
    path: async (c) => `/api/proof-links/${(await aProof(c)).linkId}/return`,
    body: () => ({ version: 1, reason: 'The roster is not signed' }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/reports',
    variant: "the readiness report: the chief's, not the assessor's",
    path: (c) => `/api/departments/${c.departmentA}/reports`,
    body: () => ({ kind: 'readiness' }),
    expected: only({ admin: 201, managerA: 201, chiefA: 201, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/reports',
    variant: 'the file review: assessors too, within their grant',
    path: (c) => `/api/departments/${c.departmentA}/reports`,
    body: () => ({ kind: 'file-review' }),
    expected: only({ admin: 201, managerA: 201, chiefA: 201, assessorA: 201, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/reports',
    path: (c) => `/api/departments/${c.departmentA}/reports`,
    expected: only({ admin: 200, managerA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  // Pages: 303 is a form that did its work and redirected; a refused form reports its status.
  { route: 'GET /sign-in', path: () => '/sign-in', expected: everyone(200) },
  // Without an Origin from this site the public forms are refused before their fields are read.
  { route: 'POST /sign-in', path: () => '/sign-in', body: () => ({}), expected: everyone(403) },
  { route: 'GET /welcome', path: () => '/welcome?token=x', expected: everyone(200) },
  { route: 'POST /welcome', path: () => '/welcome', body: () => ({}), expected: everyone(403) },
  { route: 'POST /sign-out', path: () => '/sign-out', freshSession: true, expected: signedIn(303) },
  { route: 'GET /account', path: () => '/account', expected: signedIn(200) },
  { route: 'POST /account/password', path: () => '/account/password', body: () => ({ currentPassword: 'x', newPassword: 'y', confirmPassword: 'z' }), expected: signedIn(400) },
  { route: 'GET /', path: () => '/', expected: signedIn(200) },
  // Pages: department (rows for src/web/department)
  { route: 'POST /department/:departmentId/sign-off', path: (c) => `/department/${c.departmentA}/sign-off`, body: () => ({ note: 'matrix', acknowledgeNotReady: 'true' }), expected: only({ admin: 303, chiefA: 303 }) },
  {
    route: 'GET /department/:departmentId/sign-offs/:signOffId',
    path: async (c) => `/department/${c.departmentA}/sign-offs/${await aSignOff(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /department/:departmentId',
    path: (c) => `/department/${c.departmentA}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/assign-chapter',
    path: (c) => `/department/${c.departmentA}/assign-chapter`,
    body: async (c) => {
      await aFile(c);
      return { chapter: '1', assigneeUserId: c.memberA };
    },
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/milestones/:key/record',
    path: async (c) => `/department/${c.departmentA}/milestones/${await noticeKey(c)}/record`,
    body: () => ({ doneOn: '2026-06-01' }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/chapter-not-applicable',
    path: (c) => `/department/${c.departmentA}/chapter-not-applicable`,
    body: async (c) => {
      await aFile(c);
      return { chapter: '1', reason: 'The agency has no such function' };
    },
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  // Pages: file (rows for src/web/file)
  {
    route: 'GET /department/:departmentId/files/:fileId',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/work',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}/work`,
    body: async (c) => ({ version: await currentFileVersion(c), notes: `Reviewed on the page ${c.sequence()}` }),
    expected: only({ admin: 303, managerA: 303, memberA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/directives',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}/directives`,
    body: async (c) => ({ version: await currentFileVersion(c), number: `GO ${c.sequence()}`, title: 'Oath of Office' }),
    expected: only({ admin: 303, managerA: 303, memberA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/directives/remove',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}/directives/remove`,
    body: async (c) => {
      const fileId = await aFile(c);
      await c.t.dataSource.query(`UPDATE standard_file SET directives = directives || '[{"number": "GO 9", "title": "To remove"}]'::jsonb, version = version + 1 WHERE id = $1`, [fileId]);
      return { version: await currentFileVersion(c), index: 0 };
    },
    expected: only({ admin: 303, managerA: 303, memberA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/proofs',
    variant: 'form body, so 415 once allowed: test/web/file-page uploads real files',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}/proofs`,
    body: () => ({ cycleYear: 1 }),
    expected: only({ admin: 415, managerA: 415, memberA: 415, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/proofs/:linkId/accept',
    path: async (c) => {
      const fileId = await aFile(c);
      return `/department/${c.departmentA}/files/${fileId}/proofs/${(await insertProof(c.t, { departmentId: c.departmentA, fileId })).linkId}/accept`;
    },
    body: () => ({ version: 1 }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/proofs/:linkId/return',
    path: async (c) => {
      const fileId = await aFile(c);
      return `/department/${c.departmentA}/files/${fileId}/proofs/${(await insertProof(c.t, { departmentId: c.departmentA, fileId })).linkId}/return`;
    },
    body: () => ({ version: 1, reason: 'The roster is not signed' }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/proofs/:linkId/withdraw',
    variant: 'filed by someone else: a member may withdraw only their own pending proofs',
    path: async (c) => {
      const fileId = await aFile(c);
      return `/department/${c.departmentA}/files/${fileId}/proofs/${(await insertProof(c.t, { departmentId: c.departmentA, fileId })).linkId}/withdraw`;
    },
    body: () => ({ version: 1, reason: 'Filed in the wrong standard' }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/files/:fileId/file-in-mapped',
    variant: 'a target the crosswalk does not map the file to: 404 for those who may file, nothing filed',
    path: async (c) => `/department/${c.departmentA}/files/${await aFile(c)}/file-in-mapped`,
    body: async (c) => ({ proofId: (await insertProof(c.t, { departmentId: c.departmentA, fileId: await aFile(c) })).proofId, targetFileId: await aFile(c) }),
    expected: only({ admin: 404, managerA: 404, memberA: 404, managerB: 404 }),
  },
  // Pages: reports (rows for src/web/reports)
  { route: 'GET /reports', path: () => '/reports', expected: signedIn(200) },
  {
    route: 'GET /worklist',
    variant: "the department's own people; an assessor reviews files, not the agency's worklist",
    path: () => '/worklist',
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, managerB: 200 }),
  },
  {
    route: 'GET /worklist',
    variant: 'one department: ?department=A',
    path: (c) => `/worklist?department=${c.departmentA}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, managerB: 404 }),
  },
  {
    route: 'GET /reports',
    variant: 'one department: ?department=A',
    path: (c) => `/reports?department=${c.departmentA}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /reports/department/:departmentId',
    variant: 'the readiness report',
    path: (c) => `/reports/department/${c.departmentA}`,
    body: () => ({ kind: 'readiness' }),
    expected: only({ admin: 303, managerA: 303, chiefA: 303, managerB: 404 }),
  },
  {
    route: 'POST /reports/department/:departmentId',
    variant: 'the file review',
    path: (c) => `/reports/department/${c.departmentA}`,
    body: () => ({ kind: 'file-review' }),
    expected: only({ admin: 303, managerA: 303, chiefA: 303, assessorA: 303, managerB: 404 }),
  },
  { route: 'POST /reports', variant: 'the footprint report', path: () => '/reports', body: () => ({}), expected: only({ admin: 303, managerA: 303, chiefA: 303, managerB: 303 }) },
  // Pages: admin (rows for src/web/admin)
  { route: 'GET /admin/users', path: () => '/admin/users', expected: only({ admin: 200 }) },
  {
    route: 'POST /admin/users',
    variant: 'redirects to the invitation page, which shows the link once',
    path: () => '/admin/users',
    body: (c) => ({ email: `page-invitee${c.sequence()}@example.org`, displayName: 'Page Invitee' }),
    expected: only({ admin: 303 }),
  },
  { route: 'GET /admin/users/invitation', path: () => '/admin/users/invitation', expected: only({ admin: 200 }) },
  { route: 'GET /admin/users/:id', path: (c) => `/admin/users/${c.memberA}`, expected: only({ admin: 200 }) },
  {
    route: 'POST /admin/users/:id/memberships',
    path: (c) => `/admin/users/${c.spareUser}/memberships`,
    body: (c) => ({ membership: `${c.departmentB}:member` }),
    expected: only({ admin: 303 }),
  },
  { route: 'POST /admin/users/:id/access', path: (c) => `/admin/users/${c.spareUser}/access`, body: () => ({ disabled: 'false' }), expected: only({ admin: 303 }) },
  { route: 'GET /admin/grants', path: () => '/admin/grants', expected: only({ admin: 200 }) },
  {
    route: 'POST /admin/grants',
    path: () => '/admin/grants',
    body: (c) => ({ email: `page-assessor${c.sequence()}@peer.example`, displayName: 'Peer Assessor', departmentIds: c.departmentA, startsOn: '2026-06-01', endsOn: '2026-06-30' }),
    expected: only({ admin: 303 }),
  },
  {
    route: 'POST /admin/grants/:id/revoke',
    path: async (c) => {
      const assessor = await insertUser(c.t.dataSource, { email: `page-revokable${c.sequence()}@peer.example` });
      return `/admin/grants/${await insertGrant(c.t.dataSource, assessor, [c.departmentA], '2026-06-01', '2026-06-30')}/revoke`;
    },
    body: () => ({ reason: 'Assessment finished early' }),
    expected: only({ admin: 303 }),
  },
  { route: 'GET /admin/manuals', path: () => '/admin/manuals', expected: only({ admin: 200 }) },
  { route: 'GET /admin/manuals/:id', path: async (c) => `/admin/manuals/${await aDraftManual(c)}`, expected: only({ admin: 200 }) },
  { route: 'POST /admin/manuals/:id/publish', path: async (c) => `/admin/manuals/${await aDraftManual(c)}/publish`, expected: only({ admin: 303 }) },
  { route: 'POST /admin/manuals/:id/delete', path: async (c) => `/admin/manuals/${await aDraftManual(c)}/delete`, expected: only({ admin: 303 }) },
  {
    route: 'POST /admin/manuals/import',
    variant: 'form fields, no file: test/web/admin-pages imports real files',
    path: () => '/admin/manuals/import',
    body: () => ({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' }),
    expected: only({ admin: 400 }),
  },
  {
    route: 'POST /admin/manuals/programs/:id',
    path: async (c) => `/admin/manuals/programs/${await programIdOf(c.t.dataSource)}`,
    body: async (c) => ({
      version: String((await c.t.dataSource.query<{ version: number }[]>('SELECT version FROM program WHERE id = $1', [await programIdOf(c.t.dataSource)]))[0].version),
      cycleYears: '4',
      milestones: ['annual_review', 'site_assessment', 'public_comment_notice'],
      hasTiers: 'true',
      hasSizeClasses: 'true',
    }),
    expected: only({ admin: 303 }),
  },
  {
    route: 'POST /admin/manuals/crosswalks/import',
    variant: 'no file: test/web/admin-pages imports real files',
    path: () => '/admin/manuals/crosswalks/import',
    body: () => ({}),
    expected: only({ admin: 400 }),
  },
  // Pages: department settings (rows for src/web/department-settings)
  {
    route: 'GET /department/:departmentId/settings',
    path: (c) => `/department/${c.departmentA}/settings`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/settings/profile',
    path: (c) => `/department/${c.departmentA}/settings/profile`,
    body: async (c) => {
      const [{ name, version }] = await c.t.dataSource.query('SELECT name, version FROM department WHERE id = $1', [c.departmentA]);
      return { version: String(version), name, shortName: `Normandy ${c.sequence()}`, programTier: 'tier1', swornOfficers: '0', accreditationStatus: 'working_toward' };
    },
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/settings/manual',
    path: (c) => `/department/${c.departmentA}/settings/manual`,
    body: async (c) => ({ manualId: await aManual(c) }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/settings/enrolments',
    variant: 'a program the department is already enrolled in: 409 for the one allowed, nothing made',
    path: async (c) => {
      await setProfile(c.t.dataSource, c.departmentA, { manualId: await aManual(c) });
      return `/department/${c.departmentA}/settings/enrolments`;
    },
    body: async (c) => ({ programId: await programIdOf(c.t.dataSource) }),
    expected: only({ admin: 409 }),
  },
  {
    route: 'POST /department/:departmentId/settings/enrolments/:enrolmentId',
    path: async (c) => `/department/${c.departmentA}/settings/enrolments/${await primaryEnrolmentOf(c.t.dataSource, c.departmentA)}`,
    body: async (c) => ({
      version: String((await c.t.dataSource.query<{ version: number }[]>('SELECT version FROM enrolment WHERE department_id = $1 AND "primary"', [c.departmentA]))[0].version),
      accreditationStatus: 'self_assessment',
    }),
    expected: only({ admin: 303, managerA: 303, memberA: 403, chiefA: 403, assessorA: 403, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/settings/calendar',
    variant: 'redirects to the page that shows the new link once',
    path: (c) => `/department/${c.departmentA}/settings/calendar`,
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'GET /department/:departmentId/settings/calendar/link',
    path: (c) => `/department/${c.departmentA}/settings/calendar/link`,
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/settings/calendar/revoke',
    path: async (c) => {
      await liveCalendarToken(c);
      return `/department/${c.departmentA}/settings/calendar/revoke`;
    },
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  { route: 'GET /admin/departments', path: () => '/admin/departments', expected: only({ admin: 200 }) },
  { route: 'POST /admin/departments', path: () => '/admin/departments', body: (c) => ({ name: `Page department ${c.sequence()}`, shortName: 'Page dept' }), expected: only({ admin: 303 }) },
  { route: 'POST /admin/departments/:id/archive', path: (c) => `/admin/departments/${c.departmentC}/archive`, expected: only({ admin: 303 }) },
  { route: 'POST /api/reports/footprint', path: () => '/api/reports/footprint', body: () => ({}), expected: only({ admin: 201, managerA: 201, chiefA: 201, managerB: 201 }) },
  {
    route: 'GET /api/reports/:id/content',
    path: async (c) => `/api/reports/${await aReport(c)}/content`,
    expected: only({ admin: 200, managerA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/reports/:id/content',
    variant: "an assessment report of a round assessor A is not assigned to: the round's assessors only",
    path: async (c) => `/api/reports/${await anUnassignedAssessmentReport(c)}/content`,
    expected: only({ admin: 200, managerA: 200, chiefA: 200, assessorA: 404, managerB: 404 }),
  },
  {
    route: 'POST /api/assessments/:assessmentId/reports',
    variant: "the department's managers and chiefs, and the round's assigned assessors",
    path: async (c) => `/api/assessments/${await anAssessment(c)}/reports`,
    body: () => ({}),
    expected: only({ admin: 201, managerA: 201, chiefA: 201, assessorA: 201, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/binder',
    path: (c) => `/api/departments/${c.departmentA}/binder`,
    expected: only({ admin: 200, managerA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/proof-links/:id/withdraw',
    variant: 'filed by someone else: a member may withdraw only their own pending proofs',
    path: async (c) => `/api/proof-links/${(await aProof(c)).linkId}/withdraw`,
    body: () => ({ version: 1, reason: 'Filed in the wrong standard' }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/departments/:departmentId/assessments',
    path: async (c) => {
      await anAssessment(c);
      return `/api/departments/${c.departmentA}/assessments`;
    },
    body: (c) => ({ name: `Matrix round ${c.sequence()}`, kind: 'annual_review', cycleYears: [1], assessorGrantIds: [c.assessorGrantA] }),
    expected: only({ admin: 201, managerA: 201, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/assessments',
    path: (c) => `/api/departments/${c.departmentA}/assessments`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/assessments/:id',
    path: async (c) => `/api/assessments/${await anAssessment(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/assessments/:id/standards',
    path: async (c) => `/api/assessments/${await anAssessment(c)}/standards`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'PUT /api/assessments/:id/standards/:fileId/status',
    path: async (c) => `/api/assessments/${await anAssessment(c)}/standards/${await aFile(c)}/status`,
    body: () => ({ status: 'in_compliance', notes: 'Directive in force' }),
    expected: only({ assessorA: 200 }),
  },
  {
    route: 'PUT /api/assessments/:id/summary',
    path: async (c) => `/api/assessments/${await anAssessment(c)}/summary`,
    body: (c) => ({ summary: `Summary ${c.sequence()}` }),
    expected: only({ assessorA: 200 }),
  },
  {
    route: 'PUT /api/assessments/:id/assessors',
    path: async (c) => `/api/assessments/${await anAssessment(c)}/assessors`,
    body: (c) => ({ assessorGrantIds: [c.assessorGrantA] }),
    expected: only({ admin: 200, managerA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/departments/:departmentId/findings',
    path: (c) => `/api/departments/${c.departmentA}/findings`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'GET /api/findings/:id',
    path: async (c) => `/api/findings/${await anUnclosedFinding(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /api/findings/:id/answers',
    path: async (c) => `/api/findings/${await anUnclosedFinding(c)}/answers`,
    body: (c) => ({ kind: 'comment', text: `Roster added to the file ${c.sequence()}` }),
    expected: only({ admin: 201, managerA: 201, managerB: 404 }),
  },
  {
    route: 'POST /api/findings/:id/close',
    path: async (c) => `/api/findings/${await anUnclosedFinding(c)}/close`,
    body: () => ({ note: 'Seen the roster' }),
    expected: only({ assessorA: 200 }),
  },
  {
    route: 'POST /api/findings/:id/reopen',
    path: async (c) => `/api/findings/${await anAnsweredFinding(c)}/reopen`,
    body: () => ({ note: 'The roster is for the wrong year' }),
    expected: only({ assessorA: 200 }),
  },
  // Pages: assessments and findings (rows for src/web/assessments)
  {
    route: 'GET /department/:departmentId/assessments',
    path: (c) => `/department/${c.departmentA}/assessments`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/assessments',
    path: async (c) => {
      await anAssessment(c);
      return `/department/${c.departmentA}/assessments`;
    },
    body: (c) => ({ name: `Matrix page round ${c.sequence()}`, kind: 'annual_review', cycleYears: '1', assessorGrantIds: c.assessorGrantA }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'GET /department/:departmentId/assessments/:assessmentId',
    path: async (c) => `/department/${c.departmentA}/assessments/${await anAssessment(c)}`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/assessments/:assessmentId/assessors',
    path: async (c) => `/department/${c.departmentA}/assessments/${await anAssessment(c)}/assessors`,
    body: (c) => ({ assessorGrantIds: c.assessorGrantA }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/assessments/:assessmentId/standards/:fileId',
    path: async (c) => `/department/${c.departmentA}/assessments/${await anAssessment(c)}/standards/${await aFile(c)}`,
    body: () => ({ status: 'in_compliance', notes: 'Directive in force' }),
    expected: only({ assessorA: 303 }),
  },
  {
    route: 'POST /department/:departmentId/assessments/:assessmentId/summary',
    path: async (c) => `/department/${c.departmentA}/assessments/${await anAssessment(c)}/summary`,
    body: (c) => ({ summary: `Page summary ${c.sequence()}` }),
    expected: only({ assessorA: 303 }),
  },
  {
    route: 'GET /department/:departmentId/findings',
    path: (c) => `/department/${c.departmentA}/findings`,
    expected: only({ admin: 200, managerA: 200, memberA: 200, chiefA: 200, assessorA: 200, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/findings/:findingId/answers',
    path: async (c) => `/department/${c.departmentA}/findings/${await anUnclosedFinding(c)}/answers`,
    body: (c) => ({ kind: 'comment', text: `Roster added on the page ${c.sequence()}` }),
    expected: only({ admin: 303, managerA: 303, managerB: 404 }),
  },
  {
    route: 'POST /department/:departmentId/findings/:findingId/close',
    path: async (c) => `/department/${c.departmentA}/findings/${await anUnclosedFinding(c)}/close`,
    body: () => ({ note: 'Seen the roster' }),
    expected: only({ assessorA: 303 }),
  },
  {
    route: 'POST /department/:departmentId/findings/:findingId/reopen',
    path: async (c) => `/department/${c.departmentA}/findings/${await anAnsweredFinding(c)}/reopen`,
    body: () => ({ note: 'The roster is for the wrong year' }),
    expected: only({ assessorA: 303 }),
  },
];

describe('access: every route declares who may call it, and the matrix holds', () => {
  let t: TestApp;
  let c: Context;
  const userIds = {} as Record<Exclude<Role, 'anonymous'>, string>;
  const tokens = {} as Record<Exclude<Role, 'anonymous'>, string>;
  const grantIds = {} as Record<string, string>;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    const departmentA = await insertDepartment(ds, 'Normandy Police Department');
    const departmentB = await insertDepartment(ds, 'Pagedale Police Department');
    const departmentC = await insertDepartment(ds, 'Department to archive');
    userIds.admin = await insertUser(ds, { email: 'admin@example.org', isAdmin: true });
    userIds.managerA = await insertUser(ds, { email: 'manager.a@example.org', memberships: [{ departmentId: departmentA, role: 'manager' }] });
    userIds.memberA = await insertUser(ds, { email: 'member.a@example.org', memberships: [{ departmentId: departmentA, role: 'member' }] });
    userIds.chiefA = await insertUser(ds, { email: 'chief.a@example.org', memberships: [{ departmentId: departmentA, role: 'chief' }] });
    userIds.managerB = await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] });
    userIds.disabled = await insertUser(ds, { email: 'disabled@example.org', memberships: [{ departmentId: departmentA, role: 'manager' }], disabled: true });
    for (const [role, window, revokedAt] of [
      ['assessorA', ['2026-06-01', '2026-06-30'], null],
      ['assessorExpired', ['2026-01-01', '2026-03-31'], null],
      ['assessorRevoked', ['2026-06-01', '2026-06-30'], new Date('2026-06-05T12:00:00Z')],
      ['assessorPending', ['2026-07-01', '2026-07-31'], null],
    ] as const) {
      userIds[role] = await insertUser(ds, { email: `${role.toLowerCase()}@peer.example` });
      grantIds[role] = await insertGrant(ds, userIds[role], [departmentA], window[0], window[1], revokedAt);
    }
    for (const role of Object.keys(userIds) as (keyof typeof userIds)[]) tokens[role] = await insertSession(ds, userIds[role]);
    let counter = 0;
    c = {
      t,
      departmentA,
      departmentB,
      departmentC,
      memberA: userIds.memberA,
      spareUser: await insertUser(ds, { email: 'spare@example.org' }),
      sequence: () => ++counter,
      assessorGrantA: grantIds.assessorA,
      assessorTokenA: tokens.assessorA,
    };
  });
  afterAll(() => t.close());

  it('finds no route without an access declaration', () => {
    const routes = discoverRoutes(t.app);
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !r.policy).map((r) => r.key)).toEqual([]);
  });

  it('has a matrix row for every route of the application', () => {
    const covered = new Set(MATRIX.map((row) => row.route));
    expect(discoverRoutes(t.app).map((r) => r.key).filter((key) => !covered.has(key))).toEqual([]);
    expect([...covered].filter((key) => !discoverRoutes(t.app).some((r) => r.key === key))).toEqual([]);
  });

  it.each(MATRIX.map((row) => [`${row.route}${row.variant ? ` (${row.variant})` : ''}`, row] as const))('%s', async (_name, row) => {
    const actual = {} as Expected;
    for (const role of ROLES) {
      const [method] = row.route.split(' ');
      const path = await row.path(c);
      let req = request(t.server)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch'](path);
      if (role !== 'anonymous') {
        const token = row.freshSession ? await insertSession(t.dataSource, userIds[role]) : tokens[role];
        req = req.set('Authorization', `Bearer ${token}`);
      }
      const res = row.body ? await (isPage(row) ? req.type('form') : req).send(await row.body(c)) : await req;
      actual[role] = isPage(row) ? pageOutcome(res) : res.status;
      if (res.status >= 400) expect(res.headers['content-type']).toMatch(isPage(row) ? /text\/html/ : /application\/problem\+json/);
    }
    expect(actual).toEqual(row.expected);
  });

  it('tells a lapsed assessor why, in the 401', async () => {
    const expired = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${tokens.assessorExpired}`).expect(401);
    expect(expired.body.detail).toBe('Your assessor access ended on 2026-03-31. Ask the accreditation manager to extend it.');
    expect(expired.body.type).toBe('urn:calea-tracker:problem:assessor-access-ended');
    const revoked = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${tokens.assessorRevoked}`).expect(401);
    expect(revoked.body.detail).toMatch(/revoked/);
    expect(revoked.body.type).toBe('urn:calea-tracker:problem:assessor-access-ended');
    const pending = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${tokens.assessorPending}`).expect(401);
    expect(pending.body.detail).toBe('Your assessor access opens on 2026-07-01.');
    // Not open yet is not "ended": its own type, so a client can say "come back on ..." rather than "ask for more time".
    expect(pending.body).toMatchObject({ type: 'urn:calea-tracker:problem:assessor-access-not-open-yet', title: 'Assessor access has not opened yet' });
  });

  it('closes an assessor grant when its window ends, as the clock moves', async () => {
    await request(t.server).get(`/api/departments/${c.departmentA}`).set('Authorization', `Bearer ${tokens.assessorA}`).expect(200);
    clock.set(new Date('2026-07-01T00:00:01Z'));
    try {
      const res = await request(t.server).get(`/api/departments/${c.departmentA}`).set('Authorization', `Bearer ${tokens.assessorA}`).expect(401);
      expect(res.body.type).toBe('urn:calea-tracker:problem:assessor-access-ended');
    } finally {
      clock.set(new Date('2026-06-10T15:00:00Z'));
    }
  });

  it('documents the access of every operation in the OpenAPI document', async () => {
    const doc = (await request(t.server).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    expect(operations.length).toBeGreaterThan(15);
    for (const operation of operations) expect(operation['x-access']).toBeDefined();
  });
});
