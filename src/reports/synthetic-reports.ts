/**
 * Deterministic, clearly synthetic view models for tests, previews and benchmarks: the synthetic
 * manual (461 standards, CALEA's chapter numbering) worked by an imaginary department whose
 * files are mostly in order. No licensed CALEA text; titles are the synthetic manual's, or the
 * public sample titles when given.
 */
import { accreditationCycle, addDays, IsoDate } from '../kernel/accreditation-cycle';
import type { ComplianceResult, WorkflowStatus } from '../files/entities/standard-file.entity';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import type { CoverageCell, CycleYearNumber } from '../compliance/rules/coverage-grid';
import { DEFAULT_SIZE_CLASS_RANGES, sizeClassForSworn } from '../kernel/size-class';
import { CALEA_CYCLE_YEARS } from '../kernel/program-values';
import type { Level, ParsedStandard } from '../kernel/standard-types';
import { generateSyntheticManual, mulberry32 } from '../standards/rules/synthetic-manual';
import { ComplianceCounts, endedYearsWithoutProof, fileStanding, tallyStanding } from '../compliance/rules/readiness';
import { blockerViews, coverageRowView, cycleYearLabels, verdictView } from './view-model-builders';
import type {
  AssessmentFindingView,
  AssessmentReport,
  AssessmentStandardView,
  ChapterComplianceView,
  CycleView,
  DeadlineView,
  DepartmentHeader,
  DepartmentReadinessReport,
  ExclusionView,
  FileReviewChapterView,
  FileReviewReport,
  FileReviewStandardView,
  FootprintDepartmentView,
  FootprintReport,
  MilestoneView,
  ProgramTier,
  ProofView,
} from './view-models';

export interface SyntheticDepartmentProfile {
  id: string;
  name: string;
  shortName: string;
  programTier: ProgramTier;
  swornOfficers: number;
  awardDate: IsoDate | null;
  /** 0..1: how much of the file work is done. */
  maturity: number;
}

/** The three departments of the 24:1 sample (illustrative sworn counts and award days), then synthetic ones. */
export const SAMPLE_PROFILES: readonly SyntheticDepartmentProfile[] = [
  { id: '5b0c1c1e-0000-4000-8000-000000000001', name: 'Normandy Police Department', shortName: 'Normandy PD', programTier: 'tier1', swornOfficers: 30, awardDate: null, maturity: 0.86 },
  { id: '5b0c1c1e-0000-4000-8000-000000000002', name: 'North County Police Cooperative', shortName: 'NCPC', programTier: 'tier1', swornOfficers: 35, awardDate: '2018-07-01', maturity: 0.97 },
  { id: '5b0c1c1e-0000-4000-8000-000000000003', name: 'Pagedale Police Department', shortName: 'Pagedale PD', programTier: 'tier1', swornOfficers: 15, awardDate: '2022-11-01', maturity: 0.995 },
];

export function syntheticProfiles(count: number): SyntheticDepartmentProfile[] {
  return Array.from({ length: count }, (_, i) => {
    if (i < SAMPLE_PROFILES.length) return SAMPLE_PROFILES[i];
    const n = String(i + 1).padStart(2, '0');
    const rng = mulberry32(1000 + i);
    return {
      id: `5b0c1c1e-0000-4000-8000-0000000000${n}`,
      name: `Synthetic Police Department ${n}`,
      shortName: `Synthetic PD ${n}`,
      programTier: rng() < 0.7 ? 'tier1' : 'advanced',
      swornOfficers: 10 + Math.floor(rng() * 180),
      awardDate: rng() < 0.6 ? `${2015 + Math.floor(rng() * 8)}-0${1 + Math.floor(rng() * 9)}-01` : null,
      maturity: 0.75 + rng() * 0.25,
    };
  });
}

export interface SyntheticOptions {
  profile?: SyntheticDepartmentProfile;
  /** Override the program tier (e.g. 'advanced' for all 461 standards). */
  programTier?: ProgramTier;
  today?: IsoDate;
  generatedAt?: string;
  timeZone?: string;
  manualVersion?: string;
  seed?: number;
  /** Real public titles by standard number (the sample manual), used instead of the synthetic ones. */
  titles?: ReadonlyMap<string, string>;
  chapterTitles?: ReadonlyMap<number, string>;
  /** Proofs per year at most (default 3). */
  maxProofsPerYear?: number;
  /** Every standard in scope applicable (no not-applicable or waived ones). */
  allApplicable?: boolean;
}

