import { stringify } from 'csv-stringify/sync';
import { fileExtension, safeFileName } from '../proofs/rules/file-name';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import type { CycleView, CycleYearNumber, DepartmentHeader } from './view-models';

/**
 * Where everything goes in the proof binder (a ZIP), and the manifest that lists it: pure
 * functions, no I/O. Layout, with no enclosing folder (unzipping tools make one from the ZIP's
 * name), so a manifest path is the path in the ZIP:
 *
 *   README.txt, SHA256SUMS, manifest.csv, manifest.json, File review.pdf
 *   01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 1 (2026-27)/roster.pdf
 *
 * Folder names are made safe (file-name.ts rules) and kept short; two proofs of the same name in
 * one folder get " (2)", " (3)" ... before the extension, compared without case (Windows and
 * macOS folders are case-insensitive).
 */

export const BINDER_FILE_REVIEW = 'File review.pdf';
export const BINDER_MANIFEST_CSV = 'manifest.csv';
export const BINDER_MANIFEST_JSON = 'manifest.json';
export const BINDER_SHA256SUMS = 'SHA256SUMS';
export const BINDER_README = 'README.txt';

/** Longest folder name, in characters: keeps whole paths well inside Windows' 260. */
const MAX_FOLDER_CHARS = 60;

/** A proof filing as the binder needs it. */
export interface BinderProof {
  filingId: string;
  proofId: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  storageKey: string;
  chapter: number;
  chapterTitle: string;
  standard: string;
  standardTitle: string;
  cycleYear: CycleYearNumber;
  effectiveDate: string;
  kind: ProofKind;
  reviewState: ProofReviewState;
  reviewer: string | null;
  /** Time-sensitive standards: the period key ('' for none). */
  period: string;
}

export interface ManifestRow {
  /** Path in the ZIP; null when the stored bytes were missing and the proof is not in it. */
  path: string | null;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  chapter: number;
  standard: string;
  standardTitle: string;
  cycleYear: CycleYearNumber;
  cycleYearLabel: string;
  effectiveDate: string;
  kind: ProofKind;
  reviewState: ProofReviewState;
  reviewer: string | null;
  period: string | null;
  proofId: string;
  filingId: string;
  inZip: boolean;
}

export interface PlannedEntry {
  path: string;
  proof: BinderProof;
}

/** A folder or file name: safe, one segment, at most `maxChars` characters, never empty. */
export function pathSegment(text: string, maxChars = MAX_FOLDER_CHARS): string {
  // A slash in a title ("Carry/Use Weapons") is a word separator, not a path: safeFileName would keep
  // only what follows the last one and lose the standard number. A dummy extension keeps
  // safeFileName from taking a trailing word ("… Annual") for one.
  const safe = safeFileName(`${text.replace(/[/\\]/g, '-')}.x`).replace(/\.x$/, '');
  const chars = [...safe];
  const cut = chars.length > maxChars ? chars.slice(0, maxChars).join('').replace(/[.\s]+$/u, '') : safe;
  return cut || 'untitled';
}

export const chapterFolder = (chapter: number, title: string): string => pathSegment(`${String(chapter).padStart(2, '0')} ${title}`);

export const standardFolder = (number: string, title: string): string => pathSegment(`${number} ${title}`);

/** 'Year 2 (2023-24)' from the year and its label ('Y2 2023-24'); 'Year 2' without a cycle. */
export function yearFolder(year: CycleYearNumber, label: string): string {
  const span = label.replace(/^Y\d\s*/, '').trim();
  return pathSegment(span && !/^Year \d$/.test(label) ? `Year ${year} (${span})` : `Year ${year}`);
}

/** Names given out per folder, without case; a taken name gets " (2)", " (3)" ... before its extension. */
export class FolderNames {
  private readonly taken = new Map<string, Set<string>>();

  claim(folder: string, name: string): string {
    let names = this.taken.get(folder);
    if (!names) this.taken.set(folder, (names = new Set()));
    const ext = fileExtension(name);
    const stem = ext ? name.slice(0, -(ext.length + 1)) : name;
    let candidate = name;
    for (let n = 2; names.has(candidate.toLowerCase()); n++) candidate = safeFileName(`${stem} (${n})${ext ? `.${ext}` : ''}`);
    names.add(candidate.toLowerCase());
    return candidate;
  }
}

/** The ZIP path of every proof present in storage, in the order given (natural order from SQL). */
export function planBinder(proofs: readonly BinderProof[], yearLabels: readonly string[], present: (proof: BinderProof) => boolean): PlannedEntry[] {
  const names = new FolderNames();
  const entries: PlannedEntry[] = [];
  for (const proof of proofs) {
    if (!present(proof)) continue;
    const folder = [
      chapterFolder(proof.chapter, proof.chapterTitle),
      standardFolder(proof.standard, proof.standardTitle),
      yearFolder(proof.cycleYear, yearLabels[proof.cycleYear - 1] ?? `Year ${proof.cycleYear}`),
    ].join('/');
    entries.push({ path: `${folder}/${names.claim(folder, safeFileName(proof.fileName))}`, proof });
  }
  return entries;
}

