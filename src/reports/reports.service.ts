import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AssessmentsService } from '../assessments/assessments.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { Page } from '../common/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dayIn } from '../kernel/calendar';
import { holdsAnyRole } from '../identity/access/access-rules';
import type { AccessRole, Actor } from '../identity/access/actor';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import { contentDispositionAttachment, safeFileName } from '../proofs/rules/file-name';
import { isContentAddress, ObjectMissingError, PROOF_STORAGE, ProofStorage } from '../proofs/storage/proof-storage';
import type { DepartmentReportKind, GeneratedReportDto, ReportListQueryDto } from './dto/report.dto';
import type { GeneratedReportKind } from './entities/generated-report.entity';
import { GeneratedReportsRepository, type GeneratedReportRow } from './generated-reports.repository';
import { ReportDataService } from './report-data.service';
import { ReportFiles } from './report-files';
import { RenderedReport, ReportRenderer } from './report-renderer.service';
import { ReportBytesMissingError } from './reports.errors';
import { reportShownToAssessor } from './rules/assessor-reports';
import type { GenerationInfo, ReportKind, ReportViewModel } from './view-models';
import { matchesEtag } from '../common/etag';

/** Who lists and downloads a department's reports and its binder: chiefs, managers and administrators of the department, and assessors within their grant; not team members. */
export const REPORT_ROLES: AccessRole[] = ['admin', 'manager', 'chief', 'assessor'];

/**
 * Who generates (and so stores) which report. The readiness report is the chief's, the file
 * review the assessor's (also theirs to generate within their grant); the footprint spans
 * departments, so it is for the people who run them. Team members generate none. The routes'
 * @Access declarations, the reports page and README say the same; test/access-matrix proves it.
 */
export const REPORT_GENERATE_ROLES: Record<GeneratedReportKind, AccessRole[]> = {
  readiness: ['admin', 'manager', 'chief'],
  'file-review': ['admin', 'manager', 'chief', 'assessor'],
  footprint: ['admin', 'manager', 'chief'],
  // Plus the assessors assigned to the assessment (checked against the round, not the grant: ASSESSMENT_REPORT_ASSESSOR).
  assessment: ['admin', 'manager', 'chief', 'assessor'],
};

const RENDER_KIND: Record<GeneratedReportKind, ReportKind> = {
  readiness: 'department-readiness',
  'file-review': 'file-review',
  footprint: 'footprint',
  assessment: 'assessment',
};

type ReportRow = GeneratedReportRow;

/** A report of a second program names it in its file name ("Normandy PD Sample State Program readiness report"); the primary program's keeps the short name. */
const programLabel = (d: { programName?: string | null; primaryProgram?: boolean }): string => (d.programName && d.primaryProgram === false ? `${d.programName} ` : '');

const toDto = (r: ReportRow): GeneratedReportDto => ({
  id: r.id,
  kind: r.kind,
  departmentId: r.department_id,
  departmentIds: r.department_ids,
  assessmentId: r.assessment_id,
  enrolmentId: r.enrolment_id,
  sha256: r.sha256,
  bytes: Number(r.size_bytes),
  pages: r.pages,
  template: r.template,
  templateSha256: r.template_sha256,
  fileName: r.file_name,
  generatedAt: r.generated_at.toISOString(),
  generatedByUserId: r.generated_by_user_id,
  generatedByName: r.generated_by_name,
  generatedByEmail: r.generated_by_email,
  generatedByRole: r.generated_by_role,
  contentUrl: `/api/reports/${r.id}/content`,
});

export interface ReportDownload {
  status: 200 | 304;
  headers: Record<string, string>;
  body?: Readable;
}


/**
 * Generated reports: the view model is filled from the database, rendered off the request
 * thread into a temporary file, and kept in the proof storage (content-addressed, like a proof, so
 * every replica serves it: the bucket when PROOF_STORAGE_DRIVER=s3); the row (SHA-256, size,
 * pages, template, storage key) is written in one transaction with the audit event
 * 'report.generated'. Downloads stream the stored bytes with the SHA-256 as ETag, each audited
 * ('report.downloaded'). Reports generated before reports moved into the proof storage keep their
 * `<id>.pdf` key in $DATA_DIR/reports and are served from there.
 */
