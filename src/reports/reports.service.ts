import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { Page } from '../common/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dayOf } from '../kernel/calendar';
import { holdsAnyRole } from '../identity/access/access-rules';
import type { AccessRole, Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import { contentDispositionAttachment, safeFileName } from '../proofs/rules/file-name';
import type { DepartmentReportKind, GeneratedReportDto, ReportListQueryDto } from './dto/report.dto';
import type { GeneratedReportKind } from './entities/generated-report.entity';
import { ReportDataService } from './report-data.service';
import { ReportFiles } from './report-files';
import { ReportRenderer } from './report-renderer.service';
import { ReportBytesMissingError } from './reports.errors';
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
};

const RENDER_KIND: Record<GeneratedReportKind, ReportKind> = {
  readiness: 'department-readiness',
  'file-review': 'file-review',
  footprint: 'footprint',
};

interface ReportRow {
  id: string;
  kind: GeneratedReportKind;
  department_id: string | null;
  department_ids: string[];
  sha256: string;
  size_bytes: string;
  pages: number;
  template: string;
  template_sha256: string;
  file_name: string;
  storage_key: string;
  generated_by_user_id: string;
  generated_by_email: string;
  generated_by_name: string;
  generated_by_role: string;
  generated_at: Date;
}

const COLUMNS = `id, kind, department_id, department_ids, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
  generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at`;

