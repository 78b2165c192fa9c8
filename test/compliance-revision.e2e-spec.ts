import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock';
import type { ReadinessDto } from '../src/readiness/dto/readiness.dto';
import { ComplianceKeeper } from '../src/compliance/compliance-keeper.service';
import { ComplianceRepository } from '../src/compliance/compliance.repository';
import { ComplianceService } from '../src/compliance/compliance.service';
import { readinessDto } from '../src/readiness/readiness.service';
import { ReportDataService } from '../src/reports/report-data.service';
import { reportTemplatesDir } from '../src/reports/report-template';
import type { FootprintDepartmentView, FootprintReport } from '../src/reports/view-models';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { sampleFiles } from './support/proof-fixtures';
import { createTestApp, startTestApp, TestApp } from './support/test-app';

/**
 * compliance_revision (migration ComplianceRevision): the stamp that moves with every change to a
 * department's files, proofs and proof links, whatever wrote it; and the compliance engine's figures
 * kept under it (ComplianceService), which must never show a department as it was before a change.
 * Each footprint page is checked against a snapshot computed afresh from the database.
 */

const NOW = new Date('2026-06-10T15:00:00Z');
const DAY_MS = 86_400_000;
const GENERATION = { generatedAt: NOW.toISOString(), timeZone: 'UTC', generatedBy: 'Test' };
const COMPACT = { deadlines: 6, blockers: 6 };

const stampOf = async (ds: DataSource, departmentId: string): Promise<{ revision: string; commits: number }> => {
  const [row] = await ds.query<{ revision: string; commits: string }[]>('SELECT revision, commits FROM compliance_revision WHERE department_id = $1', [departmentId]);
  return { revision: row.revision, commits: Number(row.commits) };
};

/** A proof's metadata only (its bytes are never read here): a stored-object row and the proof row. */
const insertProofRow = async (ds: DataSource, departmentId: string, effectiveDate = '2026-01-15'): Promise<{ id: string }> => {
  const sha256 = randomBytes(32).toString('hex');
  await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [sha256, `test/${sha256}`]);
  const [proof] = await ds.query<{ id: string }[]>(
    `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) VALUES ($1, $2, 'evidence.pdf', 'document', $3) RETURNING id`,
    [departmentId, sha256, effectiveDate],
  );
  return proof;
};

/** Each enrolment's department (the engine reads by enrolment; these departments have one each). */
const departmentsOfEnrolments = async (ds: DataSource): Promise<Map<string, string>> =>
  new Map((await ds.query<{ id: string; department_id: string }[]>('SELECT id, department_id FROM enrolment')).map((r) => [r.id, r.department_id]));

const revisionOf = async (ds: DataSource, departmentId: string): Promise<string | null> => {
  const rows = await ds.query<{ revision: string }[]>('SELECT revision FROM compliance_revision WHERE department_id = $1', [departmentId]);
  return rows[0]?.revision ?? null;
};