interface SyntheticFile {
  standard: ParsedStandard;
  title: string;
  level: Level;
  applicability: 'applicable' | 'not_applicable' | 'waived';
  result: ComplianceResult;
  status: WorkflowStatus;
  years: { cycleYear: CycleYearNumber; coverage: CoverageCell; proofs: ProofView[] }[];
  directives: { number: string; title: string; effectiveDate: IsoDate | null }[];
}

interface SyntheticDepartment {
  header: DepartmentHeader;
  files: SyntheticFile[];
  today: IsoDate;
  generatedAt: string;
  timeZone: string;
  chapterTitles: ReadonlyMap<number, string>;
  awardDate: IsoDate | null;
}

/** The synthetic departments are CALEA's: four-year cycles. */
const CALEA_CYCLE = { cycleYears: CALEA_CYCLE_YEARS };
const REVIEWERS = ['J. Alvarez', 'M. Chen', 'D. Okafor', 'S. Brennan'];
const HEX = '0123456789abcdef';
const KINDS: ProofKind[] = ['document', 'document', 'document', 'no_activity_memo', 'observation_note'];
const WORDS = ['roster', 'memo', 'report', 'training-log', 'inspection', 'review', 'analysis', 'signed-acknowledgement', 'audit'];

function department(options: SyntheticOptions): SyntheticDepartment {
  const profile = options.profile ?? SAMPLE_PROFILES[0];
  const today = options.today ?? '2026-03-12';
  const rng = mulberry32((options.seed ?? 7) ^ hashString(profile.id));
  const programTier = options.programTier ?? profile.programTier;
  const sizeClass = sizeClassForSworn(profile.swornOfficers, DEFAULT_SIZE_CLASS_RANGES);
  const awarded = profile.awardDate ? accreditationCycle(profile.awardDate, today, CALEA_CYCLE) : null;
  const working = accreditationCycle(`${today.slice(0, 4)}-01-01`, today, CALEA_CYCLE);
  const c = awarded ?? working;
  const cycle: CycleView | null = c
    ? { number: c.cycleNumber, cycleYears: c.years.length, year: c.currentYear, startsOn: c.startsOn, endsOn: c.endsOn, basis: awarded ? 'award' : 'working' }
    : null;
  const currentYear: CycleYearNumber = cycle?.year ?? 1;
  const header: DepartmentHeader = {
    id: profile.id,
    name: profile.name,
    shortName: profile.shortName,
    programTier,
    sizeClass,
    swornOfficers: profile.swornOfficers,
    manualVersion: options.manualVersion ?? '6.15',
    cycle,
    logoPath: null,
  };

  const manual = generateSyntheticManual({ seed: options.seed ?? 6 });
  const inScope = manual.filter((s) => programTier === 'advanced' || s.tier1);
  const m = profile.maturity;
  const files = inScope.map((standard): SyntheticFile => {
    const level = standard.levels[sizeClass];
    const r = rng();
    const applicability = options.allApplicable ? 'applicable' : standard.kinds.includes('conditional') && r < 0.35 ? 'not_applicable' : r > 0.996 ? 'waived' : 'applicable';
    const pCompliant = level === 'M' ? m + (1 - m) * 0.5 : m - 0.05;
    const x = rng();
    const result: ComplianceResult = x < pCompliant ? 'compliant' : x < pCompliant + (1 - pCompliant) * 0.5 ? 'partially_compliant' : x < pCompliant + (1 - pCompliant) * 0.8 ? 'not_assessed' : 'non_compliant';
    const status: WorkflowStatus =
      result === 'compliant' ? (rng() < 0.85 ? 'accepted' : 'in_review') : result === 'not_assessed' ? (rng() < 0.5 ? 'to_do' : 'in_progress') : rng() < 0.3 ? 'returned' : 'in_progress';
    const years = ([1, 2, 3, 4] as const).map((cycleYear) => {
      const due = cycleYear <= currentYear;
      const filed = applicability === 'applicable' && (cycleYear < currentYear ? rng() < m + 0.08 : cycleYear === currentYear ? rng() < m - 0.1 : false);
      const count = filed ? 1 + Math.floor(rng() * (options.maxProofsPerYear ?? 3)) : 0;
      const proofs = Array.from({ length: count }, (_, i): ProofView => {
        const state: ProofReviewState = rng() < 0.8 ? 'accepted' : rng() < 0.75 ? 'pending' : 'returned';
        const kind = KINDS[Math.floor(rng() * KINDS.length)];
        const start = cycle ? addDays(cycle.startsOn, (cycleYear - 1) * 365) : today;
        const drawn = addDays(start, Math.floor(rng() * 300));
        const effectiveDate = drawn > today ? addDays(start, Math.floor(rng() * Math.max(1, daysBetween(start, today)))) : drawn;
        const word = WORDS[Math.floor(rng() * WORDS.length)];
        const slug = standard.number.replace(/\./g, '-');
        return {
          fileName: kind === 'no_activity_memo' ? `no-activity-memo-${slug}-y${cycleYear}.pdf` : `${slug}-${word}-${effectiveDate.slice(0, 7)}${i > 0 ? `-${i + 1}` : ''}.pdf`,
          effectiveDate,
          kind,
          sha256: Array.from({ length: 64 }, () => HEX[Math.floor(rng() * 16)]).join(''),
          reviewState: state,
          reviewerName: state === 'pending' ? null : REVIEWERS[Math.floor(rng() * REVIEWERS.length)],
        };
      });
      const counting = proofs.filter((p) => p.reviewState === 'accepted' || p.reviewState === 'pending').length;
      const coverage: CoverageCell = applicability !== 'applicable' ? 'not_required' : counting > 0 ? 'present' : due ? 'missing' : 'not_required';
      return { cycleYear, coverage, proofs };
    });
    const title = options.titles?.get(standard.number) ?? standard.title;
    const directiveCount = standard.kinds.includes('written_directive') ? 1 + Math.floor(rng() * 2) : 0;
    const directives = Array.from({ length: directiveCount }, (_, i) => ({
      number: `GO ${String(standard.chapter).padStart(2, '0')}-${String(Math.floor(rng() * 40) + 1).padStart(2, '0')}`,
      title: i === 0 ? title : `${title}: procedures`,
      effectiveDate: rng() < 0.9 ? `20${20 + Math.floor(rng() * 5)}-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-01` : null,
    }));
    return { standard, title, level, applicability, result, status, years, directives };
  });

  const chapterTitles = new Map<number, string>(options.chapterTitles ?? []);
  for (const s of inScope) if (!chapterTitles.has(s.chapter)) chapterTitles.set(s.chapter, `Synthetic chapter ${s.chapter}`);
  return {
    header,
    files,
    today,
    generatedAt: options.generatedAt ?? `${today}T19:05:00.000Z`,
    timeZone: options.timeZone ?? 'America/Chicago',
    chapterTitles,
    awardDate: profile.awardDate,
  };
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function readinessParts(d: SyntheticDepartment) {
  const applicable = d.files.filter((f) => f.applicability === 'applicable');
  const currentYear = d.header.cycle?.year ?? 1;
  // The readiness rule: a file counts when compliant and proven for every ended cycle year (fileStanding).
  const proofsOf = (f: SyntheticDepartment['files'][number]): [number, number, number, number] => {
    const byYear: [number, number, number, number] = [0, 0, 0, 0];
    for (const y of f.years) if (y.coverage === 'present') byYear[y.cycleYear - 1] = 1;
    return byYear;
  };
  const standing = (f: SyntheticDepartment['files'][number]) => fileStanding({ result: f.result, proofsByYear: proofsOf(f), currentYear });
  const count = (level: Level): ComplianceCounts => {
    const into: ComplianceCounts = { applicable: 0, compliant: 0, compliantMissingProofs: 0 };
    for (const f of applicable) if (f.level === level) tallyStanding(into, standing(f));
    return into;
  };
  const verdict = verdictView({ mandatory: count('M'), other: count('O') });
  const byChapter = new Map<number, ChapterComplianceView>();
  for (const f of applicable) {
    const ch = f.standard.chapter;
    let c = byChapter.get(ch);
    if (!c) byChapter.set(ch, (c = { chapter: ch, title: d.chapterTitles.get(ch) ?? `Chapter ${ch}`, mandatory: { applicable: 0, compliant: 0 }, other: { applicable: 0, compliant: 0 } }));
    tallyStanding(f.level === 'M' ? c.mandatory : c.other, standing(f));
  }
  const coverageRows = d.files.map((f) =>
    coverageRowView({
      number: f.standard.number,
      level: f.level,
      currentYear,
      cycleYears: CALEA_CYCLE_YEARS,
      notApplicable: f.applicability !== 'applicable',
      proofsByYear: Object.fromEntries(f.years.map((y) => [y.cycleYear, y.coverage === 'present' ? 1 : 0])),
    }),
  );
  const blockers = blockerViews(
    applicable.map((f, i) => ({
      number: f.standard.number,
      title: f.title,
      level: f.level,
      compliant: f.result === 'compliant',
      missingProofYears: endedYearsWithoutProof(proofsOf(f), currentYear),
      i,
    })),
    verdict.otherNeededForThreshold,
  );

  // Deadlines: the time-sensitive standards' current-year activity, due at the year's end or sooner.
  const rng = mulberry32(hashString(d.header.id) ^ 0x5eed);
  const overdue: DeadlineView[] = [];
  const dueSoon: DeadlineView[] = [];
  for (const f of applicable.filter((x) => x.standard.frequency !== null)) {
    const r = rng();
    const period = f.standard.frequency === 'quarterly' ? `${d.today.slice(0, 4)} Q${1 + Math.floor(rng() * 4)}` : `Cycle year ${currentYear}`;
    if (r < 0.12) {
      const days = -(1 + Math.floor(rng() * 90));
      overdue.push({ standardNumber: f.standard.number, title: f.title, periodLabel: period, dueOn: addDays(d.today, days), state: 'overdue', daysUntilDue: days });
    } else if (r < 0.3) {
      const days = Math.floor(rng() * 30);
      dueSoon.push({ standardNumber: f.standard.number, title: f.title, periodLabel: period, dueOn: addDays(d.today, days), state: 'due_soon', daysUntilDue: days, urgent: days <= 7 });
    }
  }
  overdue.sort((a, b) => a.daysUntilDue - b.daysUntilDue);
  dueSoon.sort((a, b) => a.daysUntilDue - b.daysUntilDue);

  return {
    verdict,
    chapters: [...byChapter.values()].sort((a, b) => a.chapter - b.chapter),
    coverage: { currentYear: d.header.cycle?.year ?? null, yearLabels: cycleYearLabels(d.header.cycle), rows: coverageRows },
    blockers,
    deadlines: { asOf: d.today, overdue, dueSoon, dueSoonDays: 30 },
  };
}

function exclusions(d: SyntheticDepartment): ExclusionView[] {
  return d.files
    .filter((f) => f.applicability !== 'applicable')
    .map((f) =>
      f.applicability === 'waived'
        ? { number: f.standard.number, title: f.title, applicability: 'waived', reason: 'State law conflicts with the standard (synthetic example).', waiverReference: `SRIC-W-${f.standard.chapter}-${f.standard.number.split('.')[2]}`, waiverDate: '2024-05-14', waiverEndsOn: '2028-05-13' }
        : { number: f.standard.number, title: f.title, applicability: 'not_applicable', reason: 'The agency has no such function or facility (synthetic example).', waiverReference: null, waiverDate: null, waiverEndsOn: null },
    );
}

export function syntheticDepartmentReadiness(options: SyntheticOptions = {}): DepartmentReadinessReport {
  const d = department(options);
  const parts = readinessParts(d);
  return {
    kind: 'department-readiness',
    cover: { ...d.header, generatedAt: d.generatedAt, timeZone: d.timeZone, generatedBy: 'Demo Accreditation Manager' },
    verdict: parts.verdict,
    chapters: parts.chapters,
    coverage: parts.coverage,
    deadlines: parts.deadlines,
    blockers: parts.blockers,
    exclusions: exclusions(d),
    signature: { chiefName: 'Demo Chief', chiefTitle: 'Chief of Police', dateLine: 'Date', signedOn: null },
  };
}

export function syntheticFileReview(options: SyntheticOptions = {}): FileReviewReport {
  const d = department(options);
  const chapters = new Map<number, FileReviewChapterView>();
  for (const f of d.files.filter((x) => x.applicability === 'applicable')) {
    const ch = f.standard.chapter;
    let c = chapters.get(ch);
    if (!c) chapters.set(ch, (c = { chapter: ch, title: d.chapterTitles.get(ch) ?? `Chapter ${ch}`, standards: [] }));
    const standard: FileReviewStandardView = {
      number: f.standard.number,
      title: f.title,
      level: f.level,
      result: f.result,
      status: f.status,
      directives: f.directives,
      years: f.years,
    };
    c.standards.push(standard);
  }
  return {
    kind: 'file-review',
    department: d.header,
    generatedAt: d.generatedAt,
    timeZone: d.timeZone,
    generatedBy: 'Demo Assessor',
    yearLabels: cycleYearLabels(d.header.cycle),
    chapters: [...chapters.values()],
  };
}

function nextMilestone(d: SyntheticDepartment): MilestoneView | null {
  const c = d.header.cycle;
  if (!c || c.basis !== 'award') return null;
  const cycle = accreditationCycle(d.awardDate as IsoDate, d.today, CALEA_CYCLE);
  if (!cycle) return null;
  const upcoming = [
    ...cycle.annualReviewDates.map((date, i) => ({ label: `Annual web-based review (year ${i + 1})`, date })),
    { label: 'Site-based assessment', date: cycle.siteAssessmentOn },
  ].filter((m) => m.date >= d.today);
  return upcoming[0] ?? null;
}

export function syntheticFootprint(options: SyntheticOptions & { departments?: number; title?: string; compact?: { deadlines: number; blockers: number } } = {}): FootprintReport {
  const profiles = syntheticProfiles(options.departments ?? 3);
  const limits = options.compact ?? { deadlines: 6, blockers: 8 };
  const departments = profiles.map((profile): FootprintDepartmentView => {
    const d = department({ ...options, profile });
    const parts = readinessParts(d);
    return {
      department: d.header,
      verdict: parts.verdict,
      nextMilestone: nextMilestone(d),
      chapters: parts.chapters,
      deadlines: {
        ...parts.deadlines,
        overdue: parts.deadlines.overdue.slice(0, limits.deadlines),
        dueSoon: parts.deadlines.dueSoon.slice(0, limits.deadlines),
        overdueTotal: parts.deadlines.overdue.length,
        dueSoonTotal: parts.deadlines.dueSoon.length,
      },
      blockers: parts.blockers.slice(0, limits.blockers),
      blockerTotal: parts.blockers.length,
    };
  });
  const today = options.today ?? '2026-03-12';
  return {
    kind: 'footprint',
    title: options.title ?? '24:1 footprint, North St. Louis County',
    generatedAt: options.generatedAt ?? `${today}T19:05:00.000Z`,
    timeZone: options.timeZone ?? 'America/Chicago',
    generatedBy: 'Demo Accreditation Manager',
    departments,
  };
}

const REVIEW_STATUSES = ['in_compliance', 'in_compliance', 'in_compliance', 'needs_more_proof', 'not_in_compliance', 'not_applicable_questioned'] as const;

/**
 * An assessment of the synthetic department's applicable standards: the first `reviewedShare` of
 * them reviewed (a mix of statuses, some per bullet, with notes and proofs named), a finding for each
 * status other than in compliance, half answered, some closed, and a summary. Deterministic.
 */
export function syntheticAssessment(options: SyntheticOptions & { reviewedShare?: number; summary?: string | null } = {}): AssessmentReport {
  const d = department(options);
  const rng = mulberry32((options.seed ?? 11) ^ hashString(`${d.header.id}-assessment`));
  const files = d.files.filter((f) => f.applicability === 'applicable');
  const reviewed = Math.floor(files.length * (options.reviewedShare ?? 0.7));
  const standards: AssessmentStandardView[] = [];
  const findings: AssessmentFindingView[] = [];
  const at = (day: number) => `2026-0${2 + (day % 2)}-${String(10 + (day % 18)).padStart(2, '0')}T15:${String(day % 60).padStart(2, '0')}:00.000Z`;
  files.forEach((f, i) => {
    const status = i < reviewed ? REVIEW_STATUSES[Math.floor(rng() * REVIEW_STATUSES.length)] : 'not_reviewed';
    const proof = i < reviewed && rng() < 0.3 ? `${WORDS[i % WORDS.length]}-${f.standard.number}.pdf, page ${1 + (i % 9)}` : null;
    const notes = status === 'in_compliance' ? (rng() < 0.4 ? `Directive ${f.standard.number} in force; proofs of each year seen.` : null) : status === 'not_reviewed' ? null : `The ${WORDS[i % WORDS.length]} for ${f.standard.number} does not show the activity of every year under review; the directive names no responsible position.`;
    const bullets = f.standard.bullets.length > 0 && i < reviewed && rng() < 0.5 ? [{ bullet: f.standard.bullets[0].letter, status: 'needs_more_proof', notes: `Bullet ${f.standard.bullets[0].letter}: no proof of the activity.`, proof: null, by: 'Ann Assessor' }] : [];
    standards.push({
      number: f.standard.number,
      title: f.title,
      chapter: f.standard.chapter,
      chapterTitle: d.chapterTitles.get(f.standard.chapter) ?? `Chapter ${f.standard.chapter}`,
      status: { bullet: '', status, notes, proof, by: status === 'not_reviewed' ? null : i % 3 === 0 ? 'Mo Mock' : 'Ann Assessor' },
      bullets,
    });
    for (const st of [{ bullet: '', status, notes }, ...bullets]) {
      if (st.status === 'in_compliance' || st.status === 'not_reviewed') continue;
      const n = findings.length;
      const answered = n % 2 === 0;
      const closed = n % 4 === 0;
      findings.push({
        number: f.standard.number,
        title: f.title,
        bullet: st.bullet,
        status: st.status,
        description: st.notes ?? `${f.standard.number}: needs attention`,
        state: closed ? 'closed' : answered ? 'answered' : 'open',
        dueOn: `2026-0${4 + (n % 3)}-15`,
        overdue: !closed && n % 5 === 1,
        openedBy: i % 3 === 0 ? 'Mo Mock' : 'Ann Assessor',
        openedAt: at(n),
        closedAt: closed ? at(n + 20) : null,
        closeNote: closed ? 'The new proof covers every year under review.' : null,
        answers: answered
          ? [
              { kind: 'new_proof', text: `Filed the ${WORDS[n % WORDS.length]} of each year under review, signed by the division commander.`, by: 'Mia Manager', at: at(n + 5), proof: `${WORDS[n % WORDS.length]}-${f.standard.number}-2026.pdf` },
              ...(n % 3 === 0 ? [{ kind: 'comment', text: 'The directive was rewritten to name the position responsible; see the changed directive.', by: 'Mia Manager', at: at(n + 6), proof: null }] : []),
            ]
          : [],
      });
    }
  });
  const byChapter = new Map<number, { chapter: number; title: string | null; reviewed: number; total: number; percent: number }>();
  for (const s of standards) {
    const c = byChapter.get(s.chapter) ?? { chapter: s.chapter, title: s.chapterTitle, reviewed: 0, total: 0, percent: 0 };
    c.total++;
    if (s.status.status !== 'not_reviewed') c.reviewed++;
    c.percent = Math.floor((c.reviewed * 1000) / c.total) / 10;
    byChapter.set(s.chapter, c);
  }
  const byStatus: Record<string, number> = { not_reviewed: 0, in_compliance: 0, needs_more_proof: 0, not_in_compliance: 0, not_applicable_questioned: 0 };
  for (const s of standards) byStatus[s.status.status]++;
  const total = standards.length;
  return {
    kind: 'assessment',
    generatedAt: d.generatedAt,
    timeZone: d.timeZone,
    generatedBy: 'Mia Manager',
    department: { id: d.header.id, name: d.header.name, shortName: d.header.shortName },
    assessment: { id: 'a0000000-0000-4000-8000-000000000001', name: '2026 mock assessment', kindLabel: 'Mock assessment', cycleStartsOn: d.header.cycle?.startsOn ?? '2024-03-01', cycleYears: [2, 3], createdAt: '2026-02-01T14:00:00.000Z' },
    assessors: [
      { name: 'Ann Assessor', email: 'ann@calea.example', grantEndsOn: '2026-07-31' },
      { name: 'Mo Mock', email: 'mo@pagedale.example', grantEndsOn: '2026-07-31' },
    ],
    progress: {
      reviewed,
      total,
      percent: total === 0 ? 0 : Math.floor((reviewed * 1000) / total) / 10,
      chapters: [...byChapter.values()].sort((a, b) => a.chapter - b.chapter),
      byStatus,
      unclosedFindings: findings.filter((f) => f.state !== 'closed').length,
    },
    standards,
    findings,
    summary:
      options.summary !== undefined
        ? options.summary
        : 'The agency\u2019s files are in good order for the years under review. Most findings concern proofs of annual activities that were filed under the wrong year; the answers so far cover them.\n\nOpen findings should be answered before the site-based assessment. The directives on evidence handling were rewritten during the review and read well.',
  };
}
