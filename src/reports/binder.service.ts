import { Inject, Injectable, Logger } from '@nestjs/common';
import archiver from 'archiver';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { AssessmentsService } from '../assessments/assessments.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError, UnprocessableError } from '../common/errors';
import { dayOf } from '../kernel/calendar';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import { contentDispositionAttachment, safeFileName } from '../proofs/rules/file-name';
import { PROOF_STORAGE, ProofStorage } from '../proofs/storage/proof-storage';
import {
  BINDER_FILE_REVIEW,
  BINDER_MANIFEST_CSV,
  BINDER_MANIFEST_JSON,
  BINDER_README,
  BINDER_SHA256SUMS,
  BinderProof,
  BinderSummary,
  binderReadme,
  manifestCsv,
  manifestJson,
  manifestRows,
  PlannedEntry,
  planBinder,
  sha256sums,
} from './binder-layout';
import { cycleView, FileReviewData, ReportDataService } from './report-data.service';
import { ReportFiles } from './report-files';
import { ReportRenderer } from './report-renderer.service';
import { REPORT_ROLES, ReportsService } from './reports.service';
import { cycleYearLabels } from './view-model-builders';
import type { CycleYearNumber } from './view-models';

/** Storage look-ups at once while checking which proofs have their bytes. */
const EXISTS_CONCURRENCY = 16;

export interface BinderDownload {
  headers: Record<string, string>;
  /** The ZIP, produced as it is read: one proof file open at a time, back-pressure honoured. */
  body: Readable;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Resolves when archiver has written the entry just appended; rejects if the archive errors or is destroyed first. */
function entryWritten(archive: archiver.Archiver): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      archive.off('entry', onEntry);
      archive.off('error', onError);
      archive.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onEntry = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('The archive was closed (the client went away).'));
    archive.on('entry', onEntry);
    archive.on('error', onError);
    archive.on('close', onClose);
  });
}

/**
 * The assessor's proof binder: a ZIP streamed to the client (never built in memory) with a
 * folder per chapter, standard and cycle year holding the proofs, a file review rendered fresh
 * for it, and a manifest (CSV, JSON, SHA256SUMS) to check every file offline. The download is
 * audited ('binder.downloaded', with the SHA-256 of the file review and of the manifests) before
 * the first byte goes out.
 */
@Injectable()
export class BinderService {
  private readonly logger = new Logger('BinderService');

  constructor(
    @Inject(PROOF_STORAGE) private readonly storage: ProofStorage,
    private readonly data: ReportDataService,
    private readonly renderer: ReportRenderer,
    private readonly files: ReportFiles,
    private readonly reports: ReportsService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
  ) {}

  /**
   * With `assessmentId`, the binder of that assessment: only the cycle years it covers (proofs,
   * file review and manifest alike). The assessment must be one the actor may read (an assessor:
   * assigned to it) and of this department (else 404), and of the department's current cycle (else
   * 422: the binder holds the current cycle's filings).
   */
  async open(actor: Actor, departmentId: string, options: { assessmentId?: string; enrolmentId?: string } = {}): Promise<BinderDownload> {
    const role = this.access.assert(actor, departmentId, REPORT_ROLES);
    const generation = this.reports.generation(actor);
    const assessment = options.assessmentId ? await this.assessments.get(actor, options.assessmentId) : null;
    if (assessment && assessment.departmentId !== departmentId) throw new NotFoundError('assessment', assessment.id);
    // An assessor's binder holds what the agency accepted, like the assessor's view of each file.
    const enrolmentId = assessment?.enrolmentId ?? options.enrolmentId;
    if (assessment && options.enrolmentId && options.enrolmentId !== assessment.enrolmentId) throw new NotFoundError('assessment', assessment.id);
    const full = await this.data.fileReview(departmentId, generation, { acceptedOnly: role === 'assessor', enrolmentId });
    if (assessment && assessment.cycleStartsOn !== full.cycle.startsOn) {
      throw new UnprocessableError(`The assessment covers the cycle from ${assessment.cycleStartsOn}; the binder holds the current cycle's filings (from ${full.cycle.startsOn}).`);
    }
    const data = assessment ? onlyYears(full, assessment.cycleYears) : full;
    const pdfPath = this.files.tempPath('.pdf');
    try {
      const rendered = await this.renderer.render('file-review', data.report, pdfPath);
      const proofs = binderProofs(data);
      const present = await this.presentKeys(proofs);
      const labels = cycleYearLabels(data.department.cycle);
      const entries = planBinder(proofs, labels, (p) => present.has(p.storageKey));
      const rows = manifestRows(proofs, entries, labels);
      const summary: BinderSummary = {
        department: data.department,
        cycle: cycleView(data.cycle),
        generatedAt: generation.generatedAt,
        generatedBy: actor.displayName,
        fileReview: { path: BINDER_FILE_REVIEW, sha256: rendered.sha256, bytes: rendered.bytes, pages: rendered.pages },
        assessment: assessment ? { id: assessment.id, name: assessment.name, kindLabel: assessment.kindLabel, cycleYears: assessment.cycleYears } : null,
      };
      const missing = rows.filter((r) => !r.inZip).length;
      const csv = manifestCsv(rows);
      const json = manifestJson(summary, rows);
      const readme = binderReadme(summary, { proofs: rows.length, missing });
      const csvSha256 = sha256Of(csv);
      const jsonSha256 = sha256Of(json);
      const sums = sha256sums([
        { path: BINDER_README, sha256: sha256Of(readme) },
        { path: BINDER_FILE_REVIEW, sha256: rendered.sha256 },
        { path: BINDER_MANIFEST_CSV, sha256: csvSha256 },
        { path: BINDER_MANIFEST_JSON, sha256: jsonSha256 },
        ...entries.map((e) => ({ path: e.path, sha256: e.proof.sha256 })),
      ]);
      const fileName = safeFileName(`${data.department.shortName} ${assessment ? `${assessment.name} ` : ''}binder ${dayOf(new Date(generation.generatedAt))}`, 'zip');
      await this.audit.recordStandalone(this.access.auditContext(actor, departmentId), {
        action: 'binder.downloaded',
        entityType: 'department',
        entityId: departmentId,
        departmentId,
        after: {
          fileName,
          ...(assessment ? { assessmentId: assessment.id, cycleYears: assessment.cycleYears } : {}),
          proofs: rows.length,
          included: entries.length,
          missing,
          fileReview: { sha256: rendered.sha256, bytes: rendered.bytes, pages: rendered.pages, template: rendered.template, templateSha256: rendered.templateSha256 },
          manifestCsvSha256: csvSha256,
          manifestJsonSha256: jsonSha256,
          sha256sumsSha256: sha256Of(sums),
        },
      });
      if (missing > 0) this.logger.warn(`Binder of department ${departmentId}: ${missing} proof file(s) missing from storage, listed with in_zip=false`);
      const body = this.archive(pdfPath, entries, new Date(generation.generatedAt), [
        [BINDER_README, readme],
        [BINDER_MANIFEST_CSV, csv],
        [BINDER_MANIFEST_JSON, json],
        [BINDER_SHA256SUMS, sums],
      ]);
      return {
        headers: {
          'Content-Type': 'application/zip',
          'Content-Disposition': contentDispositionAttachment(fileName),
          'Cache-Control': 'private, no-store',
        },
        body,
      };
    } catch (error) {
      await rm(pdfPath, { force: true });
      throw error;
    }
  }