describe('compliance revision and the figures kept under it', () => {
  let t: TestApp;
  const clock = new FixedClock(NOW);
  let alpha: string;
  let beta: string;
  let admin: string;
  let manager: string;
  let manualId: string;
  const files: Record<string, string> = {};

  const footprint = (): Promise<FootprintReport> => t.app.get(ReportDataService).footprint('all', GENERATION, 'Footprint', COMPACT);
  const pageOf = (report: FootprintReport, departmentId: string): FootprintDepartmentView =>
    report.departments.find((d) => d.department.id === departmentId) as FootprintDepartmentView;

  /** What the footprint page shows, as the readiness and deadlines of a snapshot computed afresh (nothing from memory) say it. */
  const expectPageToMatchApi = async (page: FootprintDepartmentView): Promise<void> => {
    const id = page.department.id;
    const fresh = await t.app.get(ComplianceService).snapshot(id, { fresh: true });
    const api: ReadinessDto = readinessDto(fresh);
    const deadlines = { items: fresh.deadlines };
    const milestones = deadlines.items.filter((d) => d.kind !== 'activity' && d.dueOn >= page.deadlines.asOf).sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    expect({
      name: page.department.name,
      cycle: [page.department.cycle?.basis, page.department.cycle?.startsOn, page.department.cycle?.year],
      mandatory: [page.verdict.mandatory.applicable, page.verdict.mandatory.compliant],
      other: [page.verdict.other.applicable, page.verdict.other.compliant],
      meetsRule: page.verdict.meetsRule,
      summary: page.verdict.summary,
      compliantMissingProofs: page.verdict.compliantMissingProofs,
      chapters: page.chapters.map((c) => [c.chapter, c.mandatory.applicable, c.mandatory.compliant, c.other.applicable, c.other.compliant]),
      blockers: [page.blockerTotal, page.blockers.map((b) => [b.number, b.reason])],
      overdue: page.deadlines.overdueTotal,
      dueSoon: page.deadlines.dueSoonTotal,
      nextMilestone: page.nextMilestone,
    }).toEqual({
      name: api.departmentName,
      cycle: [api.cycle.basis, api.cycle.startsOn, api.cycle.currentYear],
      mandatory: [api.mandatory.applicable, api.mandatory.compliant],
      other: [api.other.applicable, api.other.compliant],
      meetsRule: api.verdict.meetsRule,
      summary: api.verdict.summary,
      compliantMissingProofs: api.verdict.compliantMissingProofs,
      chapters: api.chapters
        .filter((c) => c.mandatory.applicable + c.other.applicable > 0)
        .map((c) => [c.chapter, c.mandatory.applicable, c.mandatory.compliant, c.other.applicable, c.other.compliant]),
      blockers: [api.blockers.length, api.blockers.slice(0, page.blockers.length).map((b) => [b.number, b.reason])],
      overdue: api.deadlines.overdue,
      dueSoon: api.deadlines.dueSoon,
      nextMilestone: milestones[0] ? { label: milestones[0].title, date: milestones[0].dueOn } : null,
    });
  };

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    alpha = await insertDepartment(ds, 'Alpha Police Department', 'Alpha PD');
    beta = await insertDepartment(ds, 'Beta Police Department', 'Beta PD');
    await setProfile(ds, [alpha, beta], { swornOfficers: 30, awardDate: '2023-03-01', accreditationStatus: 'accredited' });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId: alpha, role: 'manager' }] }));
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const csv = await readFile(join(reportTemplatesDir(), '..', 'sample-manual.csv'));
    manualId = (await req.attach('file', csv, 'sample-manual.csv').expect(201)).body.manual.id as string;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    for (const id of [alpha, beta]) await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    for (const r of await ds.query<{ id: string; standard_number: string }[]>('SELECT id, standard_number FROM standard_file WHERE department_id = $1 ORDER BY sort_key', [alpha])) {
      files[r.standard_number] = r.id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the stamp', () => {
    it('every department has one, and each change to its files, proofs or links moves it, in that department only', async () => {
      const ds = t.dataSource;
      const proof = await insertProofRow(ds, alpha);
      let linkId = '';
      const changes: [string, () => Promise<unknown>][] = [
        ['standard_file UPDATE', () => ds.query(`UPDATE standard_file SET notes = 'n' WHERE id = $1`, [files['1.1.1']])],
        ['proof UPDATE', () => ds.query(`UPDATE proof SET effective_date = '2026-01-16' WHERE id = $1`, [proof.id])],
        [
          'proof_link INSERT',
          async () => {
            [{ id: linkId }] = await ds.query(`INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, version) VALUES ($1, $2, '2026-03-01', 4, 1) RETURNING id`, [
              proof.id,
              files['1.1.1'],
            ]);
          },
        ],
        ['proof_link UPDATE', () => ds.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = $1`, [linkId])],
        ['proof_link DELETE', () => ds.query('DELETE FROM proof_link WHERE id = $1', [linkId])],
        ['proof DELETE', () => ds.query('DELETE FROM proof WHERE id = $1', [proof.id])],
        ['standard_file DELETE and INSERT', () => ds.query(`WITH gone AS (DELETE FROM standard_file WHERE id = $1 RETURNING *) INSERT INTO standard_file SELECT * FROM gone`, [files['1.1.1']])],
      ];
      for (const [change, run] of changes) {
        const before = { alpha: await revisionOf(ds, alpha), beta: await revisionOf(ds, beta) };
        await run();
        const after = { alpha: await revisionOf(ds, alpha), beta: await revisionOf(ds, beta) };
        expect({ change, alphaMoved: after.alpha !== before.alpha, betaMoved: after.beta !== before.beta }).toEqual({ change, alphaMoved: true, betaMoved: false });
        expect(after.alpha).not.toBeNull();
      }
    });

    it('a statement over two departments moves both; a rolled-back change moves none', async () => {
      const ds = t.dataSource;
      const before = [await revisionOf(ds, alpha), await revisionOf(ds, beta)];
      await ds.query(`UPDATE standard_file SET notes = 'both' WHERE standard_number = '1.1.1'`);
      const both = [await revisionOf(ds, alpha), await revisionOf(ds, beta)];
      expect(both[0]).not.toBe(before[0]);
      expect(both[1]).not.toBe(before[1]);

      await expect(
        ds.transaction(async (m) => {
          await m.query(`UPDATE standard_file SET result = 'compliant' WHERE department_id = $1`, [alpha]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect([await revisionOf(ds, alpha), await revisionOf(ds, beta)]).toEqual(both);
    });

    it('a transaction writes the stamp once, at commit, however many rows and statements change it', async () => {
      const ds = t.dataSource;
      const before = await stampOf(ds, alpha);
      await ds.transaction(async (m) => {
        await m.query(`UPDATE standard_file SET notes = 'many' WHERE department_id = $1`, [alpha]);
        await m.query(`UPDATE standard_file SET notes = 'again' WHERE department_id = $1`, [alpha]);
        // Deferred to commit: inside the transaction the stamp has not moved yet.
        expect(await m.query('SELECT revision FROM compliance_revision WHERE department_id = $1', [alpha])).toEqual([{ revision: before.revision }]);
      });
      const after = await stampOf(ds, alpha);
      expect(after.revision).not.toBe(before.revision);
      expect(after.commits - before.commits).toBe(1);
    });

    it('changes made after SET CONSTRAINTS ... IMMEDIATE are stamped again at commit', async () => {
      const ds = t.dataSource;
      const before = await stampOf(ds, alpha);
      let stampedEarly = '';
      await ds.transaction(async (m) => {
        await m.query(`UPDATE standard_file SET notes = 'first' WHERE id = $1`, [files['1.1.1']]);
        await m.query('SET CONSTRAINTS ALL IMMEDIATE');
        [{ revision: stampedEarly }] = await m.query<{ revision: string }[]>('SELECT revision FROM compliance_revision WHERE department_id = $1', [alpha]);
        await m.query(`UPDATE standard_file SET notes = 'second' WHERE id = $1`, [files['1.1.1']]);
      });
      const after = await stampOf(ds, alpha);
      expect(stampedEarly).not.toBe(before.revision);
      expect(after.revision).not.toBe(stampedEarly);
      expect(after.commits - before.commits).toBe(2);
    });

    it('two transactions changing two departments in opposite orders both commit (stamps are taken in one order)', async () => {
      const ds = t.dataSource;
      const fileOf = async (departmentId: string, number: string) =>
        (await ds.query<{ id: string }[]>('SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = $2', [departmentId, number]))[0].id;
      const [one, two] = Object.keys(files).slice(2, 4);
      const a = [await fileOf(alpha, one), await fileOf(alpha, two)];
      const b = [await fileOf(beta, one), await fileOf(beta, two)];
      for (let round = 0; round < 5; round++) {
        const before = [await stampOf(ds, alpha), await stampOf(ds, beta)];
        const first = ds.createQueryRunner();
        const second = ds.createQueryRunner();
        try {
          await Promise.all([first.startTransaction(), second.startTransaction()]);
          await first.query(`UPDATE standard_file SET notes = 'first' WHERE id = $1`, [a[0]]);
          await second.query(`UPDATE standard_file SET notes = 'second' WHERE id = $1`, [b[0]]);
          await first.query(`UPDATE standard_file SET notes = 'first' WHERE id = $1`, [b[1]]);
          await second.query(`UPDATE standard_file SET notes = 'second' WHERE id = $1`, [a[1]]);
          await Promise.all([first.commitTransaction(), second.commitTransaction()]);
        } finally {
          await Promise.all([first.release(), second.release()]);
        }
        const after = [await stampOf(ds, alpha), await stampOf(ds, beta)];
        expect([after[0].commits - before[0].commits, after[1].commits - before[1].commits]).toEqual([2, 2]);
      }
    });

    it("a proof changed in place moves the stamp of every department whose files it is filed in", async () => {
      const ds = t.dataSource;
      const proof = await insertProofRow(ds, alpha);
      const [betaFile]: { id: string }[] = await ds.query(`SELECT id FROM standard_file WHERE department_id = $1 AND standard_number = '1.1.1'`, [beta]);
      // Not possible through the service (a proof is filed only within its department), but the database allows it.
      await ds.query(`INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, version) VALUES ($1, $2, '2026-03-01', 4, 1)`, [proof.id, betaFile.id]);
      const before = [await revisionOf(ds, alpha), await revisionOf(ds, beta)];
      await ds.query(`UPDATE proof SET effective_date = '2026-02-01' WHERE id = $1`, [proof.id]);
      const after = [await revisionOf(ds, alpha), await revisionOf(ds, beta)];
      expect([after[0] !== before[0], after[1] !== before[1]]).toEqual([true, true]);
      await ds.query('DELETE FROM proof_link WHERE proof_id = $1', [proof.id]);
      await ds.query('DELETE FROM proof WHERE id = $1', [proof.id]);
    });

    it('TRUNCATE moves every stamp', async () => {
      const ds = t.dataSource;
      const runner = ds.createQueryRunner();
      try {
        await runner.startTransaction();
        const before = await runner.query('SELECT department_id, revision FROM compliance_revision ORDER BY department_id');
        await runner.query('TRUNCATE proof_link');
        const after = await runner.query('SELECT department_id, revision FROM compliance_revision ORDER BY department_id');
        expect(after.map((r: { department_id: string }) => r.department_id)).toEqual(before.map((r: { department_id: string }) => r.department_id));
        for (let i = 0; i < before.length; i++) expect(after[i].revision).not.toBe(before[i].revision);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });

    it('concurrent writers in one department all commit, and the footprint read meanwhile is never kept stale', async () => {
      // Written-directive standards outside 1.1 (a proof for one needs no activity named).
      const directiveOnly = await t.dataSource.query<{ standard_number: string }[]>(
        `SELECT f.standard_number FROM standard_file f JOIN standard s ON s.id = f.standard_id
          WHERE f.department_id = $1 AND NOT ('time_sensitive' = ANY(s.kinds)) AND f.standard_number NOT LIKE '1.1.%' ORDER BY f.sort_key`,
        [alpha],
      );
      const numbers = directiveOnly.map((r) => r.standard_number).slice(0, 6);
      expect(numbers).toHaveLength(6);
      const before = await revisionOf(t.dataSource, alpha);
      const uploads = numbers.map((number, i) =>
        request(t.server)
          .post(`/api/files/${files[number]}/proofs`)
          .set(bearer(manager))
          .field('cycleYear', '4')
          .field('effectiveDate', '2026-05-01')
          .field('kind', 'document')
          .attach('file', sampleFiles.pdf(`concurrent ${i}`), { filename: `concurrent-${i}.pdf`, contentType: 'application/pdf' }),
      );
      const [responses] = await Promise.all([Promise.all(uploads), footprint(), footprint()]);
      expect(responses.map((r) => [r.status, r.body.detail])).toEqual(numbers.map(() => [201, undefined]));
      expect(await revisionOf(t.dataSource, alpha)).not.toBe(before);
      await expectPageToMatchApi(pageOf(await footprint(), alpha));
    });
  });

  describe('the footprint pages', () => {
    /** The departments whose files the engine reads, call by call, while `run` runs. */
    const readsDuring = async <T>(run: () => Promise<T>): Promise<{ result: T; reads: { departmentId: string; startsOn: string }[][] }> => {
      const spy = jest.spyOn(t.app.get(ComplianceRepository), 'fileCoverage');
      try {
        const result = await run();
        const owners = await departmentsOfEnrolments(t.dataSource);
        return { result, reads: spy.mock.calls.map(([, cycles]) => cycles.map((c) => ({ departmentId: owners.get(c.enrolmentId) as string, startsOn: c.startsOn }))) };
      } finally {
        spy.mockRestore();
      }
    };

    it('an unchanged department is answered from memory, and matches the readiness API', async () => {
      const first = await footprint();
      const { result: second, reads } = await readsDuring(footprint);
      expect(reads).toEqual([]);
      expect(second.departments.map((d) => d.department.name)).toEqual(['Alpha Police Department', 'Beta Police Department']);
      for (const d of second.departments) expect(d).toEqual(pageOf(first, d.department.id));
      const engine = t.app.get(ComplianceService);
      const [kept] = await engine.summariesOf([alpha]);
      expect((await engine.summariesOf([alpha]))[0].figures).toBe(kept.figures);
      expect(Object.isFrozen(kept.figures.verdict)).toBe(true);
      for (const d of second.departments) await expectPageToMatchApi(d);
    });

    const changes: [string, () => Promise<unknown>][] = [
      [
        "a file's result, through the API",
        async () => {
          const file = (await request(t.server).get(`/api/files/${files['1.1.2']}`).set(bearer(manager)).expect(200)).body as { version: number };
          await request(t.server).patch(`/api/files/${files['1.1.2']}`).set(bearer(manager)).send({ version: file.version, result: 'compliant' }).expect(200);
        },
      ],
      [
        'a proof uploaded, accepted and withdrawn, through the API',
        async () => {
          for (const year of [1, 2, 3, 4]) {
            const res = await request(t.server)
              .post(`/api/files/${files['1.1.2']}/proofs`)
              .set(bearer(manager))
              .field('cycleYear', String(year))
              .field('effectiveDate', `${2022 + year}-06-01`)
              .field('kind', 'document')
              .attach('file', sampleFiles.pdf(`roster ${year}`), { filename: `roster-${year}.pdf`, contentType: 'application/pdf' })
              .expect(201);
            const link = res.body as { id: string; version: number };
            const accepted = (await request(t.server).post(`/api/proof-links/${link.id}/accept`).set(bearer(manager)).send({ version: link.version }).expect(200)).body as { version: number };
            if (year === 4) {
              await request(t.server).post(`/api/proof-links/${link.id}/withdraw`).set(bearer(manager)).send({ version: accepted.version, reason: 'Wrong year' }).expect(200);
            }
          }
        },
      ],
      ['a change by plain SQL, outside the service', () => t.dataSource.query(`UPDATE standard_file SET result = 'compliant' WHERE department_id = $1 AND standard_number LIKE '4.%'`, [alpha])],
    ];
    it.each(changes)('after %s, only that department is read and computed again, and it shows the change', async (_change, run) => {
      const before = await footprint();
      await run();
      const { result: after, reads } = await readsDuring(footprint);
      expect(reads.map((cycles) => cycles.map((c) => c.departmentId))).toEqual([[alpha]]);
      expect(pageOf(after, beta)).toEqual(pageOf(before, beta));
      expect(pageOf(after, alpha)).not.toEqual(pageOf(before, alpha));
      await expectPageToMatchApi(pageOf(after, alpha));
    });

    it("after a department's profile changes, its header shows it", async () => {
      const before = await footprint();
      const current = (await request(t.server).get(`/api/departments/${beta}`).set(bearer(admin)).expect(200)).body as { version: number };
      await request(t.server).patch(`/api/departments/${beta}`).set(bearer(admin)).send({ version: current.version, name: 'Beta Police Department (renamed)' }).expect(200);
      const { result: after, reads } = await readsDuring(footprint);
      expect(reads.map((cycles) => cycles.map((c) => c.departmentId))).toEqual([[beta]]);
      expect(pageOf(after, beta).department.name).toBe('Beta Police Department (renamed)');
      expect(pageOf(after, alpha)).toEqual(pageOf(before, alpha));
      await expectPageToMatchApi(pageOf(after, beta));
    });

    it('on another day every department is computed again from the rows kept (overdue periods weigh on the verdict): deadlines move with the date', async () => {
      const before = await footprint();
      clock.advance(120 * DAY_MS);
      try {
        const { result: after, reads } = await readsDuring(footprint);
        // Files and proofs did not change: the rows read yesterday are computed again for the new day, not read again.
        expect(reads).toEqual([]);
        expect(pageOf(after, alpha)).not.toEqual(pageOf(before, alpha));
        for (const d of after.departments) {
          expect(d.deadlines.asOf).toBe('2026-10-08');
          await expectPageToMatchApi(d);
        }
        // The same day again: nothing read.
        expect((await readsDuring(footprint)).reads).toEqual([]);
      } finally {
        clock.set(NOW);
      }
    });

    it('figures computed fresh (as a sign-off computes them, inside its transaction) are not kept', async () => {
      await footprint();
      await t.dataSource.query(`UPDATE standard_file SET notes = 'stamp' WHERE department_id = $1`, [alpha]);
      const engine = t.app.get(ComplianceService);
      const { reads: freshReads } = await readsDuring(() => engine.summariesOf([alpha], { fresh: true }));
      expect(freshReads.map((cycles) => cycles.map((c) => c.departmentId))).toEqual([[alpha]]);
      const { reads } = await readsDuring(footprint);
      expect(reads.map((cycles) => cycles.map((c) => c.departmentId))).toEqual([[alpha]]);
    });

    it('in a new cycle the figures are read again: blockers and milestones follow the cycle', async () => {
      clock.set(new Date('2027-03-05T15:00:00Z'));
      try {
        const { result: after, reads } = await readsDuring(footprint);
        expect(reads.map((cycles) => cycles.map((c) => c.startsOn))).toEqual([['2027-03-01', '2027-03-01']]);
        for (const d of after.departments) {
          expect(d.department.cycle).toMatchObject({ number: 2, year: 1 });
          await expectPageToMatchApi(d);
        }
      } finally {
        clock.set(NOW);
      }
    });

    it('after an award date is set, the page follows the award cycle, even with the same dates as the working one', async () => {
      const ds = t.dataSource;
      const gamma = await insertDepartment(ds, 'Gamma Police Department', 'Gamma PD');
      await ds.query(`UPDATE department SET created_at = '2023-03-01T12:00:00Z', sworn_officers = 30 WHERE id = $1`, [gamma]);
      await request(t.server).put(`/api/departments/${gamma}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
      // One applicable file, with an accepted proof in every year of the working cycle that starts on 2023-03-01.
      const [kept] = await ds.query<{ id: string }[]>(`SELECT id FROM standard_file WHERE department_id = $1 ORDER BY sort_key LIMIT 1`, [gamma]);
      await ds.query(`UPDATE standard_file SET applicability = 'not_applicable', applicability_reason = 'Not here' WHERE department_id = $1 AND id <> $2`, [gamma, kept.id]);
      for (const year of [1, 2, 3, 4]) {
        const proof = await insertProofRow(ds, gamma, `${2022 + year}-06-01`);
        await ds.query(`INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, version) VALUES ($1, $2, '2023-03-01', $3, 'accepted', 1)`, [
          proof.id,
          kept.id,
          year,
        ]);
      }
      const before = pageOf(await footprint(), gamma);
      expect(before.department.cycle).toMatchObject({ basis: 'working', startsOn: '2023-03-01' });
      await expectPageToMatchApi(before);

      const current = (await request(t.server).get(`/api/departments/${gamma}`).set(bearer(admin)).expect(200)).body as { version: number };
      await request(t.server).patch(`/api/departments/${gamma}`).set(bearer(admin)).send({ version: current.version, awardDate: '2023-03-01', accreditationStatus: 'accredited' }).expect(200);
      const after = pageOf(await footprint(), gamma);
      expect(after.department.cycle).toMatchObject({ basis: 'award', startsOn: '2023-03-01' });
      await expectPageToMatchApi(after);
    });
  });

  describe('the figures kept ahead (department_figures), for every replica and restart', () => {
    const keptRows = (): Promise<{ department_id: string; key: string; summary: string }[]> =>
      t.dataSource.query('SELECT e.department_id, f.key, f.summary FROM department_figures f JOIN enrolment e ON e.id = f.enrolment_id ORDER BY e.department_id');
    const engineReads = async <T>(app: TestApp, run: () => Promise<T>): Promise<{ result: T; reads: string[][] }> => {
      const spy = jest.spyOn(app.app.get(ComplianceRepository), 'fileCoverage');
      try {
        const result = await run();
        const owners = await departmentsOfEnrolments(t.dataSource);
        return { result, reads: spy.mock.calls.map(([, cycles]) => cycles.map((c) => owners.get(c.enrolmentId) as string)) };
      } finally {
        spy.mockRestore();
      }
    };
    const departmentCount = async (): Promise<number> => Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM department WHERE archived_at IS NULL'))[0].n);

    it('the keeper computes every out-of-date department once, and then nothing until something changes', async () => {
      const keeper = t.app.get(ComplianceKeeper);
      const departments = await departmentCount();
      const first = await keeper.keepCurrent();
      expect(first).toEqual({ skipped: false, computed: departments });
      expect((await keptRows()).length).toBe(departments);
      expect(await keeper.keepCurrent()).toEqual({ skipped: false, computed: 0 });

      await t.dataSource.query(`UPDATE standard_file SET notes = 'kept' WHERE department_id = $1`, [alpha]);
      expect(await keeper.keepCurrent()).toEqual({ skipped: false, computed: 1 });
      clock.advance(DAY_MS);
      try {
        expect(await keeper.keepCurrent()).toEqual({ skipped: false, computed: departments });
      } finally {
        clock.set(NOW);
      }
      expect(await keeper.keepCurrent()).toEqual({ skipped: false, computed: departments });
    });

    it('what is kept is the summary the engine computes afresh, exactly', async () => {
      await t.app.get(ComplianceKeeper).keepCurrent();
      for (const row of await keptRows()) {
        const { files: _files, deadlines: _deadlines, ...fresh } = await t.app.get(ComplianceService).snapshot(row.department_id, { fresh: true });
        expect(JSON.parse(row.summary)).toEqual(fresh);
      }
    });

    it('a restarted service answers from the kept figures, and only while their key holds', async () => {
      await t.app.get(ComplianceKeeper).keepCurrent();
      // Marks alpha's kept figures, so that an answer from them can be told from one computed afresh.
      await t.dataSource.query(
        `UPDATE department_figures SET summary = jsonb_set(summary::jsonb, '{figures,verdict,summary}', '"from department_figures"')::text WHERE enrolment_id = (SELECT id FROM enrolment WHERE department_id = $1 AND "primary")`,
        [alpha],
      );
      const restarted = await startTestApp(t.config.databaseUrl as string, {}, clock);
      try {
        const engine = restarted.app.get(ComplianceService);
        const { result: kept, reads } = await engineReads(restarted, () => engine.summariesOf('all'));
        expect(reads).toEqual([]);
        expect(kept.find((s) => s.department.id === alpha)?.figures.verdict.summary).toBe('from department_figures');

        // A change since: the kept figures no longer answer for alpha, and beta's still do.
        await t.dataSource.query(`UPDATE standard_file SET notes = 'changed since' WHERE department_id = $1`, [alpha]);
        const { result: after, reads: afterReads } = await engineReads(restarted, () => engine.summariesOf('all'));
        expect(afterReads).toEqual([[alpha]]);
        expect(after.find((s) => s.department.id === alpha)?.figures.verdict.summary).not.toBe('from department_figures');
        const { files: _files, deadlines: _deadlines, ...fresh } = await engine.snapshot(alpha, { fresh: true });
        expect(after.find((s) => s.department.id === alpha)).toEqual(fresh);
      } finally {
        await restarted.close();
      }
    });

    it('figures kept under other settings are not read (another threshold computes afresh)', async () => {
      await t.app.get(ComplianceKeeper).keepCurrent();
      const other = await startTestApp(t.config.databaseUrl as string, { readiness: { ...t.config.readiness, otherThresholdPercent: 50 } }, clock);
      try {
        const { result, reads } = await engineReads(other, () => other.app.get(ComplianceService).summariesOf('all'));
        expect(reads).toHaveLength(1);
        expect(result.every((s) => s.figures.verdict.thresholdPercent === 50)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('two replicas keeping at once compute each department once between them', async () => {
      await t.dataSource.query(`UPDATE compliance_revision SET revision = gen_random_uuid()`);
      const second = await startTestApp(t.config.databaseUrl as string, {}, clock);
      try {
        const runs = await Promise.all([t.app.get(ComplianceKeeper).keepCurrent(), second.app.get(ComplianceKeeper).keepCurrent()]);
        expect(runs[0].computed + runs[1].computed).toBe(await departmentCount());
        expect(await t.app.get(ComplianceKeeper).keepCurrent()).toEqual({ skipped: false, computed: 0 });
      } finally {
        await second.close();
      }
    });

    it('with a refresh interval set, the keeper works on its own after a change', async () => {
      const timed = await startTestApp(t.config.databaseUrl as string, { readiness: { ...t.config.readiness, figuresRefreshSeconds: 1 } }, clock);
      try {
        await t.dataSource.query(`UPDATE standard_file SET notes = 'on its own' WHERE department_id = $1`, [beta]);
        const [{ revision }] = await t.dataSource.query<{ revision: string }[]>('SELECT revision FROM compliance_revision WHERE department_id = $1', [beta]);
        let kept = '';
        for (let tries = 0; tries < 100 && !kept.includes(revision); tries++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          kept = (await keptRows()).find((r) => r.department_id === beta)?.key ?? '';
        }
        expect(kept).toContain(revision);
      } finally {
        await timed.close();
      }
    });
  });
});
