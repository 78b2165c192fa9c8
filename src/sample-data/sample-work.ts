import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addDays, IsoDate } from '../kernel/accreditation-cycle';
import type { DepartmentWithCycle } from '../compliance/compliance.service';
import { daysBetween } from '../compliance/rules/deadline-state';
import { FOOTPRINT_DEPARTMENTS } from './footprint';

/**
 * File work on top of the first-start sample data (the three 24:1 departments on the sample
 * manual), for the README's report previews (src/report-preview.cli.ts): results and workflow
 * states, directives, a few exclusions, and the proofs filed year by year of each department's
 * current cycle, mostly accepted, some awaiting review, a few returned. Metadata only: the stored
 * objects have no bytes. Deterministic: every choice is a hash of the department and the standard,
 * every date follows from the cycle, so the same sample data and day give the same reports.
 * Never run by the service.
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

interface SampleFileRow {
  id: string;
  department_id: string;
  number: string;
  title: string;
  chapter: number;
  frequency: string | null;
}

export interface SampleWorkSummary {
  files: number;
  proofs: number;
}

/**
 * Adds the work inside `manager`'s transaction. `cycles` are the departments' current cycles
 * (ComplianceService.cycles() on the day of the previews), `reviewerId` the user who uploaded and
 * reviewed the proofs (the demo accreditation manager).
 */
export async function addSampleWork(manager: EntityManager, cycles: readonly DepartmentWithCycle[], reviewerId: string, today: IsoDate): Promise<SampleWorkSummary> {
  const files: SampleFileRow[] = await manager.query(
    `SELECT f.id, f.department_id, f.standard_number AS number, s.title, s.chapter, s.frequency
       FROM standard_file f JOIN standard s ON s.id = f.standard_id
      WHERE f.in_scope ORDER BY f.department_id, f.sort_key`,
  );
  const cycleOf = new Map(cycles.map((c) => [c.department.id, c]));
  const updates: { id: string; applicability: string; reason: string | null; result: string; status: string; directives: string }[] = [];
  const proofs: { key: string; departmentId: string; fileId: string; sha256: string; fileName: string; kind: string; effectiveDate: IsoDate; cycleStartsOn: IsoDate; cycleYear: number; state: string }[] = [];

  for (const f of files) {
    const c = cycleOf.get(f.department_id);
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
        });
      }
    }
  }

  await manager.query(
    `UPDATE standard_file f
        SET applicability = u.applicability, applicability_reason = u.reason, result = u.result, status = u.status,
            directives = u.directives::jsonb, version = f.version + 1
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, applicability, reason, result, status, directives)
      WHERE f.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.applicability), updates.map((u) => u.reason), updates.map((u) => u.result), updates.map((u) => u.status), updates.map((u) => u.directives)],
  );
  await manager.query(
    `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key)
     SELECT sha, 20000 + get_byte(decode(sha, 'hex'), 0) * 1000, 'application/pdf', 'sample/' || sha FROM unnest($1::text[]) AS sha`,
    [proofs.map((p) => p.sha256)],
  );
  await manager.query(
    `WITH p AS (
       INSERT INTO proof (department_id, sha256, file_name, kind, effective_date, uploaded_by_user_id)
       SELECT department_id, sha, file_name, kind, effective_date, $7 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[]) AS x(department_id, sha, file_name, kind, effective_date)
       RETURNING id, sha256)
     INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, review_reason, reviewed_by_user_id, reviewed_at, created_by_user_id, version)
     SELECT p.id, l.file_id, l.starts_on, l.cycle_year, l.state,
            CASE WHEN l.state = 'returned' THEN 'Unsigned copy: file the signed one.' END,
            CASE WHEN l.state = 'pending' THEN NULL ELSE $7::uuid END,
            CASE WHEN l.state = 'pending' THEN NULL ELSE (l.effective_date + 7)::timestamptz END, $7, 1
       FROM unnest($2::text[], $6::uuid[], $8::date[], $9::smallint[], $10::text[], $5::date[]) AS l(sha, file_id, starts_on, cycle_year, state, effective_date)
       JOIN p ON p.sha256 = l.sha`,
    [
      proofs.map((p) => p.departmentId),
      proofs.map((p) => p.sha256),
      proofs.map((p) => p.fileName),
      proofs.map((p) => p.kind),
      proofs.map((p) => p.effectiveDate),
      proofs.map((p) => p.fileId),
      reviewerId,
      proofs.map((p) => p.cycleStartsOn),
      proofs.map((p) => p.cycleYear),
      proofs.map((p) => p.state),
    ],
  );
  return { files: updates.length, proofs: proofs.length };
}