/** One manifest row per filing: those in the ZIP with their path, the missing ones marked. */
export function manifestRows(proofs: readonly BinderProof[], entries: readonly PlannedEntry[], yearLabels: readonly string[]): ManifestRow[] {
  const pathOf = new Map(entries.map((e) => [e.proof.filingId, e.path]));
  return proofs.map((p) => {
    const path = pathOf.get(p.filingId) ?? null;
    return {
      path,
      sha256: p.sha256,
      sizeBytes: p.sizeBytes,
      fileName: p.fileName,
      chapter: p.chapter,
      standard: p.standard,
      standardTitle: p.standardTitle,
      cycleYear: p.cycleYear,
      cycleYearLabel: yearLabels[p.cycleYear - 1] ?? `Year ${p.cycleYear}`,
      effectiveDate: p.effectiveDate,
      kind: p.kind,
      reviewState: p.reviewState,
      reviewer: p.reviewer,
      period: p.period === '' ? null : p.period,
      proofId: p.proofId,
      filingId: p.filingId,
      inZip: path !== null,
    };
  });
}

const CSV_COLUMNS: { key: keyof ManifestRow; header: string }[] = [
  { key: 'path', header: 'path' },
  { key: 'sha256', header: 'sha256' },
  { key: 'sizeBytes', header: 'size_bytes' },
  { key: 'fileName', header: 'file_name' },
  { key: 'chapter', header: 'chapter' },
  { key: 'standard', header: 'standard' },
  { key: 'standardTitle', header: 'standard_title' },
  { key: 'cycleYear', header: 'cycle_year' },
  { key: 'cycleYearLabel', header: 'cycle_year_label' },
  { key: 'effectiveDate', header: 'effective_date' },
  { key: 'kind', header: 'kind' },
  { key: 'reviewState', header: 'review_state' },
  { key: 'reviewer', header: 'reviewer' },
  { key: 'period', header: 'period' },
  { key: 'proofId', header: 'proof_id' },
  { key: 'filingId', header: 'filing_id' },
  { key: 'inZip', header: 'in_zip' },
];

/** CSV with a header row, UTF-8 with a byte-order mark (so spreadsheet programs read the names right), CRLF. */
export function manifestCsv(rows: readonly ManifestRow[]): Buffer {
  const text = stringify(
    rows.map((r) => CSV_COLUMNS.map(({ key }) => (r[key] === null ? '' : typeof r[key] === 'boolean' ? String(r[key]) : r[key]))),
    { header: true, columns: CSV_COLUMNS.map((c) => c.header), record_delimiter: 'windows' },
  );
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

export interface BinderSummary {
  department: DepartmentHeader;
  cycle: CycleView;
  generatedAt: string;
  generatedBy: string;
  fileReview: { path: string; sha256: string; bytes: number; pages: number };
  /** The binder of one assessment: only the cycle years it covers. Absent: every year of the cycle. */
  assessment?: { id: string; name: string; kindLabel: string; cycleYears: CycleYearNumber[] } | null;
}

/** Every year of the binder's cycle: 1 to its program's cycle length. */
const everyYear = (cycle: CycleView): number[] => Array.from({ length: cycle.cycleYears }, (_, i) => i + 1);

export function manifestJson(summary: BinderSummary, rows: readonly ManifestRow[]): Buffer {
  const { department: d } = summary;
  return Buffer.from(
    `${JSON.stringify(
      {
        manifestVersion: 1,
        department: { id: d.id, name: d.name, shortName: d.shortName, programTier: d.programTier, sizeClass: d.sizeClass, manualVersion: d.manualVersion },
        cycle: summary.cycle,
        cycleYears: summary.assessment ? summary.assessment.cycleYears : everyYear(summary.cycle),
        assessment: summary.assessment ?? null,
        generatedAt: summary.generatedAt,
        generatedBy: summary.generatedBy,
        fileReview: summary.fileReview,
        proofCount: rows.length,
        missingCount: rows.filter((r) => !r.inZip).length,
        proofs: rows,
      },
      null,
      2,
    )}\n`,
    'utf8',
  );
}

/** `sha256sum -c` input: '<hex>  <path>' per file in the ZIP. */
export function sha256sums(files: readonly { path: string; sha256: string }[]): Buffer {
  return Buffer.from(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 'utf8');
}

export function binderReadme(summary: BinderSummary, counts: { proofs: number; missing: number }): Buffer {
  const d = summary.department;
  const lines = [
    `Proof binder: ${d.name}`,
    `Generated ${summary.generatedAt} for ${summary.generatedBy}; manual ${d.manualVersion}; cycle ${summary.cycle.number} (${summary.cycle.startsOn} to ${summary.cycle.endsOn}).`,
    summary.assessment
      ? `Assessment: ${summary.assessment.name} (${summary.assessment.kindLabel}). Cycle years in this binder: ${summary.assessment.cycleYears.join(', ')} only; proofs of the other years are left out.`
      : `Cycle years in this binder: ${everyYear(summary.cycle).join(', ')} (every year of the cycle).`,
    '',
    `${BINDER_FILE_REVIEW}: the file review (every applicable standard, its directives and proofs by cycle year).`,
    'One folder per chapter, then per standard, then per cycle year, holding the proofs filed there.',
    `${BINDER_MANIFEST_CSV} and ${BINDER_MANIFEST_JSON}: every proof filing with its SHA-256, its path in this archive, standard, cycle year, effective date, kind and review state.`,
    `${counts.proofs} filing(s) listed${counts.missing > 0 ? `; ${counts.missing} could not be included because the stored file is missing (in_zip = false)` : ''}.`,
    '',
    'Checking integrity offline, from the folder this archive was extracted to:',
    `  Linux:   sha256sum -c ${BINDER_SHA256SUMS}`,
    `  macOS:   shasum -a 256 -c ${BINDER_SHA256SUMS}`,
    '  Windows: Get-FileHash -Algorithm SHA256 <file>   (compare with the sha256 column of the manifest)',
    `Every line of ${BINDER_SHA256SUMS} must report OK. The tracker keeps the same SHA-256 for each proof, and the file review prints the first 12 digits of each.`,
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}
