import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import type { Level } from '../src/kernel/standard-types';
import { syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, setProfile } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { OTHER_THAN_MANDATORY, smallManual } from './support/small-manual';

const LE = { program: 'Law Enforcement', edition: '6th' };
const AWARD = '2022-11-15';
const at = (date: string, time = '15:00:00'): Date => new Date(`${date}T${time}Z`);


interface Readiness {
  mandatory: { applicable: number; compliant: number; percent: number };
  other: { applicable: number; compliant: number; percent: number };
  verdict: { state: string; meetsRule: boolean; mandatoryMissing: number; otherNeededForThreshold: number; summary: string; thresholdPercent: number };
  chapters: { chapter: number; title: string; mandatory: { applicable: number; compliant: number }; other: { applicable: number; compliant: number }; notApplicable: number }[];
  coverage: { currentYear: number; totals: { present: number; missing: number; notRequired: number }; rows: { number: string; cells: string[]; proofs: number[]; applicability: string }[] };
  blockers: { number: string; reason: string; missingProofYears: number }[];
  blockerCount: number;
  deadlines: { overdue: number; dueSoon: number; urgent: number };
  proofsAwaitingReview: number;
  untouchedFiles: number;
  untouched: { days: number; count: number; oldest: { number: string }[] };
  notApplicable: number;
}

