import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock';
import type { ReadinessDto } from '../src/readiness/dto/readiness.dto';
import { DeadlinesService } from '../src/deadlines/deadlines.service';
import { ReportDataRepository } from '../src/reports/report-data.repository';
import { ReportDataService } from '../src/reports/report-data.service';
import { reportTemplatesDir } from '../src/reports/report-template';
import type { FootprintDepartmentView, FootprintReport } from '../src/reports/view-models';
import { bearer, insertDepartment, insertSession, insertUser } from './support/fixtures';
import { sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * compliance_revision (migration ComplianceRevision): the stamp that moves with every change to a
 * department's files, proofs and proof links, whatever wrote it; and the footprint report's pages
 * kept under it (ReportDataService.footprint), which must never show a department as it was before
 * a change. Each page is checked against the readiness API, which keeps nothing in memory.
 */

const NOW = new Date('2026-06-10T15:00:00Z');
const DAY_MS = 86_400_000;
const GENERATION = { generatedAt: NOW.toISOString(), timeZone: 'UTC', generatedBy: 'Test' };
const COMPACT = { deadlines: 6, blockers: 6 };

const revisionOf = async (ds: DataSource, departmentId: string): Promise<string | null> => {
  const rows = await ds.query<{ revision: string }[]>('SELECT revision FROM compliance_revision WHERE department_id = $1', [departmentId]);
  return rows[0]?.revision ?? null;
};

describe('compliance revision and the footprint pages kept under it', () => {
  let t: TestApp;
  const clock = new FixedClock(NOW);
  let alpha: string;
  let beta: string;
  let admin: string;
  let manager: string;
  const files: Record<string, string> = {};

  const footprint = (): Promise<FootprintReport> => t.app.get(ReportDataService).footprint('all', GENERATION, 'Footprint', COMPACT);
  const pageOf = (report: FootprintReport, departmentId: string): FootprintDepartmentView =>
    report.departments.find((d) => d.department.id === departmentId) as FootprintDepartmentView;

  /** What the footprint page shows, as the readiness API (computed afresh on every call) says it. */
  const expectPageToMatchApi = async (page: FootprintDepartmentView): Promise<void> => {
    const api = (await request(t.server).get(`/api/departments/${page.department.id}/readiness`).set(bearer(admin)).expect(200)).body as ReadinessDto;
    expect({
      name: page.department.name,
      mandatory: [page.verdict.mandatory.applicable, page.verdict.mandatory.compliant],
      other: [page.verdict.other.applicable, page.verdict.other.compliant],
      meetsRule: page.verdict.meetsRule,
      blockers: page.blockerTotal,
      overdue: page.deadlines.overdueTotal,
      dueSoon: page.deadlines.dueSoonTotal,
    }).toEqual({
      name: api.departmentName,
      mandatory: [api.mandatory.applicable, api.mandatory.compliant],
      other: [api.other.applicable, api.other.compliant],
      meetsRule: api.verdict.meetsRule,
      blockers: api.blockers.length,
      overdue: api.deadlines.overdue,
      dueSoon: api.deadlines.dueSoon,
    });
  };

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    alpha = await insertDepartment(ds, 'Alpha Police Department', 'Alpha PD');
    beta = await insertDepartment(ds, 'Beta Police Department', 'Beta PD');
    await ds.query(`UPDATE department SET sworn_officers = 30, award_date = '2023-03-01', accreditation_status = 'accredited' WHERE id = ANY($1)`, [[alpha, beta]]);
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId: alpha, role: 'manager' }] }));
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const csv = await readFile(join(reportTemplatesDir(), '..', 'sample-manual.csv'));
    const manualId = (await req.attach('file', csv, 'sample-manual.csv').expect(201)).body.manual.id as string;
    for (const id of [alpha, beta]) await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    for (const r of await ds.query<{ id: string; standard_number: string }[]>('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [alpha])) {
      files[r.standard_number] = r.id;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the stamp', () => {
    it('every department has one, and each change to its files, proofs or links moves it, in that department only', async () => {
      const ds = t.dataSource;
      const [proof]: { id: string }[] = await ds.query(
        `WITH o AS (INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES (repeat('a', 64), 10, 'application/pdf', 'x') RETURNING sha256)
         INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) SELECT $1, sha256, 'p.pdf', 'document', '2026-01-15' FROM o RETURNING id`,
        [alpha],
      );
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

    it('a transaction writes the stamp once, at commit, however many rows it changes', async () => {
      const ds = t.dataSource;
      const before = BigInt((await revisionOf(ds, alpha)) as string);
      await ds.transaction(async (m) => {
        await m.query(`UPDATE standard_file SET notes = 'many' WHERE department_id = $1`, [alpha]);
        await m.query(`UPDATE standard_file SET notes = 'again' WHERE department_id = $1`, [alpha]);
        // Deferred to commit: inside the transaction the stamp has not moved yet.
        expect(await m.query('SELECT revision FROM compliance_revision WHERE department_id = $1', [alpha])).toEqual([{ revision: String(before) }]);
      });
      const [{ last_value: sequence }]: { last_value: string }[] = await ds.query('SELECT last_value FROM compliance_revision_seq');
      expect(BigInt((await revisionOf(ds, alpha)) as string)).toBe(BigInt(sequence));
      expect(BigInt(sequence) - before).toBe(1n);
    });
    it('concurrent writers in one department all commit, and the footprint read meanwhile is never kept stale', async () => {
      const numbers = Object.keys(files).filter((n) => !n.startsWith('1.1.')).slice(0, 6);
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
    it('an unchanged department is answered from memory, and matches the readiness API', async () => {
      const first = await footprint();
      const second = await footprint();
      expect(second.departments.map((d) => d.department.name)).toEqual(['Alpha Police Department', 'Beta Police Department']);
      for (const d of second.departments) expect(d).toBe(pageOf(first, d.department.id));
      expect(Object.isFrozen(second.departments[0].verdict)).toBe(true);
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
      const reads = jest.spyOn(t.app.get(ReportDataRepository), 'applicableFiles');
      const after = await footprint();
      expect(reads.mock.calls.map(([, cycles]) => cycles.map((c) => c.departmentId))).toEqual([[alpha]]);
      reads.mockRestore();
      expect(pageOf(after, beta)).toBe(pageOf(before, beta));
      expect(pageOf(after, alpha)).not.toBe(pageOf(before, alpha));
      expect(pageOf(after, alpha)).not.toEqual(pageOf(before, alpha));
      await expectPageToMatchApi(pageOf(after, alpha));
    });

    it("after a department's profile changes, its header shows it", async () => {
      const before = await footprint();
      const current = (await request(t.server).get(`/api/departments/${beta}`).set(bearer(admin)).expect(200)).body as { version: number };
      await request(t.server).patch(`/api/departments/${beta}`).set(bearer(admin)).send({ version: current.version, name: 'Beta Police Department (renamed)' }).expect(200);
      const after = await footprint();
      expect(pageOf(after, beta).department.name).toBe('Beta Police Department (renamed)');
      expect(pageOf(after, alpha)).toBe(pageOf(before, alpha));
      await expectPageToMatchApi(pageOf(after, beta));
    });

    it('on another day every page is computed again, from the figures kept: deadlines move with the date', async () => {
      const before = await footprint();
      clock.advance(120 * DAY_MS);
      const repository = t.app.get(ReportDataRepository);
      const reads = [jest.spyOn(repository, 'applicableFiles'), jest.spyOn(t.app.get(DeadlinesService), 'activities')];
      try {
        const after = await footprint();
        for (const read of reads) expect(read).not.toHaveBeenCalled();
        for (const d of after.departments) {
          expect(d).not.toBe(pageOf(before, d.department.id));
          expect(d.deadlines.asOf).toBe('2026-10-08');
          await expectPageToMatchApi(d);
        }
      } finally {
        for (const read of reads) read.mockRestore();
        clock.set(NOW);
      }
    });

    it('in a new cycle the figures are read again: blockers and milestones follow the cycle', async () => {
      const reads = jest.spyOn(t.app.get(ReportDataRepository), 'applicableFiles');
      clock.set(new Date('2027-03-05T15:00:00Z'));
      try {
        const after = await footprint();
        expect(reads.mock.calls.map(([, cycles]) => cycles.map((c) => c.startsOn))).toEqual([['2027-03-01', '2027-03-01']]);
        for (const d of after.departments) {
          expect(d.department.cycle).toMatchObject({ number: 2, year: 1 });
          await expectPageToMatchApi(d);
        }
      } finally {
        reads.mockRestore();
        clock.set(NOW);
      }
    });
  });
});