/** Whose departments a footprint shows: those the actor works in, not those open to them as an assessor. */
const FOOTPRINT_DEPARTMENT_ROLES: AccessRole[] = ['admin', 'manager', 'member', 'chief'];

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: GeneratedReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly data: ReportDataService,
    private readonly renderer: ReportRenderer,
    private readonly files: ReportFiles,
    @Inject(PROOF_STORAGE) private readonly storage: ProofStorage,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly assessments: AssessmentsService,
  ) {}

  generation(actor: Actor): GenerationInfo {
    return { generatedAt: this.clock.now().toISOString(), timeZone: this.config.reports.timeZone, generatedBy: actor.displayName };
  }

  /** The chief's readiness report or the assessor's file review of one department. */
  async generateForDepartment(actor: Actor, departmentId: string, kind: DepartmentReportKind, enrolmentId?: string | null): Promise<GeneratedReportDto> {
    const role = this.access.assert(actor, departmentId, REPORT_ROLES);
    if (!this.canGenerate(actor, departmentId, kind)) {
      throw new ForbiddenError(`The ${kind} report is generated by ${REPORT_GENERATE_ROLES[kind].join(', ')} of the department; assessors generate the file review.`);
    }
    const generation = this.generation(actor);
    if (kind === 'readiness') {
      const vm = await this.data.departmentReadiness(departmentId, generation, enrolmentId);
      return this.renderAndStore(actor, 'readiness', vm, { departmentId, departmentIds: [departmentId], enrolmentId: vm.cover.enrolmentId, label: `${vm.cover.shortName} ${programLabel(vm.cover)}readiness report` });
    }
    const { report } = await this.data.fileReview(departmentId, generation, { acceptedOnly: role === 'assessor', enrolmentId });
    return this.renderAndStore(actor, 'file-review', report, { departmentId, departmentIds: [departmentId], enrolmentId: report.department.enrolmentId, label: `${report.department.shortName} ${programLabel(report.department)}file review` });
  }

  /**
   * The assessment report of one round. Who: the department's administrators, managers and chiefs
   * (they run the round, answer its findings and answer for the agency's file), and the assessors
   * assigned to the round (it is their work; an assessor of another round, or with a grant but not
   * assigned, gets 404 as for the round itself). Team members: 403, as for every report. What an
   * assessor's report names is what the assessor sees (proofs the agency accepted).
   */
  async generateForAssessment(actor: Actor, assessmentId: string): Promise<GeneratedReportDto> {
    const vm = await this.data.assessment(actor, assessmentId, this.generation(actor));
    if (!this.access.allows(actor, vm.department.id, REPORT_GENERATE_ROLES.assessment)) {
      throw new ForbiddenError('The assessment report is generated by administrators, managers and chiefs of the department and by the assessors assigned to the assessment.');
    }
    return this.renderAndStore(actor, 'assessment', vm, {
      departmentId: vm.department.id,
      departmentIds: [vm.department.id],
      enrolmentId: vm.assessment.enrolmentId,
      assessmentId,
      label: `${vm.department.shortName} ${vm.assessment.name} assessment report`,
    });
  }

  /** Whether the actor may generate this kind of report of the department now (the reports page shows only those forms). */
  canGenerate(actor: Actor, departmentId: string, kind: DepartmentReportKind): boolean {
    return this.access.allows(actor, departmentId, REPORT_GENERATE_ROLES[kind]);
  }

  canGenerateFootprint(actor: Actor): boolean {
    return holdsAnyRole(actor, REPORT_GENERATE_ROLES.footprint, this.clock.now());
  }

  /** Every non-archived department the actor can see, side by side. */
  async generateFootprint(actor: Actor, title?: string): Promise<GeneratedReportDto> {
    if (!this.canGenerateFootprint(actor)) {
      throw new ForbiddenError(`The footprint report is generated by ${REPORT_GENERATE_ROLES.footprint.join(', ')}.`);
    }
    const template = this.renderer.template('footprint');
    // The departments' own people's view: a manager who is also a (mock) assessor of a neighbour gets no footprint of it.
    const vm = await this.data.footprint(this.access.visible(actor, FOOTPRINT_DEPARTMENT_ROLES), this.generation(actor), title ?? this.config.reports.footprintTitle, template.compact);
    return this.renderAndStore(actor, 'footprint', vm, { departmentId: null, departmentIds: vm.departments.map((d) => d.department.id), label: 'Footprint readiness' });
  }

  private async renderAndStore(
    actor: Actor,
    kind: GeneratedReportKind,
    vm: ReportViewModel,
    target: { departmentId: string | null; departmentIds: string[]; enrolmentId?: string; assessmentId?: string; label: string },
  ): Promise<GeneratedReportDto> {
    const id = randomUUID();
    const { rendered, storageKey } = await this.renderIntoStorage(kind, vm);
    const generatedAt = new Date(vm.kind === 'department-readiness' ? vm.cover.generatedAt : vm.generatedAt);
    // The day as the reader calls it (the report's time zone), like the generation time printed in it.
    const fileName = safeFileName(`${target.label} ${dayIn(generatedAt, this.config.reports.timeZone)}`, 'pdf');
    const context = this.access.auditContext(actor, target.departmentId);
    // What the row stores and the audit event records alike.
    const facts = { sha256: rendered.sha256, bytes: rendered.bytes, pages: rendered.pages, template: rendered.template, templateSha256: rendered.templateSha256, fileName };
    // A failure from here on leaves the stored object without a row: ProofStorageMaintenance sets it aside.
    const row = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.repository.insert(manager, {
        id,
        kind,
        departmentId: target.departmentId,
        departmentIds: target.departmentIds,
        assessmentId: target.assessmentId ?? null,
        enrolmentId: target.enrolmentId ?? null,
        ...facts,
        storageKey,
        generatedByUserId: actor.userId,
        generatedByEmail: actor.email,
        generatedByName: actor.displayName,
        generatedByRole: context.role ?? 'user',
        generatedAt,
      });
      await this.audit.record(manager, context, {
        action: 'report.generated',
        entityType: 'generated_report',
        entityId: id,
        departmentId: target.departmentId,
        after: { kind, ...facts, departmentIds: target.departmentIds, ...(target.enrolmentId ? { enrolmentId: target.enrolmentId } : {}), ...(target.assessmentId ? { assessmentId: target.assessmentId } : {}), renderedIn: rendered.renderedIn },
      });
      return inserted;
    });
    return toDto(row);
  }

  /** Renders into a temporary file, then keeps the PDF in the proof storage, where every replica finds it. */
  private async renderIntoStorage(kind: GeneratedReportKind, vm: ReportViewModel): Promise<{ rendered: RenderedReport; storageKey: string }> {
    const path = this.files.tempPath('.pdf');
    try {
      const rendered = await this.renderer.render(RENDER_KIND[kind], vm, path);
      const stored = await this.storage.put(createReadStream(path), { maxBytes: rendered.bytes });
      if (stored.sha256 !== rendered.sha256) throw new Error(`The stored report ${stored.key} does not match the rendered PDF (${rendered.sha256})`);
      return { rendered, storageKey: stored.key };
    } finally {
      await rm(path, { force: true });
    }
  }

  /** The department's generated reports, newest first. */
  async list(actor: Actor, departmentId: string, query: ReportListQueryDto): Promise<Page<GeneratedReportDto>> {
    const role = this.access.assert(actor, departmentId, REPORT_ROLES);
    const { rows, total } = await this.repository.findPageOfDepartment(
      this.dataSource.manager,
      departmentId,
      { kind: query.kind, assessorView: role === 'assessor', assignedAssessmentIds: role === 'assessor' ? await this.assessments.assignedAssessmentIds(actor) : [] },
      query.limit,
      query.offset,
    );
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset };
  }

  /**
   * The newest `limit` reports of each of these departments, with how many each has, in one
   * statement (the reports page lists every department the user can see).
   */
  async recentByDepartment(actor: Actor, departmentIds: string[], limit: number): Promise<Map<string, { items: GeneratedReportDto[]; total: number }>> {
    const assessed = departmentIds.filter((id) => this.access.assert(actor, id, REPORT_ROLES) === 'assessor');
    const recent = new Map(departmentIds.map((id) => [id, { items: [] as GeneratedReportDto[], total: 0 }]));
    if (departmentIds.length === 0) return recent;
    const assigned = assessed.length > 0 ? await this.assessments.assignedAssessmentIds(actor) : [];
    const rows = await this.repository.findRecentOfDepartments(this.dataSource.manager, departmentIds, assessed, limit, assigned);
    for (const row of rows) {
      const entry = recent.get(row.department_id as string) as { items: GeneratedReportDto[]; total: number };
      entry.items.push(toDto(row));
      entry.total = row.total;
    }
    return recent;
  }

  /** The newest footprint reports the actor may download: their own, or everyone's for an administrator (as visibleReport() allows). */
  async footprints(actor: Actor, limit: number): Promise<GeneratedReportDto[]> {
    const rows = await this.repository.findFootprints(this.dataSource.manager, actor.isAdmin, actor.userId, limit);
    return rows.map(toDto);
  }

  /**
   * A report the actor may read: a department's report for its chiefs, managers, administrators
   * and assessors within their grant (not the staff's file reviews: rules/assessor-reports.ts); a
   * footprint report for the user who generated it and administrators (it shows the departments
   * that user could see). Anything else is 404.
   */
  private async visibleReport(actor: Actor, id: string): Promise<ReportRow> {
    const row = await this.repository.findById(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('report', id);
    if (row.department_id) {
      const role = this.access.assert(actor, row.department_id, REPORT_ROLES);
      if (role === 'assessor') {
        const assigned = row.kind === 'assessment' ? new Set(await this.assessments.assignedAssessmentIds(actor)) : undefined;
        if (!reportShownToAssessor({ kind: row.kind, generatedByRole: row.generated_by_role, assessmentId: row.assessment_id }, assigned)) throw new NotFoundError('report', id);
      }
    } else if (row.generated_by_user_id !== actor.userId && !actor.isAdmin) throw new NotFoundError('report', id);
    return row;
  }

  /** The stored PDF with the SHA-256 as ETag; a matching If-None-Match answers 304. Audited before the first byte. */
  async download(actor: Actor, id: string, options: { ifNoneMatch?: string; headOnly: boolean }): Promise<ReportDownload> {
    const row = await this.visibleReport(actor, id);
    const etag = `"${row.sha256}"`;
    const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'private, no-store' };
    if (matchesEtag(options.ifNoneMatch, etag)) return { status: 304, headers };
    Object.assign(headers, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(row.size_bytes),
      'Content-Disposition': contentDispositionAttachment(row.file_name),
      'X-Content-SHA256': row.sha256,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    if (options.headOnly) return { status: 200, headers };
    const body = await this.openStored(id, row.storage_key);
    try {
      await this.audit.recordStandalone(this.access.auditContext(actor, row.department_id), {
        action: 'report.downloaded',
        entityType: 'generated_report',
        entityId: id,
        departmentId: row.department_id,
        after: { kind: row.kind, sha256: row.sha256, bytes: Number(row.size_bytes), fileName: row.file_name },
      });
    } catch (error) {
      body.destroy();
      throw error;
    }
    return { status: 200, headers, body };
  }

  /** The stored PDF: in the proof storage, or (a report generated before they moved there) in $DATA_DIR/reports. */
  private async openStored(id: string, storageKey: string): Promise<Readable> {
    if (isContentAddress(storageKey)) {
      try {
        return await this.storage.open(storageKey);
      } catch (error) {
        if (error instanceof ObjectMissingError) throw new ReportBytesMissingError(id);
        throw error;
      }
    }
    const path = this.files.pathOf(storageKey);
    try {
      await access(path);
    } catch {
      throw new ReportBytesMissingError(id);
    }
    return createReadStream(path);
  }
}