describe('readiness: counts, verdict, chapters, coverage grid, blockers, footprint and sign-offs', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let member: string;
  let chief: string;
  let assessor: string;
  let managerAChiefB: string;
  let chiefB: string;
  let managerB: string;
  let nobody: string;
  let departmentId: string;
  let departmentB: string;
  let departmentC: string;
  let archived: string;
  const files: Record<string, string> = {};
  const clock = new FixedClock(at('2025-06-01'));

  const readiness = async (token = manager, id = departmentId): Promise<Readiness> =>
    (await request(t.server).get(`/api/departments/${id}/readiness`).set(bearer(token)).expect(200)).body;
  const insertProof = async (
    fileId: string,
    cycleYear: number,
    reviewState: 'pending' | 'accepted' | 'returned',
    options: { withdrawn?: boolean; cycleStartsOn?: string; effectiveDate?: string } = {},
  ) => {
    const ds = t.dataSource;
    const sha = randomBytes(32).toString('hex');
    await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha, `ab/${sha}`]);
    const [proof] = await ds.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) SELECT department_id, $2, 'proof.pdf', 'document', $3 FROM standard_file WHERE id = $1 RETURNING id`,
      [fileId, sha, options.effectiveDate ?? '2023-06-01'],
    );
    const [link] = await ds.query(
      `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, withdrawn_at, version) VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
      [proof.id, fileId, options.cycleStartsOn ?? AWARD, cycleYear, reviewState, options.withdrawn ? new Date() : null],
    );
    return link.id as string;
  };
  /** The counts straight from the table, independently of the service's SQL. */
  const independentCounts = async (): Promise<Record<Level, { applicable: number; compliant: number }>> => {
    const rows: { level: Level; applicable: number; compliant: number }[] = await t.dataSource.query(
      `SELECT level, count(*) FILTER (WHERE applicability = 'applicable')::int AS applicable,
              count(*) FILTER (WHERE applicability = 'applicable' AND result = 'compliant')::int AS compliant
         FROM standard_file WHERE department_id = $1 AND in_scope GROUP BY level`,
      [departmentId],
    );
    return Object.fromEntries(rows.map((r) => [r.level, { applicable: r.applicable, compliant: r.compliant }])) as Record<Level, { applicable: number; compliant: number }>;
  };
  const setResult = (numbers: string[], result: string) =>
    t.dataSource.query(`UPDATE standard_file SET result = $3 WHERE department_id = $1 AND standard_number = ANY($2)`, [departmentId, numbers, result]);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    departmentB = await insertDepartment(ds, 'Normandy Police Department');
    departmentC = await insertDepartment(ds, 'Cool Valley Police Department');
    archived = await insertDepartment(ds, 'Archived Police Department');
    await setProfile(ds, [departmentId, departmentB, archived], { awardDate: AWARD, swornOfficers: 30 });
    await ds.query(`UPDATE department SET archived_at = now() WHERE id = $1`, [archived]);
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] }));
    chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId, role: 'chief' }] }));
    managerAChiefB = await insertSession(
      ds,
      await insertUser(ds, { email: 'both@example.org', memberships: [{ departmentId, role: 'manager' }, { departmentId: departmentB, role: 'chief' }] }),
    );
    chiefB = await insertSession(ds, await insertUser(ds, { email: 'chief.b@example.org', memberships: [{ departmentId: departmentB, role: 'chief' }] }));
    managerB = await insertSession(ds, await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] }));
    nobody = await insertSession(ds, await insertUser(ds, { email: 'nobody@example.org' }));
    const assessorId = await insertUser(ds, { email: 'assessor@peer.example' });
    await insertGrant(ds, assessorId, [departmentId], '2025-01-01', '2026-12-31');
    assessor = await insertSession(ds, assessorId);

    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ ...LE, version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const manualId = (await req.attach('file', Buffer.from(syntheticManualCsv(smallManual())), 'manual.csv').expect(201)).body.manual.id;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    for (const id of [departmentId, departmentB]) await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    const rows: { id: string; standard_number: string }[] = await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [departmentId]);
    for (const r of rows) files[r.standard_number] = r.id;
    await ds.query(`UPDATE standard_file SET applicability = 'not_applicable', applicability_reason = 'No such function' WHERE id = ANY($1)`, [[files['1.2.8'], files['1.2.6']]]);
    await ds.query(`UPDATE standard_file SET applicability = 'waived', waiver_reference = 'SRIC-2024-7', waiver_date = '2024-02-01' WHERE id = $1`, [files['2.1.3']]);

    // Proofs: 1.1.1 (an annual activity) has years 1 (accepted) and 2 (pending, dated in its year-2
    // period, which it proves too); its year-3 proofs were returned or withdrawn.
    await insertProof(files['1.1.1'], 1, 'accepted');
    await insertProof(files['1.1.1'], 2, 'pending', { effectiveDate: '2024-06-01' });
    await insertProof(files['1.1.1'], 3, 'returned');
    await insertProof(files['1.1.1'], 3, 'accepted', { withdrawn: true });
    // 1.1.3 is covered for years 1 to 3; a not-applicable file's proof is not required.
    for (const year of [1, 2, 3]) await insertProof(files['1.1.3'], year, 'accepted');
    await insertProof(files['1.2.8'], 1, 'accepted');
    // 1.2.1: a proof filed under the previous cycle does not count for this one; a year-4 one filed early does.
    await insertProof(files['1.2.1'], 3, 'accepted', { cycleStartsOn: '2018-11-15' });
    await insertProof(files['1.2.1'], 4, 'pending');
    await insertProof(files['1.2.1'], 4, 'pending', { withdrawn: true });
  });
  afterAll(() => t.close());

  it('counts applicable mandatory and other-than-mandatory standards, as an independent count does', async () => {
    const r = await readiness();
    const expected = await independentCounts();
    expect(expected).toEqual({ M: { applicable: 9, compliant: 0 }, O: { applicable: 6, compliant: 0 } });
    expect(r.mandatory).toEqual({ ...expected.M, compliantMissingProofs: 0, compliantPendingReview: 0, percent: 0 });
    expect(r.other).toEqual({ ...expected.O, compliantMissingProofs: 0, compliantPendingReview: 0, percent: 0 });
    expect(r.notApplicable).toBe(3);
    expect(r.verdict).toMatchObject({ meetsRule: false, mandatoryMissing: 9, otherNeededForThreshold: 5, thresholdPercent: 80 });
    expect(r.verdict.summary).toMatch(/^Not ready: 9 mandatory standards are not compliant, and 5 more other-than-mandatory standards are needed to reach 80%\.$/);
  });

  it('changes the verdict as files become compliant and proven: compliant on paper, missing proofs does not count', async () => {
    const mandatory = Object.keys(files).filter((n) => !OTHER_THAN_MANDATORY.has(n) && !['1.2.8', '2.1.3'].includes(n));
    await setResult(mandatory, 'compliant');
    await setResult(['1.1.2', '1.1.4', '1.2.2', '1.2.4'], 'compliant');
    // Year 3 is current (2024-11-15 to 2025-11-14): years 1 and 2 have ended and need proofs. Only
    // 1.1.1 and 1.1.3 have them; the other 7 mandatory and the 4 others are compliant on paper only.
    // 1.1.1's year-2 proof awaits review: it counts provisionally.
    let r = await readiness();
    expect(r.mandatory).toEqual({ applicable: 9, compliant: 2, compliantMissingProofs: 7, compliantPendingReview: 1, percent: 22.2 });
    expect(r.other).toEqual({ applicable: 6, compliant: 0, compliantMissingProofs: 4, compliantPendingReview: 0, percent: 0 });
    expect(r.verdict.state).toBe('not_ready');
    expect(r.verdict).toMatchObject({ meetsRule: false, mandatoryMissing: 7, compliantMissingProofs: 11, otherNeededForThreshold: 5 });
    expect(r.verdict.summary).toBe(
      'Not ready: 7 mandatory standards are not compliant (7 of them compliant on paper but missing proofs), and 5 more other-than-mandatory standards are needed to reach 80% (4 compliant on paper but missing proofs).',
    );
    // Proofs for the ended years (one pending, one accepted) make them count; the current year is not due.
    const added: string[] = [];
    for (const n of [...mandatory.filter((m) => !['1.1.1', '1.1.3'].includes(m)), '1.1.2', '1.1.4', '1.2.2', '1.2.4', '2.1.2']) {
      added.push(await insertProof(files[n], 1, 'accepted'), await insertProof(files[n], 2, 'pending'));
    }
    r = await readiness();
    expect(r.mandatory).toEqual({ applicable: 9, compliant: 9, compliantMissingProofs: 0, compliantPendingReview: 8, percent: 100 });
    expect(r.other).toEqual({ applicable: 6, compliant: 4, compliantMissingProofs: 0, compliantPendingReview: 4, percent: 66.6 });
    expect(r.verdict).toMatchObject({ meetsRule: false, mandatoryMissing: 0, compliantMissingProofs: 0, otherNeededForThreshold: 1 });
    await setResult(['2.1.2'], 'partially_compliant');
    expect((await readiness()).verdict.meetsRule).toBe(false);
    await setResult(['2.1.2'], 'compliant');
    r = await readiness();
    expect(r.other).toEqual({ applicable: 6, compliant: 5, compliantMissingProofs: 0, compliantPendingReview: 5, percent: 83.3 });
    // Every ended year is covered, but 13 of those proofs (year 2 of 8 mandatory and 5 other files) await review: never plain ready.
    expect(r.verdict).toMatchObject({ state: 'ready_pending_review', meetsRule: true, otherNeededForThreshold: 0, compliantPendingReview: 13, proofsAwaitingReviewForVerdict: 13 });
    expect(r.verdict.summary).toMatch(/^Ready once 13 proofs awaiting review are accepted: /);
    expect(r.blockers).toEqual([]);
    // Accepting the added proofs leaves 1.1.1's year-2 proof: ready once that one is accepted.
    await t.dataSource.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = ANY($1)`, [added]);
    r = await readiness();
    expect(r.verdict).toMatchObject({ state: 'ready_pending_review', compliantPendingReview: 1, proofsAwaitingReviewForVerdict: 1 });
    expect(r.verdict.summary).toMatch(/^Ready once 1 proof awaiting review is accepted: /);
    // With that one accepted too, the rule holds on accepted proofs alone: plain ready (then it awaits review again).
    const pendingOf111 = `UPDATE proof_link SET review_state = $2 WHERE standard_file_id = $1 AND cycle_year = 2 AND review_state = $3 AND withdrawn_at IS NULL`;
    await t.dataSource.query(pendingOf111, [files['1.1.1'], 'accepted', 'pending']);
    r = await readiness();
    expect(r.verdict).toMatchObject({ state: 'ready', compliantPendingReview: 0, proofsAwaitingReviewForVerdict: 0 });
    expect(r.verdict.summary).toMatch(/^Ready: /);
    await t.dataSource.query(pendingOf111, [files['1.1.1'], 'pending', 'accepted']);
    // A withdrawn year-2 proof takes 1.2.1 back to compliant on paper only: not ready, and it is the blocker.
    await t.dataSource.query(`UPDATE proof_link SET withdrawn_at = now() WHERE id = $1`, [added[1]]);
    r = await readiness();
    expect(r.verdict).toMatchObject({ meetsRule: false, mandatoryMissing: 1, compliantMissingProofs: 1 });
    expect(r.blockers.map((b) => [b.number, b.reason, b.missingProofYears])).toEqual([['1.2.1', 'mandatory_missing_proofs', 1]]);
    await t.dataSource.query(`UPDATE proof_link SET withdrawn_at = now() WHERE id = ANY($1)`, [added]);
    await setResult(Object.keys(files), 'not_assessed');
  });

  it('breaks the counts down per chapter', async () => {
    await setResult(['1.1.1', '2.1.1', '2.1.4'], 'compliant');
    const r = await readiness();
    // Compliant counts only with a counting proof for each ended year (1 and 2) of the current cycle.
    const independent: { chapter: number; level: Level; applicable: number; compliant: number; on_paper: number; na: number }[] = await t.dataSource.query(
      `SELECT split_part(standard_number, '.', 1)::int AS chapter, level,
              count(*) FILTER (WHERE applicability = 'applicable')::int AS applicable,
              count(*) FILTER (WHERE applicability = 'applicable' AND result = 'compliant' AND proven)::int AS compliant,
              count(*) FILTER (WHERE applicability = 'applicable' AND result = 'compliant' AND NOT proven)::int AS on_paper,
              count(*) FILTER (WHERE applicability <> 'applicable')::int AS na
         FROM (SELECT f.*, NOT EXISTS (SELECT 1 FROM generate_series(1, 2) AS y(year) WHERE NOT EXISTS (
                 SELECT 1 FROM proof_link l WHERE l.standard_file_id = f.id AND l.cycle_starts_on = '${AWARD}' AND l.cycle_year = y.year
                    AND l.withdrawn_at IS NULL AND l.review_state IN ('pending', 'accepted'))) AS proven
                 FROM standard_file f WHERE f.department_id = $1 AND f.in_scope) f
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [departmentId],
    );
    expect(r.chapters.map((c) => c.chapter)).toEqual([1, 2]);
    expect(r.chapters.map((c) => c.title)).toEqual(['Chapter 1', 'Chapter 2']);
    for (const c of r.chapters) {
      const of = (level: Level) => independent.find((i) => i.chapter === c.chapter && i.level === level) ?? { applicable: 0, compliant: 0, on_paper: 0, na: 0 };
      expect(c.mandatory).toMatchObject({ applicable: of('M').applicable, compliant: of('M').compliant, compliantMissingProofs: of('M').on_paper });
      expect(c.other).toMatchObject({ applicable: of('O').applicable, compliant: of('O').compliant, compliantMissingProofs: of('O').on_paper });
      expect(c.notApplicable).toBe(of('M').na + of('O').na);
    }
    // 1.1.1 has proofs for years 1 and 2; 2.1.1 and 2.1.4 have none: compliant on paper only.
    expect(r.chapters[0].mandatory).toMatchObject({ compliant: 1, compliantMissingProofs: 0 });
    expect(r.chapters[1]).toMatchObject({
      mandatory: { applicable: 1, compliant: 0, compliantMissingProofs: 1, percent: 0 },
      other: { applicable: 2, compliant: 0, compliantMissingProofs: 1, percent: 0 },
      notApplicable: 1,
    });
  });

  it('fills the proof coverage grid: standard x cycle year, present / missing / not required', async () => {
    const { coverage } = await readiness();
    expect(coverage.currentYear).toBe(3);
    const row = (n: string) => coverage.rows.find((r) => r.number === n)!;
    expect(coverage.rows).toHaveLength(18);
    expect(coverage.rows.slice(12).map((r) => r.number)).toEqual(['1.2.9', '1.2.10', '2.1.1', '2.1.2', '2.1.3', '2.1.4']);
    expect(row('1.1.1')).toMatchObject({ cells: ['present', 'present', 'missing', 'not_required'], proofs: [1, 1, 0, 0] });
    expect(row('1.1.3')).toMatchObject({ cells: ['present', 'present', 'present', 'not_required'], proofs: [1, 1, 1, 0] });
    expect(row('1.2.8')).toMatchObject({ applicability: 'not_applicable', cells: ['not_required', 'not_required', 'not_required', 'not_required'], proofs: [1, 0, 0, 0] });
    expect(row('2.1.3').cells).toEqual(['not_required', 'not_required', 'not_required', 'not_required']);
    expect(row('1.2.1')).toMatchObject({ cells: ['missing', 'missing', 'missing', 'present'], proofs: [0, 0, 0, 1] });
    expect(row('1.2.2').cells).toEqual(['missing', 'missing', 'missing', 'not_required']);
    // 15 applicable files x years 1-3 = 45 required cells, 5 of them filled; 3 not-applicable rows and year 4.
    expect(coverage.totals).toEqual({ present: 6, missing: 40, notRequired: 26 });
  });

  it('orders blockers by impact: mandatory standards missing proofs first, then mandatory not compliant, then others', async () => {
    await setResult(Object.keys(files), 'not_assessed');
    const r = await readiness();
    // Missing proofs means missing for a year that has ended (1 or 2); 1.1.1 lacks only year 3, which is not due.
    const missing = ['1.2.1', '1.2.3', '1.2.5', '1.2.7', '1.2.9', '1.2.10', '2.1.1'];
    const others = ['1.1.2', '1.1.4', '1.2.2', '1.2.4', '2.1.2', '2.1.4'];
    expect(r.blockers.map((b) => [b.number, b.reason])).toEqual([
      ...missing.map((n) => [n, 'mandatory_missing_proofs']),
      ['1.1.1', 'mandatory_not_compliant'],
      ['1.1.3', 'mandatory_not_compliant'],
      ...others.map((n) => [n, 'other_needed_for_threshold']),
    ]);
    expect(r.blockers[0].missingProofYears).toBe(2);
    expect(r.blockers[7].missingProofYears).toBe(0);
    expect(r.blockerCount).toBe(15);
    // Everything recorded compliant, but proofs missing: not ready (the old answer was READY with these
    // blockers listed), and the verdict, its count and the blockers say the same thing.
    await setResult(Object.keys(files), 'compliant');
    const onPaper = await readiness();
    expect(onPaper.verdict).toMatchObject({ meetsRule: false, mandatoryMissing: 7, compliantMissingProofs: 13, otherNeededForThreshold: 5 });
    expect(onPaper.blockers.map((b) => [b.number, b.reason])).toEqual([
      ...missing.map((n) => [n, 'mandatory_missing_proofs']),
      ...others.map((n) => [n, 'other_needed_for_threshold']),
    ]);
  });

  it('reports deadlines, proofs awaiting review and untouched files', async () => {
    const r = await readiness();
    const deadlines = (await request(t.server).get(`/api/departments/${departmentId}/deadlines`).set(bearer(manager)).expect(200)).body;
    expect(r.deadlines).toEqual({ overdue: deadlines.totals.overdue, dueSoon: deadlines.totals.dueSoon, urgent: deadlines.totals.urgent });
    // 1.1.1's year-1 period is met by its proof dated 2023-06-01 and its year-2 period awaits the
    // review of its proof dated 2024-06-01; the first two annual reviews (files not all covered) are overdue,
    // and so are the public-comment notices 60 days before them (none recorded).
    expect(r.deadlines.overdue).toBe(4);
    const [{ pending }] = await t.dataSource.query(
      `SELECT count(*)::int AS pending FROM proof_link l JOIN standard_file f ON f.id = l.standard_file_id
        WHERE f.department_id = $1 AND l.review_state = 'pending' AND l.withdrawn_at IS NULL`,
      [departmentId],
    );
    expect(r.proofsAwaitingReview).toBe(pending);
    expect(pending).toBe(2);

    expect(r.untouched).toMatchObject({ days: 90, count: 0, oldest: [] });
    await t.dataSource.query(`UPDATE standard_file SET updated_at = $2 WHERE id = $1`, [files['1.2.3'], '2024-10-01T00:00:00Z']);
    await t.dataSource.query(`UPDATE standard_file SET updated_at = $2 WHERE id = $1`, [files['1.1.2'], '2024-06-01T00:00:00Z']);
    await t.dataSource.query(`UPDATE standard_file SET updated_at = $2 WHERE id = $1`, [files['2.1.4'], '2025-03-02T14:00:00Z']);
    // Changed within 90 days of 2025-06-01, and a not-applicable file: neither counts.
    await t.dataSource.query(`UPDATE standard_file SET updated_at = $2 WHERE id = $1`, [files['1.2.5'], '2025-03-04T00:00:00Z']);
    await t.dataSource.query(`UPDATE standard_file SET updated_at = $2 WHERE id = $1`, [files['1.2.8'], '2023-01-01T00:00:00Z']);
    const stale = await readiness();
    expect(stale.untouchedFiles).toBe(3);
    expect(stale.untouched.oldest.map((f) => f.number)).toEqual(['1.1.2', '1.2.3', '2.1.4']);
  });

  it('lists the footprint: only departments the user can see, side by side', async () => {
    const both = (await request(t.server).get('/api/readiness').set(bearer(managerAChiefB)).expect(200)).body;
    expect(both.departments.map((d: { departmentName: string }) => d.departmentName)).toEqual(['Normandy Police Department', 'Pagedale Police Department']);
    const single = await readiness();
    const pagedale = both.departments.find((d: { departmentId: string }) => d.departmentId === departmentId);
    expect(pagedale).toMatchObject({ mandatory: single.mandatory, other: single.other, verdict: single.verdict, deadlines: single.deadlines, blockerCount: single.blockerCount });
    expect(pagedale.coverage).toBeUndefined();
    expect(both.ready).toBe(both.departments.filter((d: { verdict: { meetsRule: boolean } }) => d.verdict.meetsRule).length);
    const b = (await request(t.server).get('/api/readiness').set(bearer(managerB)).expect(200)).body;
    expect(b.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual([departmentB]);
    const everything = (await request(t.server).get('/api/readiness').set(bearer(admin)).expect(200)).body;
    expect(everything.departments.map((d: { departmentId: string }) => d.departmentId).sort()).toEqual([departmentId, departmentB, departmentC].sort());
    expect(everything.departments.some((d: { departmentId: string }) => d.departmentId === archived)).toBe(false);
    expect((await request(t.server).get('/api/readiness').set(bearer(nobody)).expect(200)).body.departments).toEqual([]);
    expect((await request(t.server).get('/api/readiness').set(bearer(assessor)).expect(200)).body.departments.map((d: { departmentId: string }) => d.departmentId)).toEqual([departmentId]);
  });

  it('scopes the department readiness: 404 without a role in the department', async () => {
    await request(t.server).get(`/api/departments/${departmentId}/readiness`).set(bearer(managerB)).expect(404);
    await readiness(member);
    await readiness(assessor);
    await request(t.server).get('/api/departments/00000000-0000-4000-8000-000000000000/readiness').set(bearer(admin)).expect(404);
  });

  describe('sign-offs', () => {
    let firstId: string;

    it('lets the chief sign off an immutable snapshot with its SHA-256, in the audit trail', async () => {
      const shown = await readiness(chief);
      const res = await request(t.server)
        .post(`/api/departments/${departmentId}/readiness/sign-offs`)
        .set(bearer(chief))
        .send({ note: 'Reviewed with the accreditation manager.', acknowledgeNotReady: true })
        .expect(201);
      firstId = res.body.id;
      expect(res.body).toMatchObject({
        departmentId,
        signedByEmail: 'chief@example.org',
        signedByName: 'Chief Ellis',
        signedByRole: 'chief',
        signedAt: at('2025-06-01').toISOString(),
        note: 'Reviewed with the accreditation manager.',
        meetsRule: shown.verdict.meetsRule,
        summary: shown.verdict.summary,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(res.body.readiness).toEqual(shown);
      const [check] = await t.dataSource.query(
        `SELECT encode(sha256(convert_to(snapshot_canonical, 'UTF8')), 'hex') = readiness_sha256 AS intact, readiness_sha256 FROM readiness_sign_off WHERE id = $1`,
        [firstId],
      );
      expect(check).toEqual({ intact: true, readiness_sha256: res.body.sha256 });
      const [audit] = await t.dataSource.query(`SELECT actor_role, department_id, after FROM audit_event WHERE action = 'readiness.signed-off' AND entity_id = $1`, [firstId]);
      expect(audit).toMatchObject({ actor_role: 'chief', department_id: departmentId, after: { sha256: res.body.sha256, meetsRule: shown.verdict.meetsRule } });
    });

    it('lists sign-offs newest first; a snapshot does not follow later changes', async () => {
      clock.set(at('2025-06-02'));
      await setResult(Object.keys(files), 'not_assessed');
      const second = await request(t.server).post(`/api/departments/${departmentId}/readiness/sign-offs`).set(bearer(admin)).send({ acknowledgeNotReady: true }).expect(201);
      expect(second.body).toMatchObject({ signedByRole: 'admin', note: null, meetsRule: false });
      const list = (await request(t.server).get(`/api/departments/${departmentId}/readiness/sign-offs`).set(bearer(assessor)).expect(200)).body;
      expect(list.map((s: { id: string }) => s.id)).toEqual([second.body.id, firstId]);
      expect(list[0].readiness).toBeUndefined();
      const first = (await request(t.server).get(`/api/departments/${departmentId}/readiness/sign-offs/${firstId}`).set(bearer(member)).expect(200)).body;
      expect(first.readiness.mandatory).toMatchObject({ compliant: 2, compliantMissingProofs: 7 });
      expect((await readiness()).mandatory.compliant).toBe(0);
    });

    it('cannot be changed: no route, and the database refuses', async () => {
      const path = `/api/departments/${departmentId}/readiness/sign-offs/${firstId}`;
      await request(t.server).patch(path).set(bearer(admin)).send({ note: 'changed' }).expect(404);
      await request(t.server).put(path).set(bearer(admin)).send({ note: 'changed' }).expect(404);
      await request(t.server).delete(path).set(bearer(admin)).expect(404);
      await expect(t.dataSource.query(`UPDATE readiness_sign_off SET note = 'changed' WHERE id = $1`, [firstId])).rejects.toThrow(/immutable/);
      await expect(t.dataSource.query(`DELETE FROM readiness_sign_off WHERE id = $1`, [firstId])).rejects.toThrow(/immutable/);
      await expect(t.dataSource.query(`TRUNCATE readiness_sign_off`)).rejects.toThrow(/immutable/);
      const [row] = await t.dataSource.query('SELECT note FROM readiness_sign_off WHERE id = $1', [firstId]);
      expect(row.note).toBe('Reviewed with the accreditation manager.');
    });

    it('is for the chief or an administrator of the department, with a valid note', async () => {
      const path = `/api/departments/${departmentId}/readiness/sign-offs`;
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM readiness_sign_off'))[0].n;
      await request(t.server).post(path).set(bearer(manager)).expect(403);
      await request(t.server).post(path).set(bearer(member)).expect(403);
      await request(t.server).post(path).set(bearer(assessor)).expect(403);
      await request(t.server).post(path).set(bearer(chiefB)).expect(404);
      await request(t.server).post(path).set(bearer(chief)).send({ note: '   ' }).expect(400);
      await request(t.server).post(path).set(bearer(chief)).send({ note: 'x'.repeat(2001) }).expect(400);
      await request(t.server).post(path).set(bearer(chief)).send({ note: 'fine', meetsRule: true }).expect(400);
      await request(t.server).get(`${path}/00000000-0000-4000-8000-000000000000`).set(bearer(chief)).expect(404);
      await request(t.server).get(path).set(bearer(managerB)).expect(404);
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM readiness_sign_off'))[0].n).toBe(before);
    });
  });
});
