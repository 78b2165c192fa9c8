import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { DepartmentsService } from '../../departments/departments.service';
import { rolesInDepartment } from '../../identity/access/access-rules';
import type { Actor } from '../../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../../identity/access/department-access.service';
import { DEPARTMENT_REPORT_KINDS, DepartmentReportKind, GeneratedReportDto } from '../../reports/dto/report.dto';
import { REPORT_ROLES, ReportsService } from '../../reports/reports.service';

/** How many reports a department shows on the overview; its own view shows more. */
export const OVERVIEW_REPORTS = 5;
export const FOCUSED_REPORTS = 100;

export const REPORT_KIND_LABELS: Record<DepartmentReportKind | 'footprint', { title: string; description: string }> = {
  readiness: { title: 'Readiness report', description: "The chief's view: the verdict against CALEA's rule, the standards still open, deadlines and sign-offs." },
  'file-review': { title: 'File review', description: "The assessor's view: every standard file with its compliance, proofs and notes." },
  footprint: { title: 'Footprint report', description: 'Every department you can see side by side, then a page per department.' },
};

export interface ReportsDepartmentView {
  id: string;
  name: string;
  shortName: string;
  archived: boolean;
  /** Chiefs, managers, administrators and assessors within their grant: generate, list and download. */
  canReport: boolean;
  reports: GeneratedReportDto[];
  total: number;
}

export interface FootprintReportView {
  id: string;
  kind: 'footprint';
  fileName: string;
  sha256: string;
  bytes: number;
  pages: number;
  departmentCount: number;
  generatedAt: string;
  generatedByName: string;
  generatedByRole: string;
  contentUrl: string;
}

export interface ReportsView {
  focus: string | null;
  generated: string | null;
  kinds: readonly DepartmentReportKind[];
  departments: ReportsDepartmentView[];
  footprintReports: FootprintReportView[];
}

/**
 * The reports page: every department the user can see, with its generated reports for those who
 * may read them (the reports service enforces the same rule), and the footprint reports the user
 * may download (their own; administrators: all).
 */
@Injectable()
export class ReportsPageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
    private readonly reports: ReportsService,
    private readonly access: DepartmentAccessService,
    private readonly clock: Clock,
  ) {}

  async view(actor: Actor, options: { focus?: string; generated?: string } = {}): Promise<ReportsView> {
    // A department outside the user's reach is "not found", as everywhere else.
    if (options.focus) this.access.assert(actor, options.focus, READ_ROLES);
    const now = this.clock.now();
    const visible = (await this.departments.list(actor)).filter((d) => (options.focus ? d.id === options.focus : true));
    const limit = options.focus ? FOCUSED_REPORTS : OVERVIEW_REPORTS;
    const departments = await Promise.all(
      visible.map(async (d): Promise<ReportsDepartmentView> => {
        const canReport = rolesInDepartment(actor, d.id, now).some((role) => REPORT_ROLES.includes(role));
        const page = canReport ? await this.reports.list(actor, d.id, { limit, offset: 0 }) : { items: [], total: 0 };
        return { id: d.id, name: d.name, shortName: d.shortName, archived: d.archived, canReport, reports: page.items, total: page.total };
      }),
    );
    return {
      focus: options.focus ?? null,
      generated: options.generated ?? null,
      kinds: DEPARTMENT_REPORT_KINDS,
      departments,
      footprintReports: options.focus ? [] : await this.footprintReports(actor),
    };
  }

  /** Footprint reports the user may download: their own, or every one for an administrator (as ReportsService.download allows). */
  private async footprintReports(actor: Actor): Promise<FootprintReportView[]> {
    const rows: {
      id: string;
      file_name: string;
      sha256: string;
      size_bytes: string;
      pages: number;
      department_ids: string[];
      generated_at: Date;
      generated_by_name: string;
      generated_by_role: string;
    }[] = await this.dataSource.query(
      `SELECT id, file_name, sha256, size_bytes, pages, department_ids, generated_at, generated_by_name, generated_by_role
         FROM generated_report
        WHERE kind = 'footprint' AND ($1::boolean OR generated_by_user_id = $2)
        ORDER BY generated_at DESC, id DESC LIMIT $3`,
      [actor.isAdmin, actor.userId, OVERVIEW_REPORTS * 2],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: 'footprint' as const,
      fileName: r.file_name,
      sha256: r.sha256,
      bytes: Number(r.size_bytes),
      pages: r.pages,
      departmentCount: r.department_ids.length,
      generatedAt: r.generated_at.toISOString(),
      generatedByName: r.generated_by_name,
      generatedByRole: r.generated_by_role,
      contentUrl: `/api/reports/${r.id}/content`,
    }));
  }
}