  /** Storage keys whose bytes exist, checked a few at a time. */
  private async presentKeys(proofs: readonly BinderProof[]): Promise<Set<string>> {
    const keys = [...new Set(proofs.map((p) => p.storageKey))];
    const present = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        if (await this.storage.exists(key).catch(() => false)) present.add(key);
      }
    };
    await Promise.all(Array.from({ length: Math.min(EXISTS_CONCURRENCY, keys.length) }, worker));
    return present;
  }

  /**
   * The ZIP stream. Entries are fed one at a time (the next proof is opened only once the previous
   * one is written), so at most one proof file is open and memory stays flat whatever the binder's
   * size. Proofs and the PDF are stored as they are (already compressed formats); the manifests are
   * deflated. The temporary file review is removed when the archive ends, fails or is abandoned.
   */
  private archive(pdfPath: string, entries: readonly PlannedEntry[], date: Date, texts: [string, Buffer][]): archiver.Archiver {
    const archive = archiver('zip', { zlib: { level: 6 } });
    let cleaned = false;
    const cleanup = () => {
      if (cleaned) return;
      cleaned = true;
      void rm(pdfPath, { force: true });
    };
    archive.once('close', cleanup);
    archive.once('end', cleanup);
    archive.on('error', cleanup);
    archive.on('warning', (warning) => this.logger.warn(`Binder archive warning: ${warning.message}`));

    const feed = async () => {
      for (const [name, bytes] of texts) {
        const written = entryWritten(archive);
        archive.append(bytes, { name, date });
        await written;
      }
      const pdf = entryWritten(archive);
      archive.append(createReadStream(pdfPath), { name: BINDER_FILE_REVIEW, date, store: true });
      await pdf;
      for (const entry of entries) {
        const source = await this.storage.open(entry.proof.storageKey);
        const written = entryWritten(archive);
        archive.append(source, { name: entry.path, date, store: true });
        try {
          await written;
        } catch (error) {
          source.destroy();
          throw error;
        }
      }
      await archive.finalize();
    };
    feed().catch((error: unknown) => {
      cleanup();
      if (!archive.destroyed) {
        this.logger.error(`The binder archive failed: ${error instanceof Error ? error.message : String(error)}`);
        archive.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return archive;
  }
}

/** The file review data cut to these cycle years: the proofs filed in them, and the report's year rows. */
export function onlyYears(data: FileReviewData, years: readonly CycleYearNumber[]): FileReviewData {
  const kept = new Set<number>(years);
  const sorted = [...kept].sort((a, b) => a - b);
  return {
    ...data,
    proofs: data.proofs.filter((p) => kept.has(p.cycle_year)),
    report: {
      ...data.report,
      yearsCovered: sorted,
      chapters: data.report.chapters.map((c) => ({ ...c, standards: c.standards.map((s) => ({ ...s, years: s.years.filter((y) => kept.has(y.cycleYear)) })) })),
    },
  };
}

/** The file review's proofs with their standard and chapter, for the binder. */
export function binderProofs(data: FileReviewData): BinderProof[] {
  const files = new Map(data.files.map((f) => [f.id, f]));
  return data.proofs.flatMap((p): BinderProof[] => {
    const f = files.get(p.standard_file_id);
    if (!f) return [];
    return [
      {
        filingId: p.link_id,
        proofId: p.proof_id,
        fileName: p.file_name,
        sha256: p.sha256,
        sizeBytes: Number(p.size_bytes),
        storageKey: p.storage_key,
        chapter: f.chapter,
        chapterTitle: f.chapter_title,
        standard: f.number,
        standardTitle: f.title,
        cycleYear: p.cycle_year,
        effectiveDate: p.effective_date,
        kind: p.kind,
        reviewState: p.withdrawn ? 'withdrawn' : p.review_state,
        reviewer: p.withdrawn || p.review_state !== 'pending' ? p.reviewer_name : null,
        period: p.period_key,
      },
    ];
  });
}
