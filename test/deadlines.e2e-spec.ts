import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import { Client } from 'pg';
import { FixedClock } from '../src/common/clock';
import { OVERDUE_JOB_LOCK, OVERDUE_JOB_NAME, OverdueJobService } from '../src/deadlines/overdue-job.service';
import type { Frequency, Level, ParsedStandard } from '../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, setProfile, primaryEnrolmentOf } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const LE = { program: 'Law Enforcement', edition: '6th' };
const AWARD = '2022-11-15';
/** Cycle 1 of the award runs 2022-11-15 to 2026-11-14; 2025-06-01 is in cycle year 3. */
const at = (date: string): Date => new Date(`${date}T15:00:00Z`);

/** A small Tier 1 manual (chapters 1 and 2 of the synthetic manual) with known time-sensitive standards. */
const SCHEDULE: Record<string, { level: Level; frequency?: Frequency }> = {
  '1.1.1': { level: 'M', frequency: 'annual' },
  '1.1.2': { level: 'O', frequency: 'quarterly' },
  '1.2.9': { level: 'M', frequency: 'annual' },
  '1.2.10': { level: 'M', frequency: 'daily' },
  '2.1.1': { level: 'O', frequency: 'per_event' },
  '2.1.2': { level: 'M', frequency: 'annual' },
  '2.1.3': { level: 'O', frequency: 'biennial' },
};
function smallManual(titleSuffix = ''): ParsedStandard[] {
  return generateSyntheticManual()
    .filter((s) => s.chapter === 1 || s.chapter === 2)
    .map((s) => {
      const plan = SCHEDULE[s.number];
      const level = plan?.level ?? (s.number.endsWith('.1') ? 'O' : 'M');
      return {
        ...s,
        title: `${s.title}${titleSuffix}`,
        tier1: true,
        levels: { A: level, B: level, C: level, D: level },
        kinds: plan?.frequency ? ['written_directive', 'time_sensitive'] : ['written_directive'],
        frequency: plan?.frequency ?? null,
        linkedNumbers: [],
      };
    });
}

interface ProofSpec {
  fileId: string;
  effectiveDate: string;
  reviewState?: 'pending' | 'accepted' | 'returned';
  kind?: 'document' | 'no_activity_memo' | 'observation_note';
  cycleYear?: number;
  cycleStartsOn?: string;
  withdrawn?: boolean;
}

