import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addDays, IsoDate } from '../kernel/accreditation-cycle';
import type { DepartmentWithCycle } from '../compliance/compliance.service';
import { daysBetween } from '../compliance/rules/deadline-state';
import { FOOTPRINT_DEPARTMENTS } from './footprint';
import { SampleDataRepository, type SampleFileWork, type SampleProof } from './sample-data.repository';
import { samplePdf } from './sample-pdf';

/**
 * File work on top of the first-start sample data (the 24:1 departments on the sample manual):
 * results and workflow states, directives, a few exclusions, and the proofs filed year by year of
 * each department's current cycle, mostly accepted, some awaiting review, a few returned. The first
 * start adds it to the accredited departments, with each proof's bytes stored (`store`: a small
 * PDF marked as sample data); the README's report previews (src/report-preview.cli.ts) and tests
 * add it without bytes. Only files nobody has worked on are touched. Deterministic: every choice
 * is a hash of the department and the standard, every date follows from the cycle, so the same
 * sample data and day give the same reports.
 */

/** How far along each department is (share of files with their proofs), by name. */
const MATURITY: Record<(typeof FOOTPRINT_DEPARTMENTS)[number]['name'], number> = {
  'Normandy Police Department': 0.72,
  'North County Police Cooperative': 0.93,
  'Pagedale Police Department': 0.86,
};

const PROOF_NAMES = [
  'Signed directive and acknowledgement roster',
  'Annual review memo',
  'Training roster and lesson plan',
  'Supervisor inspection report',
  'Sample reports (redacted)',
  'Policy acknowledgement log',
  'Quarterly analysis',
  'Chief approval memo',
] as const;

const DIRECTIVE_SERIES = ['GO', 'SOP', 'GO', 'Manual'] as const;

/** A number in [0, 1) from the given parts: the same parts, the same number. */
function unit(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

export interface SampleWorkSummary {
  files: number;
  proofs: number;
}

/**
 * Adds the work inside `manager`'s transaction (SQL in SampleDataRepository). `cycles` are the departments'
 * current cycles (ComplianceService.cycles() on the day of the previews), `reviewerId` the user who
 * uploaded and reviewed the proofs (the demo accreditation manager).
 */
export async function addSampleWork(
  manager: EntityManager,
  cycles: readonly DepartmentWithCycle[],
  reviewerId: string,
  today: IsoDate,
  options: { repository?: SampleDataRepository; store?: (bytes: Buffer) => Promise<{ sha256: string; size: number; key: string }> } = {},
): Promise<SampleWorkSummary> {
  const repository = options.repository ?? new SampleDataRepository();
  const files = await repository.findUnworkedInScopeFiles(manager);
  const cycleOf = new Map(cycles.map((c) => [c.enrolment.id, c]));
  const updates: SampleFileWork[] = [];
  const proofs: SampleProof[] = [];

  for (const f of files) {
    const c = cycleOf.get(f.enrolment_id);
    if (!c) continue;
    const name = c.department.name;
    const maturity = MATURITY[name as keyof typeof MATURITY] ?? 0.8;
    const roll = unit(name, f.number, 'file');
    // About one file in thirty does not apply to the department (with the reason on record).
    if (roll > 0.97) {
      updates.push({ id: f.id, applicability: 'not_applicable', reason: 'The agency does not perform this function; see the service agreement.', result: 'not_assessed', status: 'accepted', directives: '[]' });
      continue;
    }
    const done = roll < maturity;
    const result = done ? 'compliant' : roll < maturity + 0.04 ? 'partially_compliant' : roll < maturity + 0.07 ? 'non_compliant' : 'not_assessed';
    const status = done ? (unit(name, f.number, 'status') < 0.85 ? 'accepted' : 'in_review') : result === 'not_assessed' ? 'to_do' : 'in_progress';
    const series = DIRECTIVE_SERIES[Math.floor(unit(f.number, 'series') * DIRECTIVE_SERIES.length)];
    const directives = [{ number: `${series} ${f.chapter}.${Math.floor(unit(f.number, 'directive') * 20) + 1}`, title: f.title, effectiveDate: addDays(c.cycle.startsOn, 30) }];
    updates.push({ id: f.id, applicability: 'applicable', reason: null, result, status, directives: JSON.stringify(directives) });

    // Proofs for each year of the cycle so far: a file that is done has them all; one under way, the early years.
    for (const year of c.cycle.years) {
      if (year.year > c.cycle.currentYear) break;
      if (!done && unit(name, f.number, year.year, 'partial') > 0.45) continue;
      const span = daysBetween(year.startsOn, year.endsOn < today ? year.endsOn : today) + 1;
      // Two proofs a year for a time-sensitive standard: with two activities or more, one each for the first two.
      const count = f.frequency ? 2 : 1;
      for (let n = 0; n < count; n++) {
        const effectiveDate = addDays(year.startsOn, Math.floor(unit(name, f.number, year.year, n, 'date') * span));
        if (effectiveDate > today) continue;
        const label = PROOF_NAMES[Math.floor(unit(name, f.number, year.year, n, 'name') * PROOF_NAMES.length)];
        const review = unit(name, f.number, year.year, n, 'review');
        const state = year.year < c.cycle.currentYear ? (review < 0.96 ? 'accepted' : 'returned') : review < 0.6 ? 'accepted' : review < 0.95 ? 'pending' : 'returned';
        const key = `${name}/${f.number}/${year.year}/${n}`;
        proofs.push({
          key,
          departmentId: f.department_id,
          fileId: f.id,
          sha256: createHash('sha256').update(key).digest('hex'),
          fileName: `${f.number} ${label} ${effectiveDate}.pdf`,
          kind: unit(key, 'kind') < 0.06 ? 'no_activity_memo' : 'document',
          effectiveDate,
          cycleStartsOn: c.cycle.startsOn,
          cycleYear: year.year,
          state,
          activityKey: f.activity_keys[n % Math.max(1, Math.min(2, f.activity_keys.length))] ?? '',
        });
      }
    }
  }

  if (options.store) {
    const store = options.store;
    for (const proof of proofs) {
      const department = cycles.find((c) => c.department.id === proof.departmentId)?.department.name ?? '';
      const bytes = samplePdf(proof.fileName.replace(/\.pdf$/, ''), [department, `Activity dated ${proof.effectiveDate}, cycle year ${proof.cycleYear}`, `Sample ${proof.key}`]);
      const stored = await store(bytes);
      proof.sha256 = stored.sha256;
      proof.stored = { size: stored.size, key: stored.key };
    }
  }
  await repository.updateFileWork(manager, updates);
  await repository.insertProofsWithLinks(manager, proofs, reviewerId);
  return { files: updates.length, proofs: proofs.length };
}

/**
 * Readies the first-start sample data for the previews, inside `manager`'s transaction: every
 * department created at `createdAt` (a fixed day, so the previews do not move). Returns the
 * departments' ids by name and the id of the user with `reviewerEmail`; throws when that user is missing.
 */
export async function stagePreviewBase(
  manager: EntityManager,
  createdAt: string,
  reviewerEmail: string,
  repository = new SampleDataRepository(),
): Promise<{ departmentIds: Map<string, string>; reviewerId: string }> {
  await repository.setAllDepartmentsCreatedAt(manager, createdAt);
  const departmentIds = await repository.findDepartmentIdsByName(manager);
  const reviewerId = await repository.findUserIdByEmail(manager, reviewerEmail);
  if (!reviewerId) throw new Error(`the sample user ${reviewerEmail} is missing`);
  return { departmentIds, reviewerId };
}
