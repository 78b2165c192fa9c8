import { Injectable } from '@nestjs/common';
import { DepartmentsService } from '../../departments/departments.service';
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
  /** Chiefs, managers, administrators and assessors within their grant: list and download. */
  canReport: boolean;
  /** The reports the user may generate here (assessors: the file review only). */
  kinds: DepartmentReportKind[];
  reports: GeneratedReportDto[];
  total: number;
}

export interface ReportsView {
  focus: string | null;
  generated: string | null;
  /** Administrators, managers and chiefs generate the footprint report. */
  canGenerateFootprint: boolean;
  departments: ReportsDepartmentView[];
  footprintReports: GeneratedReportDto[];
}

/**
 * The reports page: every department the user can see, with its generated reports for those who
 * may read them (the reports service enforces the same rule), and the footprint reports the user
 * may download (their own; administrators: all).
 */
@Injectable()
export class ReportsPageService {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly reports: ReportsService,
    private readonly access: DepartmentAccessService,
  ) {}

  async view(actor: Actor, options: { focus?: string; generated?: string } = {}): Promise<ReportsView> {
    // A department outside the user's reach is "not found", as everywhere else.
    if (options.focus) this.access.assert(actor, options.focus, READ_ROLES);
    const visible = (await this.departments.list(actor)).filter((d) => (options.focus ? d.id === options.focus : true));
    const reportable = visible.filter((d) => this.access.allows(actor, d.id, REPORT_ROLES)).map((d) => d.id);
    const [recent, footprintReports] = await Promise.all([
      this.reports.recentByDepartment(actor, reportable, options.focus ? FOCUSED_REPORTS : OVERVIEW_REPORTS),
      options.focus ? [] : this.reports.footprints(actor, OVERVIEW_REPORTS * 2),
    ]);
    return {
      focus: options.focus ?? null,
      generated: options.generated ?? null,
      canGenerateFootprint: this.reports.canGenerateFootprint(actor),
      departments: visible.map((d): ReportsDepartmentView => {
        const page = recent.get(d.id);
        const kinds = page ? DEPARTMENT_REPORT_KINDS.filter((kind) => this.reports.canGenerate(actor, d.id, kind)) : [];
        return { id: d.id, name: d.name, shortName: d.shortName, archived: d.archived, canReport: page !== undefined, kinds, reports: page?.items ?? [], total: page?.total ?? 0 };
      }),
      footprintReports,
    };
  }
}