const toDto = (r: ReportRow): GeneratedReportDto => ({
  id: r.id,
  kind: r.kind,
  departmentId: r.department_id,
  departmentIds: r.department_ids,
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
 * thread into $DATA_DIR/reports, and the row (SHA-256, size, pages, template) is written in one
 * transaction with the audit event 'report.generated'. Downloads stream the stored bytes with the
 * SHA-256 as ETag, each audited ('report.downloaded').
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly data: ReportDataService,
    private readonly renderer: ReportRenderer,
    private readonly files: ReportFiles,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  generation(actor: Actor): GenerationInfo {
    return { generatedAt: this.clock.now().toISOString(), timeZone: this.config.reports.timeZone, generatedBy: actor.displayName };
  }

  /** The chief's readiness report or the assessor's file review of one department. */
  async generateForDepartment(actor: Actor, departmentId: string, kind: DepartmentReportKind): Promise<GeneratedReportDto> {
    this.access.assert(actor, departmentId, REPORT_ROLES);
    if (!this.canGenerate(actor, departmentId, kind)) {
      throw new ForbiddenError(`The ${kind} report is generated by ${REPORT_GENERATE_ROLES[kind].join(', ')} of the department; assessors generate the file review.`);
    }
    const generation = this.generation(actor);
    if (kind === 'readiness') {
      const vm = await this.data.departmentReadiness(departmentId, generation);
      return this.renderAndStore(actor, 'readiness', vm, { departmentId, departmentIds: [departmentId], label: `${vm.cover.shortName} readiness report` });
    }
    const { report } = await this.data.fileReview(departmentId, generation);
    return this.renderAndStore(actor, 'file-review', report, { departmentId, departmentIds: [departmentId], label: `${report.department.shortName} file review` });
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
    const vm = await this.data.footprint(this.access.visible(actor, READ_ROLES), this.generation(actor), title ?? this.config.reports.footprintTitle, template.compact);
    return this.renderAndStore(actor, 'footprint', vm, { departmentId: null, departmentIds: vm.departments.map((d) => d.department.id), label: 'Footprint readiness' });
  }

  private async renderAndStore(
    actor: Actor,
    kind: GeneratedReportKind,
    vm: ReportViewModel,
    target: { departmentId: string | null; departmentIds: string[]; label: string },
  ): Promise<GeneratedReportDto> {
    const id = randomUUID();
    const storageKey = `${id}.pdf`;
    const path = this.files.pathOf(storageKey);
    const rendered = await this.renderer.render(RENDER_KIND[kind], vm, path);
    const generatedAt = new Date(vm.kind === 'department-readiness' ? vm.cover.generatedAt : vm.generatedAt);
    const fileName = safeFileName(`${target.label} ${dayOf(generatedAt)}`, 'pdf');
    const context = this.access.auditContext(actor, target.departmentId);
    try {
      const row = await this.dataSource.transaction(async (manager) => {
        const [inserted]: ReportRow[] = await manager.query(
          `INSERT INTO generated_report (id, kind, department_id, department_ids, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
                                         generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${COLUMNS}`,
          [
            id,
            kind,
            target.departmentId,
            target.departmentIds,
            rendered.sha256,
            rendered.bytes,
            rendered.pages,
            rendered.template,
            rendered.templateSha256,
            fileName,
            storageKey,
            actor.userId,
            actor.email,
            actor.displayName,
            context.role ?? 'user',
            generatedAt,
          ],
        );
        await this.audit.record(manager, context, {
          action: 'report.generated',
          entityType: 'generated_report',
          entityId: id,
          departmentId: target.departmentId,
          after: {
            kind,
            sha256: rendered.sha256,
            bytes: rendered.bytes,
            pages: rendered.pages,
            template: rendered.template,
            templateSha256: rendered.templateSha256,
            fileName,
            departmentIds: target.departmentIds,
            renderedIn: rendered.renderedIn,
          },
        });
        return inserted;
      });
      return toDto(row);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
  }

  /** The department's generated reports, newest first. */
  async list(actor: Actor, departmentId: string, query: ReportListQueryDto): Promise<Page<GeneratedReportDto>> {
    this.access.assert(actor, departmentId, REPORT_ROLES);
    const params: unknown[] = [departmentId];
    const kindFilter = query.kind ? ` AND kind = $${params.push(query.kind)}` : '';
    const [{ total }]: { total: number }[] = await this.dataSource.query(`SELECT count(*)::int AS total FROM generated_report WHERE department_id = $1${kindFilter}`, params);
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM generated_report WHERE department_id = $1${kindFilter}
        ORDER BY generated_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset };
  }

  /**
   * The newest `limit` reports of each of these departments, with how many each has, in one
   * statement (the reports page lists every department the user can see).
   */
  async recentByDepartment(actor: Actor, departmentIds: string[], limit: number): Promise<Map<string, { items: GeneratedReportDto[]; total: number }>> {
    for (const id of departmentIds) this.access.assert(actor, id, REPORT_ROLES);
    const recent = new Map(departmentIds.map((id) => [id, { items: [] as GeneratedReportDto[], total: 0 }]));
    if (departmentIds.length === 0) return recent;
    const rows: (ReportRow & { total: number })[] = await this.dataSource.query(
      `SELECT * FROM (SELECT ${COLUMNS}, count(*) OVER (PARTITION BY department_id)::int AS total,
                             row_number() OVER (PARTITION BY department_id ORDER BY generated_at DESC, id DESC) AS position
                        FROM generated_report WHERE department_id = ANY($1::uuid[])) r
        WHERE position <= $2 ORDER BY generated_at DESC, id DESC`,
      [departmentIds, limit],
    );
    for (const row of rows) {
      const entry = recent.get(row.department_id as string) as { items: GeneratedReportDto[]; total: number };
      entry.items.push(toDto(row));
      entry.total = row.total;
    }
    return recent;
  }

  /** The newest footprint reports the actor may download: their own, or everyone's for an administrator (as visibleReport() allows). */
  async footprints(actor: Actor, limit: number): Promise<GeneratedReportDto[]> {
    const rows: ReportRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM generated_report WHERE kind = 'footprint' AND ($1::boolean OR generated_by_user_id = $2)
        ORDER BY generated_at DESC, id DESC LIMIT $3`,
      [actor.isAdmin, actor.userId, limit],
    );
    return rows.map(toDto);
  }

  /**
   * A report the actor may read: a department's report for its chiefs, managers, administrators
   * and assessors within their grant; a footprint report for the user who generated it and
   * administrators (it shows the departments that user could see). Anything else is 404.
   */
  private async visibleReport(actor: Actor, id: string): Promise<ReportRow> {
    const [row]: ReportRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM generated_report WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError('report', id);
    if (row.department_id) this.access.assert(actor, row.department_id, REPORT_ROLES);
    else if (row.generated_by_user_id !== actor.userId && !actor.isAdmin) throw new NotFoundError('report', id);
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
    const path = this.files.pathOf(row.storage_key);
    try {
      await access(path);
    } catch {
      throw new ReportBytesMissingError(id);
    }
    const body = createReadStream(path);
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
}