describe('deadlines: derived schedule, states as the clock moves, daily overdue job, calendar feed', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let member: string;
  let assessor: string;
  let managerB: string;
  let departmentId: string;
  let departmentB: string;
  let workingDepartment: string;
  let archivedDepartment: string;
  const files: Record<string, string> = {};
  const clock = new FixedClock(at('2025-06-01'));

  const upload = async (standards: ParsedStandard[], version: string, effectiveDate: string): Promise<string> => {
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ ...LE, version, effectiveDate })) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from(syntheticManualCsv(standards)), 'manual.csv').expect(201);
    await request(t.server).post(`/api/manuals/${res.body.manual.id}/publish`).set(bearer(admin)).expect(200);
    return res.body.manual.id as string;
  };
  const deadlines = async (query = '', token = manager, department = departmentId) =>
    (await request(t.server).get(`/api/departments/${department}/deadlines?limit=500${query}`).set(bearer(token)).expect(200)).body;
  const find = async (fileNumber: string, key: string) => {
    const body = await deadlines();
    const found = body.items.find((d: { standardNumber: string | null; key: string }) => d.standardNumber === fileNumber && d.key === key);
    if (!found) throw new Error(`no deadline ${fileNumber} ${key}`);
    return found;
  };
  const milestone = async (key: string) => (await deadlines()).items.find((d: { key: string }) => d.key === key);
  const insertProof = async (spec: ProofSpec): Promise<string> => {
    const ds = t.dataSource;
    const sha = randomBytes(32).toString('hex');
    await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha, `ab/${sha}`]);
    const [proof] = await ds.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) SELECT department_id, $2, 'proof.pdf', $3, $4 FROM standard_file WHERE id = $1 RETURNING id`,
      [spec.fileId, sha, spec.kind ?? 'document', spec.effectiveDate],
    );
    const [link] = await ds.query(
      `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, withdrawn_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
      [proof.id, spec.fileId, spec.cycleStartsOn ?? AWARD, spec.cycleYear ?? 3, spec.reviewState ?? 'pending', spec.withdrawn ? new Date() : null],
    );
    return link.id as string;
  };
  const overdueAudit = async (): Promise<{ entity_id: string; actor_role: string; department_id: string }[]> =>
    t.dataSource.query(`SELECT entity_id, actor_role, department_id FROM audit_event WHERE action = 'deadline.overdue' ORDER BY id`);
  const job = () => t.app.get(OverdueJobService);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    departmentB = await insertDepartment(ds, 'Normandy Police Department');
    workingDepartment = await insertDepartment(ds, 'Cool Valley Police Department');
    archivedDepartment = await insertDepartment(ds, 'Archived Police Department');
    await setProfile(ds, [departmentId, departmentB, archivedDepartment], { awardDate: AWARD, swornOfficers: 30, programTier: 'tier1' });
    await ds.query(`UPDATE department SET sworn_officers = 30, created_at = '2024-03-10T12:00:00Z' WHERE id = $1`, [workingDepartment]);
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId, role: 'member' }] }));
    managerB = await insertSession(ds, await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: departmentB, role: 'manager' }] }));
    const assessorId = await insertUser(ds, { email: 'assessor@peer.example' });
    await insertGrant(ds, assessorId, [departmentId], '2025-01-01', '2026-12-31');
    assessor = await insertSession(ds, assessorId);

    const manualId = await upload(smallManual(), '6.15', '2022-03-01');
    for (const id of [departmentId, departmentB, workingDepartment, archivedDepartment]) {
      await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    }
    await ds.query(`UPDATE department SET archived_at = now() WHERE id = $1`, [archivedDepartment]);
    const rows: { id: string; standard_number: string }[] = await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [departmentId]);
    for (const r of rows) files[r.standard_number] = r.id;
    // 2.1.2 is time-sensitive but not applicable here: it has no deadlines.
    await ds.query(`UPDATE standard_file SET applicability = 'not_applicable', applicability_reason = 'No holding facility' WHERE department_id = $1 AND standard_number = '2.1.2'`, [departmentId]);
  });
  afterAll(() => t.close());

  it('derives the cycle schedule: time-sensitive periods of applicable files plus the cycle milestones', async () => {
    const body = await deadlines();
    expect(body.today).toBe('2025-06-01');
    expect(body.cycle).toEqual({ basis: 'award', cycleNumber: 1, startsOn: AWARD, endsOn: '2026-11-14', currentYear: 3, cycleYears: 4 });
    // annual 1.1.1 and 1.2.9: 4 each; quarterly 1.1.2: 16; biennial 2.1.3: 2; daily and per-event: none;
    // 2.1.2 not applicable: none; milestones: 3 annual reviews and the site-based assessment, each
    // with its public-comment notice 60 days before.
    expect(body.total).toBe(4 + 4 + 16 + 2 + 4 + 4);
    const byFile = (n: string) => body.items.filter((d: { standardNumber: string }) => d.standardNumber === n);
    expect(byFile('1.1.1').map((d: { key: string }) => d.key)).toEqual(['2022-Y1', '2022-Y2', '2022-Y3', '2022-Y4']);
    expect(byFile('1.2.10')).toEqual([]);
    expect(byFile('2.1.1')).toEqual([]);
    expect(byFile('2.1.2')).toEqual([]);
    expect(byFile('2.1.3').map((d: { key: string; dueOn: string }) => [d.key, d.dueOn])).toEqual([
      ['2022-Y1-Y2', '2024-11-14'],
      ['2022-Y3-Y4', '2026-11-14'],
    ]);
    const milestones = body.items.filter((d: { kind: string }) => d.kind !== 'activity');
    expect(milestones.map((d: { kind: string; dueOn: string }) => [d.kind, d.dueOn])).toEqual([
      ['public_comment_notice', '2023-09-15'],
      ['annual_review', '2023-11-14'],
      ['public_comment_notice', '2024-09-15'],
      ['annual_review', '2024-11-14'],
      ['public_comment_notice', '2025-09-15'],
      ['annual_review', '2025-11-14'],
      ['public_comment_notice', '2026-06-17'],
      ['site_assessment', '2026-08-16'],
    ]);
    // Overdue: two past annual periods each for 1.1.1 and 1.2.9, ten past quarters, the first biennial
    // period, the first two annual reviews and their notices. Every other deadline is upcoming.
    expect(body.totals).toEqual({ upcoming: 15, dueSoon: 0, urgent: 0, overdue: 19, met: 0, metAwaitingReview: 0 });
    expect(body.items.map((d: { dueOn: string }) => d.dueOn)).toEqual([...body.items.map((d: { dueOn: string }) => d.dueOn)].sort());
    expect(body.items[0]).toMatchObject({ departmentId, departmentName: 'Pagedale Police Department', standardFileId: expect.any(String), urgent: false });
  });

  it('filters by state and due-date range, totals staying over the range', async () => {
    const overdue = await deadlines('&state=overdue');
    expect(overdue.total).toBe(19);
    expect(overdue.items.every((d: { state: string }) => d.state === 'overdue')).toBe(true);
    const year3 = await deadlines('&from=2024-11-15&to=2025-11-14');
    expect(year3.items.every((d: { dueOn: string }) => d.dueOn >= '2024-11-15' && d.dueOn <= '2025-11-14')).toBe(true);
    // 1.1.1 and 1.2.9 Y3, four quarters, the year-3 annual review and its notice.
    expect(year3.total).toBe(8);
    expect(year3.totals).toMatchObject({ overdue: 2, upcoming: 6 });
    const paged = await request(t.server).get(`/api/departments/${departmentId}/deadlines?limit=5&offset=5`).set(bearer(manager)).expect(200);
    expect(paged.body.items).toHaveLength(5);
    expect(paged.body.total).toBe(34);
    for (const bad of ['state=late', 'from=2025-13-01', 'from=yesterday', 'from=2025-06-02&to=2025-06-01', 'limit=0', 'extra=1']) {
      const res = await request(t.server).get(`/api/departments/${departmentId}/deadlines?${bad}`).set(bearer(manager)).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('turns upcoming -> due soon -> urgent -> overdue as the clock moves, and met when proofs arrive', async () => {
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'upcoming', open: true, daysUntilDue: 166 });
    clock.set(at('2025-10-20'));
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'due_soon', urgent: false, daysUntilDue: 25 });
    clock.set(at('2025-11-10'));
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'due_soon', urgent: true, daysUntilDue: 4 });

    // A proof dated in the period, awaiting review, then accepted.
    const link = await insertProof({ fileId: files['1.1.1'], effectiveDate: '2025-11-03' });
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'met_awaiting_review', proofsInPeriod: { accepted: 0, pending: 1, returned: 0 } });
    await t.dataSource.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = $1`, [link]);
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'met', proofsInPeriod: { accepted: 1, pending: 0 } });

    // Returned and withdrawn links do not count, nor does a proof dated outside the period.
    await insertProof({ fileId: files['1.2.9'], effectiveDate: '2025-11-01', reviewState: 'returned' });
    await insertProof({ fileId: files['1.2.9'], effectiveDate: '2025-11-02', reviewState: 'accepted', withdrawn: true });
    await insertProof({ fileId: files['1.2.9'], effectiveDate: '2024-11-14', reviewState: 'accepted', cycleYear: 2 });
    expect(await find('1.2.9', '2022-Y3')).toMatchObject({ state: 'due_soon', urgent: true, proofsInPeriod: { accepted: 0, pending: 0, returned: 1 } });
    expect(await find('1.2.9', '2022-Y2')).toMatchObject({ state: 'met' });

    clock.set(at('2025-11-15'));
    expect(await find('1.2.9', '2022-Y3')).toMatchObject({ state: 'overdue', daysUntilDue: -1 });
    expect(await find('1.1.1', '2022-Y3')).toMatchObject({ state: 'met' });
    expect(await find('1.1.1', '2022-Y4')).toMatchObject({ state: 'upcoming', open: true });

    // A dated, signed no-activity memo is the proof for a quarter with nothing to act on.
    expect(await find('1.1.2', '2022-Y3-Q4')).toMatchObject({ state: 'overdue' });
    await insertProof({ fileId: files['1.1.2'], effectiveDate: '2025-11-14', kind: 'no_activity_memo', reviewState: 'accepted' });
    expect(await find('1.1.2', '2022-Y3-Q4')).toMatchObject({ state: 'met' });
    clock.set(at('2025-06-01'));
  });

  it('meets an annual review when every applicable file has a proof for that cycle year', async () => {
    expect(await milestone('2022-Y1-annual-review')).toMatchObject({ state: 'overdue', coverage: { files: 17, covered: 0, accepted: 0 } });
    const applicable: { id: string }[] = await t.dataSource.query(`SELECT id FROM standard_file WHERE department_id = $1 AND in_scope AND applicability = 'applicable' ORDER BY sort_key`, [departmentId]);
    const links: string[] = [];
    for (const f of applicable) links.push(await insertProof({ fileId: f.id, effectiveDate: '2023-06-01', cycleYear: 1, reviewState: 'accepted' }));
    await t.dataSource.query(`UPDATE proof_link SET review_state = 'pending' WHERE id = $1`, [links[0]]);
    expect(await milestone('2022-Y1-annual-review')).toMatchObject({ state: 'met_awaiting_review', coverage: { files: 17, covered: 17, accepted: 16 } });
    await t.dataSource.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = $1`, [links[0]]);
    expect(await milestone('2022-Y1-annual-review')).toMatchObject({ state: 'met', coverage: { files: 17, covered: 17, accepted: 17 } });
    // Year 2 is still incomplete.
    expect(await milestone('2022-Y2-annual-review')).toMatchObject({ state: 'overdue' });
  });

  it('shows a manual adoption deadline while a newer version waits', async () => {
    expect((await deadlines()).items.some((d: { kind: string }) => d.kind === 'manual_adoption')).toBe(false);
    await upload(smallManual(' (revised)'), '6.16', '2025-03-01');
    const adoption = (await deadlines()).items.find((d: { kind: string }) => d.kind === 'manual_adoption');
    expect(adoption).toMatchObject({ key: 'adopt-6.16', startsOn: '2025-03-01', dueOn: '2026-02-28', state: 'upcoming', open: true });
    expect(adoption.title).toMatch(/6\.16/);
  });

  it('gives a department without an award date a working cycle, without CALEA milestones', async () => {
    const body = await deadlines('', admin, workingDepartment);
    expect(body.cycle).toMatchObject({ basis: 'working', startsOn: '2024-03-10', endsOn: '2028-03-09', currentYear: 2 });
    const kinds = new Set(body.items.map((d: { kind: string }) => d.kind));
    expect(kinds.has('annual_review')).toBe(false);
    expect(kinds.has('site_assessment')).toBe(false);
    // 2.1.2 is applicable in this department: three annual standards, a quarterly and a biennial one.
    expect(body.items.filter((d: { kind: string }) => d.kind === 'activity')).toHaveLength(4 * 3 + 16 + 2);
  });

  it('lists deadlines across every department the user can see, with department names', async () => {
    const mine = (await request(t.server).get('/api/deadlines?limit=500').set(bearer(manager)).expect(200)).body;
    expect(new Set(mine.items.map((d: { departmentName: string }) => d.departmentName))).toEqual(new Set(['Pagedale Police Department']));
    const all = (await request(t.server).get('/api/deadlines?limit=500&state=overdue').set(bearer(admin)).expect(200)).body;
    const names = new Set(all.items.map((d: { departmentName: string }) => d.departmentName));
    expect(names).toEqual(new Set(['Pagedale Police Department', 'Normandy Police Department', 'Cool Valley Police Department']));
    const perDepartment = await Promise.all(
      [departmentId, departmentB, workingDepartment].map(async (id) => (await deadlines('&state=overdue', admin, id)).total as number),
    );
    expect(all.total).toBe(perDepartment.reduce((a, b) => a + b, 0));
    const b = (await request(t.server).get('/api/deadlines').set(bearer(managerB)).expect(200)).body;
    expect(b.items.every((d: { departmentId: string }) => d.departmentId === departmentB)).toBe(true);
  });

  it('scopes the department routes: 404 without a role, readable by every role of the department', async () => {
    await request(t.server).get(`/api/departments/${departmentId}/deadlines`).set(bearer(managerB)).expect(404);
    await request(t.server).get(`/api/departments/${departmentId}/deadlines`).set(bearer(member)).expect(200);
    await request(t.server).get(`/api/departments/${departmentId}/deadlines`).set(bearer(assessor)).expect(200);
    await request(t.server).get(`/api/departments/00000000-0000-4000-8000-000000000000/deadlines`).set(bearer(admin)).expect(404);
  });

  it("schedules a file's own dates: its directives' next reviews and its waiver's end; an ended waiver counts again", async () => {
    const fileB = async (number: string): Promise<{ id: string; version: number }> => {
      const [{ id }] = await t.dataSource.query<{ id: string }[]>('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentB, number]);
      const body = (await request(t.server).get(`/api/files/${id}`).set(bearer(managerB)).expect(200)).body as { version: number };
      return { id, version: body.version };
    };
    const patch = (id: string, body: object) => request(t.server).patch(`/api/files/${id}`).set(bearer(managerB)).send(body);
    const readiness = async () => (await request(t.server).get(`/api/departments/${departmentB}/readiness`).set(bearer(managerB)).expect(200)).body as { mandatory: { applicable: number } };

    const waived = await fileB('1.1.3');
    const waiver = { applicability: 'waived', waiverReference: 'SRIC-W-9', waiverDate: '2024-01-10' };
    const refused: [object, number, string][] = [
      [{ ...waiver, waiverEndsOn: '2023-12-31' }, 400, 'waiverEndsOn'],
      [{ waiverEndsOn: '2026-01-01' }, 400, 'waiverEndsOn'],
      [{ ...waiver, waiverEndsOn: '20 June' }, 400, 'waiverEndsOn'],
    ];
    for (const [body, status, field] of refused) {
      const res = await patch(waived.id, { version: waived.version, ...body }).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await fileB('1.1.3')).version).toBe(waived.version);
    const before = await readiness();
    const saved = await patch(waived.id, { version: waived.version, ...waiver, waiverEndsOn: '2025-06-20' }).expect(200);
    expect(saved.body).toMatchObject({ applicability: 'waived', waiverEndsOn: '2025-06-20' });
    expect((await readiness()).mandatory.applicable).toBe(before.mandatory.applicable - 1);

    const reviewed = await fileB('1.1.4');
    await patch(reviewed.id, {
      version: reviewed.version,
      directives: [
        { number: 'GO 4-3', title: 'Response to resistance', effectiveDate: '2024-05-01', nextReviewDate: '2025-05-01' },
        { number: 'GO 4-4', title: 'Reporting', effectiveDate: '2024-05-01' },
      ],
    }).expect(200);

    const own = (await deadlines('', managerB, departmentB)).items.filter((d: { kind: string }) => d.kind === 'directive_review' || d.kind === 'waiver_end');
    expect(own.map((d: { kind: string; standardNumber: string; dueOn: string; state: string; id: string }) => [d.kind, d.standardNumber, d.dueOn, d.state, d.id])).toEqual([
      ['directive_review', '1.1.4', '2025-05-01', 'overdue', `${reviewed.id}:review-GO 4-3-2025-05-01`],
      ['waiver_end', '1.1.3', '2025-06-20', 'due_soon', `${waived.id}:waiver-end-2025-06-20`],
    ]);

    const token = await request(t.server).post(`/api/departments/${departmentB}/calendar-token`).set(bearer(managerB)).expect(201);
    const ics = (await request(t.server).get(token.body.path).expect(200)).text.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:${waived.id}:waiver-end-2025-06-20@calea-tracker`);
    expect(ics).toContain(`UID:${reviewed.id}:review-GO 4-3-2025-05-01@calea-tracker`);
    expect(ics).toContain('SUMMARY:1.1.3');

    // The day after the waiver's last day: the standard applies again and counts in the verdict.
    clock.set(at('2025-06-21'));
    try {
      expect((await readiness()).mandatory.applicable).toBe(before.mandatory.applicable);
      expect((await deadlines('&state=overdue', managerB, departmentB)).items.map((d: { key: string }) => d.key)).toContain('waiver-end-2025-06-20');
    } finally {
      clock.set(at('2025-06-01'));
    }
    // Back to applicable: the waiver's dates go with it, and so does its deadline.
    const current = (await request(t.server).get(`/api/files/${waived.id}`).set(bearer(managerB)).expect(200)).body as { version: number };
    const cleared = await patch(waived.id, { version: current.version, applicability: 'applicable' }).expect(200);
    expect(cleared.body).toMatchObject({ waiverReference: null, waiverDate: null, waiverEndsOn: null });
    expect((await deadlines('', managerB, departmentB)).items.some((d: { kind: string }) => d.kind === 'waiver_end')).toBe(false);
  });

  it('puts a public-comment notice ahead of each assessment, met once a manager records it (audited); bad records change nothing', async () => {
    const notices = async () =>
      (await deadlines()).items.filter((d: { kind: string }) => d.kind === 'public_comment_notice').map((d: { key: string; dueOn: string; state: string }) => [d.key, d.dueOn, d.state]);
    // 60 days (PUBLIC_COMMENT_NOTICE_DAYS) before each annual review and the site-based assessment.
    expect(await notices()).toEqual([
      ['2022-Y1-annual-review-public-comment-notice', '2023-09-15', 'overdue'],
      ['2022-Y2-annual-review-public-comment-notice', '2024-09-15', 'overdue'],
      ['2022-Y3-annual-review-public-comment-notice', '2025-09-15', 'upcoming'],
      ['2022-Y4-site-assessment-public-comment-notice', '2026-06-17', 'upcoming'],
    ]);
    const key = '2022-Y2-annual-review-public-comment-notice';
    const path = `/api/departments/${departmentId}/milestones/${key}/record`;
    const auditCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE entity_type = 'milestone'`))[0].n);
    const refused: [string, object, string, number][] = [
      ['a day in the future', { doneOn: '2025-06-02' }, manager, 400],
      ['not a date', { doneOn: 'last spring' }, manager, 400],
      ['an unknown field', { doneOn: '2024-09-01', by: 'me' }, manager, 400],
      ['a team member', { doneOn: '2024-09-01' }, member, 403],
    ];
    for (const [, body, token, status] of refused) {
      const res = await request(t.server).put(path).set(bearer(token)).send(body).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await request(t.server).put(`/api/departments/${departmentId}/milestones/2022-Y2-annual-review/record`).set(bearer(manager)).send({ doneOn: '2024-09-01' }).expect(404);
    await request(t.server).put(`/api/departments/${departmentId}/milestones/${encodeURIComponent('a key; drop')}/record`).set(bearer(manager)).send({ doneOn: '2024-09-01' }).expect(400);
    await request(t.server).delete(path).set(bearer(manager)).expect(404);
    expect(await auditCount()).toBe(0);

    const recorded = await request(t.server).put(path).set(bearer(manager)).send({ doneOn: '2024-09-01', note: ' Posted at city hall ' }).expect(200);
    expect(recorded.body).toEqual({ key, title: 'Public-comment notice, year 2 review', dueOn: '2024-09-15', doneOn: '2024-09-01', note: 'Posted at city hall' });
    expect((await notices())[1]).toEqual([key, '2024-09-15', 'met']);
    const [event] = await t.dataSource.query(`SELECT action, entity_id, after FROM audit_event WHERE entity_type = 'milestone' ORDER BY id`);
    expect(event).toEqual({ action: 'milestone.recorded', entity_id: key, after: { doneOn: '2024-09-01', note: 'Posted at city hall', enrolmentId: await primaryEnrolmentOf(t.dataSource, departmentId) } });

    await request(t.server).delete(path).set(bearer(manager)).expect(204);
    expect((await notices())[1]).toEqual([key, '2024-09-15', 'overdue']);
    expect(await auditCount()).toBe(2);
  });

  describe('the daily overdue job', () => {
    beforeAll(() => clock.set(at('2025-06-01')));

    it('records each newly overdue deadline once in the audit trail, as the system', async () => {
      expect(await overdueAudit()).toEqual([]);
      const expected = [departmentId, departmentB, workingDepartment];
      const overdueNow = (await Promise.all(expected.map((id) => deadlines('&state=overdue', admin, id)))).flatMap((b) => b.items.map((d: { id: string }) => d.id));
      const first = await job().recordNewlyOverdue();
      expect(first).toMatchObject({ skipped: false, today: '2025-06-01', recorded: overdueNow.length, overdue: overdueNow.length });
      const rows = await overdueAudit();
      expect(rows.map((r) => r.entity_id).sort()).toEqual([...overdueNow].sort());
      expect(new Set(rows.map((r) => r.actor_role))).toEqual(new Set(['system']));
      expect(rows.some((r) => r.department_id === archivedDepartment)).toBe(false);
      expect(await job().recordNewlyOverdue()).toMatchObject({ skipped: false, recorded: 0 });
      expect(await overdueAudit()).toHaveLength(rows.length);
    });

    it('records what became overdue since, once, even when two runs race (advisory lock)', async () => {
      const before = await overdueAudit();
      clock.set(at('2025-08-15'));
      // Since 1 June: quarter Y3-Q3 of 1.1.2 (due 14 August) in Pagedale and Normandy; in Cool Valley
      // (cycle from 10 March 2024) its own quarter Y2-Q2 ended 9 June and Y2-Q3 ends 9 September.
      const [a, b] = await Promise.all([job().recordNewlyOverdue(), job().recordNewlyOverdue()]);
      const after = await overdueAudit();
      const fresh = after.slice(before.length).map((r) => r.entity_id);
      expect(a.recorded + b.recorded).toBe(fresh.length);
      expect(fresh).toEqual(expect.arrayContaining([`${files['1.1.2']}:2022-Y3-Q3`]));
      expect(fresh).toHaveLength(3);
      expect(new Set(after.map((r) => r.entity_id)).size).toBe(after.length);
      expect(await job().recordNewlyOverdue()).toMatchObject({ recorded: 0 });
    });

    it('is scheduled daily at 06:00 America/Chicago', () => {
      const cron = t.app.get(SchedulerRegistry).getCronJob(OVERDUE_JOB_NAME);
      expect(cron.isActive).toBe(true);
      const next = cron.nextDate().setZone('America/Chicago');
      expect([next.hour, next.minute]).toEqual([6, 0]);
    });

    it('does nothing while another replica holds the job lock', async () => {
      const client = new Client({ connectionString: t.config.databaseUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [OVERDUE_JOB_LOCK]);
        clock.set(at('2025-09-30'));
        expect(await job().recordNewlyOverdue()).toMatchObject({ skipped: true, recorded: 0 });
        await client.query('ROLLBACK');
        expect((await job().recordNewlyOverdue()).recorded).toBeGreaterThan(0);
      } finally {
        await client.end();
        clock.set(at('2025-06-01'));
      }
    });
  });

  describe('the iCalendar feed', () => {
    const eventsOf = (ics: string): string[] => ics.split('BEGIN:VEVENT').slice(1);
    // Lines longer than 75 octets are folded (RFC 5545 3.1): unfold before reading properties.
    const uidsOf = (ics: string): string[] => [...ics.replace(/\r\n[ \t]/g, '').matchAll(/^UID:(.+)$/gm)].map((m) => m[1].trim());
    const feed = (path: string) => request(t.server).get(path).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });

    it('serves the department deadlines to a secret-token URL, with stable UIDs; rotation and revocation close the old URL', async () => {
      await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(member)).expect(403);
      await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(managerB)).expect(404);
      const created = await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(manager)).expect(201);
      expect(created.body).toMatchObject({ rotated: false, path: expect.stringMatching(/^\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/) });
      expect(created.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/calendar\/cal_.+\.ics$/);
      const token = /cal_[A-Za-z0-9_-]{43}/.exec(created.body.path)![0];
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM calendar_feed_token WHERE token_sha256 = encode(sha256($1::bytea), 'hex')`, [token]);
      expect(n).toBe(1);
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM calendar_feed_token'))).not.toContain(token);

      const first = await feed(created.body.path).expect(200);
      expect(first.headers['content-type']).toMatch(/^text\/calendar/);
      const ics = first.body as string;
      expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
      expect(ics.trim().endsWith('END:VCALENDAR')).toBe(true);
      const total = (await deadlines()).total;
      expect(eventsOf(ics)).toHaveLength(total);
      expect(ics).toMatch(/DTSTART;VALUE=DATE:20231114/);
      const uids = uidsOf(ics);
      expect(new Set(uids).size).toBe(total);
      expect(uids).toContain(`${files['1.1.1']}:2022-Y3@calea-tracker`);
      clock.set(at('2025-11-15'));
      const again = await feed(created.body.path).expect(200);
      expect(uidsOf(again.body as string)).toEqual(uids);
      clock.set(at('2025-06-01'));

      const rotated = await request(t.server).post(`/api/departments/${departmentId}/calendar-token`).set(bearer(admin)).expect(201);
      expect(rotated.body.rotated).toBe(true);
      const oldFeed = await feed(created.body.path).expect(404);
      expect(oldFeed.headers['content-type']).toMatch(/application\/problem\+json/);
      await feed(rotated.body.path).expect(200);
      await feed('/calendar/cal_not-a-token.ics').expect(404);
      await feed(`/api${rotated.body.path}`).expect(404);

      await request(t.server).delete(`/api/departments/${departmentId}/calendar-token`).set(bearer(manager)).expect(204);
      await feed(rotated.body.path).expect(404);
      await request(t.server).delete(`/api/departments/${departmentId}/calendar-token`).set(bearer(manager)).expect(404);
      const actions: { action: string }[] = await t.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_type = 'calendar_feed_token' AND department_id = $1 ORDER BY id`,
        [departmentId],
      );
      expect(actions.map((a) => a.action)).toEqual(['calendar-token.created', 'calendar-token.rotated', 'calendar-token.revoked']);
    });
  });
});
