import { Injectable } from '@nestjs/common';
import { notReadyReasons, signOffNeedsAcknowledgement } from '../../readiness/rules/sign-off-acknowledgement';
import { isMilestone, openDeadlines, type Deadline } from '../../compliance/rules/deadline-schedule';
import { DepartmentsService } from '../../departments/departments.service';
import type { DepartmentDto } from '../../departments/dto/department.dto';
import type { EnrolmentDto } from '../../departments/dto/enrolment.dto';
import { NotFoundError } from '../../common/errors';
import type { FileListQueryDto, StandardFileDto } from '../../files/dto/standard-file.dto';
import { RESULTS, WORKFLOW_STATUSES } from '../../kernel/file-values';
import { FileWorkService } from '../../files/file-work.service';
import { StandardFilesService } from '../../files/standard-files.service';
import type { Actor } from '../../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../../identity/access/department-access.service';
import type { AccessRole } from '../../identity/access/actor';

const STAFF_ROLES: AccessRole[] = ['admin', 'manager', 'member', 'chief'];
import type { BlockerDto, ChapterReadinessDto, CoverageRowDto, ReadinessDto, ReadinessSummaryDto, SignOffSummaryDto } from '../../readiness/dto/readiness.dto';
import { ReadinessService } from '../../readiness/readiness.service';
import { SIGN_OFF_ROLES, SignOffsService } from '../../readiness/sign-offs.service';
import type { CoverageCell } from '../../compliance/rules/coverage-grid';
import type { DepartmentPageQueryDto } from './department-page.dto';

export const FILES_PER_PAGE = 100;
const TOP_BLOCKERS = 10;
const OVERDUE_SHOWN = 15;
const UPCOMING_SHOWN = 15;
const MILESTONES_SHOWN = 3;
/** list() pages at most this many files; the "missing proofs" filter reads them all in pages this size. */
const LIST_MAX = 500;

export interface PersonOption {
  id: string;
  name: string;
  /** An assignee who may no longer be assigned (disabled, or no longer a manager or member). */
  inactive: boolean;
}

/** One cycle year of a chapter in the coverage overview: files with a proof over files needing one. */
export interface ChapterYearCoverage {
  present: number;
  missing: number;
  notRequired: number;
  /** Of the cells that need a proof (present + missing), the share present; null when none do. */
  percent: number | null;
}

export interface GridChapter {
  chapter: number;
  title: string | null;
  rows: CoverageRowDto[];
  years: ChapterYearCoverage[];
  /** Files of the chapter missing a proof for the current cycle year. */
  missingNow: number;
}

export interface FileListItem extends StandardFileDto {
  assigneeName: string | null;
  /** The current cycle year's coverage cell and its counting proofs. */
  currentCell: CoverageCell | null;
  currentProofs: number;
}

export interface DepartmentPageFilters {
  /** The enrolment shown: kept in every filter and page link. */
  enrolment?: string;
  chapter?: number;
  level?: 'M' | 'O';
  status?: string;
  result?: string;
  assignee?: string;
  missing?: '1';
}

/** One of the department's programs, side by side at the top of the page. */
export interface ProgramCard {
  enrolment: EnrolmentDto;
  summary: ReadinessSummaryDto | null;
  selected: boolean;
}

export interface DepartmentPageView {
  department: DepartmentDto;
  /** The enrolment (program) the page shows: its readiness, deadlines, files and sign-offs. */
  enrolment: EnrolmentDto;
  /** Every enrolment of the department with its verdict (shown when there is more than one). */
  programs: ProgramCard[];
  /** The query string that keeps the shown enrolment in links ('' for the primary one). */
  enrolmentQuery: string;
  readiness: ReadinessDto;
  /** The chief's sign-offs, newest first. */
  signOffs: SignOffSummaryDto[];
  /** Whether this user may sign off (the department's chief, or an administrator). */
  canSignOff: boolean;
  /** What is not plainly ready; signing then needs the acknowledgement checkbox. Empty when ready. */
  signOffNotReady: string[];
  canManage: boolean;
  /** The reader is an assessor here and nothing more: the agency's internal review queue is not shown. */
  assessorOnly: boolean;
  milestones: Deadline[];
  overdue: { items: Deadline[]; total: number };
  upcoming: { items: Deadline[]; total: number };
  blockers: BlockerDto[];
  chapters: ChapterReadinessDto[];
  grid: GridChapter[];
  /** The grid's cells per cycle year, over every chapter. */
  coverageYears: (ChapterYearCoverage & { year: number; startsOn: string; endsOn: string })[];
  /** Per chapter, files missing a proof for the current cycle year. */
  missingNowByChapter: Record<number, number>;
  files: {
    items: FileListItem[];
    total: number;
    page: number;
    pages: number;
    filters: DepartmentPageFilters;
    filtered: boolean;
    /** The query string of the filters (without the page), for page links. */
    query: string;
  };
  options: {
    chapters: { chapter: number; title: string | null }[];
    statuses: readonly string[];
    results: readonly string[];
    people: PersonOption[];
  };
}

const chapterOf = (number: string): number => Number.parseInt(number, 10);

/**
 * The department page: readiness (summary, chapters, coverage grid, blockers) from ReadinessService,
 * the deadline schedule it was computed from, the filtered files from StandardFilesService, and one
 * focused read of the people files can be assigned to. Reads are scoped first (404 for a
 * department the actor cannot see) and then run side by side.
 */
@Injectable()
export class DepartmentPageService {
  constructor(
    private readonly access: DepartmentAccessService,
    private readonly departments: DepartmentsService,
    private readonly readiness: ReadinessService,
    private readonly signOffs: SignOffsService,
    private readonly files: StandardFilesService,
    private readonly fileWork: FileWorkService,
  ) {}

  async view(actor: Actor, departmentId: string, query: DepartmentPageQueryDto): Promise<DepartmentPageView> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const department = await this.departments.get(actor, departmentId);
    const enrolment = query.enrolment ? department.enrolments.find((e) => e.id === query.enrolment) : department.enrolments.find((e) => e.primary);
    if (!enrolment) throw new NotFoundError('enrolment', query.enrolment ?? departmentId);
    const enrolmentQuery = enrolment.primary ? '' : `enrolment=${enrolment.id}`;
    const filters: DepartmentPageFilters = {
      enrolment: enrolment.primary ? undefined : enrolment.id,
      chapter: query.chapter,
      level: query.level,
      status: query.status,
      result: query.result,
      assignee: query.assignee,
      missing: query.missing,
    };
    const page = query.page ?? 1;
    const listQuery: FileListQueryDto = {
      enrolmentId: enrolment.id,
      chapter: query.chapter,
      level: query.level,
      status: query.status,
      result: query.result,
      assigneeUserId: query.assignee,
      limit: query.missing ? LIST_MAX : FILES_PER_PAGE,
      offset: query.missing ? 0 : (page - 1) * FILES_PER_PAGE,
    };
    const [{ readiness, deadlines }, listed, people, allSignOffs, summaries] = await Promise.all([
      this.readiness.forDepartmentWithDeadlines(actor, departmentId, enrolment.id),
      query.missing ? this.allFiles(actor, departmentId, listQuery) : this.files.list(actor, departmentId, listQuery),
      this.people(departmentId),
      this.signOffs.list(actor, departmentId),
      department.enrolments.length > 1 ? this.readiness.enrolmentsOf(actor, departmentId) : Promise.resolve([]),
    ]);
    const signOffs = allSignOffs.filter((s) => s.enrolmentId === enrolment.id);
    const summaryOf = new Map(summaries.map((s) => [s.enrolmentId, s]));

    const currentYear = readiness.coverage.currentYear;
    const coverageByFile = new Map(readiness.coverage.rows.map((r) => [r.standardFileId, r]));
    const names = new Map(people.map((p) => [p.id, p.name]));
    let items = listed.items;
    let total = listed.total;
    if (query.missing) {
      const missing = items.filter((f) => coverageByFile.get(f.id)?.cells[currentYear - 1] === 'missing');
      total = missing.length;
      items = missing.slice((page - 1) * FILES_PER_PAGE, page * FILES_PER_PAGE);
    }

    const open = openDeadlines(deadlines);
    const overdue = open.filter((d) => d.state === 'overdue');
    const upcoming = open.filter((d) => d.state !== 'overdue');
    const grid = gridByChapter(readiness);
    const filterQuery = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) filterQuery.set(key, String(value));

    return {
      department,
      enrolment,
      programs: department.enrolments.map((e) => ({ enrolment: e, summary: summaryOf.get(e.id) ?? null, selected: e.id === enrolment.id })),
      enrolmentQuery,
      readiness,
      signOffs,
      canSignOff: this.access.allows(actor, departmentId, SIGN_OFF_ROLES),
      signOffNotReady: signOffNeedsAcknowledgement(readiness.verdict) ? notReadyReasons(readiness.verdict) : [],
      canManage: this.access.allows(actor, departmentId, MANAGE_ROLES),
      assessorOnly: !this.access.allows(actor, departmentId, STAFF_ROLES),
      milestones: open.filter((d) => isMilestone(d.kind)).slice(0, MILESTONES_SHOWN),
      overdue: { items: overdue.slice(0, OVERDUE_SHOWN), total: overdue.length },
      upcoming: { items: upcoming.slice(0, UPCOMING_SHOWN), total: upcoming.length },
      blockers: readiness.blockers.slice(0, TOP_BLOCKERS),
      chapters: readiness.chapters,
      grid,
      coverageYears: readiness.coverage.years.map((span, i) => {
        const year = { present: 0, missing: 0, notRequired: 0 };
        for (const chapter of grid) {
          year.present += chapter.years[i].present;
          year.missing += chapter.years[i].missing;
          year.notRequired += chapter.years[i].notRequired;
        }
        return { ...span, ...year, percent: percentPresent(year) };
      }),
      missingNowByChapter: Object.fromEntries(grid.map((c) => [c.chapter, c.missingNow])),
      files: {
        items: items.map((f) => {
          const coverage = coverageByFile.get(f.id);
          return {
            ...f,
            assigneeName: f.assigneeUserId ? (names.get(f.assigneeUserId) ?? 'Unknown user') : null,
            currentCell: coverage ? coverage.cells[currentYear - 1] : null,
            currentProofs: coverage ? coverage.proofs[currentYear - 1] : 0,
          };
        }),
        total,
        page,
        pages: Math.max(1, Math.ceil(total / FILES_PER_PAGE)),
        filters,
        filtered: filterQuery.size > 0,
        query: filterQuery.toString(),
      },
      options: {
        chapters: readiness.chapters.map((c) => ({ chapter: c.chapter, title: c.title })),
        statuses: WORKFLOW_STATUSES,
        results: RESULTS,
        people,
      },
    };
  }

  /** Every file matching the list filters (for the "missing proofs" filter, applied here from the coverage grid). */
  private async allFiles(actor: Actor, departmentId: string, query: FileListQueryDto): Promise<{ items: StandardFileDto[]; total: number }> {
    const first = await this.files.list(actor, departmentId, { ...query, limit: LIST_MAX, offset: 0 });
    const items = [...first.items];
    while (items.length < first.total) {
      const next = await this.files.list(actor, departmentId, { ...query, limit: LIST_MAX, offset: items.length });
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return { items, total: items.length };
  }

  /**
   * The people of the assignee filter and the chapter form: the department's active managers and
   * members (whom files may be assigned to) and anyone a file is assigned to now. The caller has
   * checked access to the department.
   */
  private async people(departmentId: string): Promise<PersonOption[]> {
    const rows = await this.fileWork.assigneeFilterPeople(departmentId);
    return rows.map((r) => ({ id: r.id, name: r.name, inactive: !r.assignable }));
  }
}

/** Of the cells needing a proof, the share that has one (rounded down to a tenth); null when none need one. */
function percentPresent({ present, missing }: { present: number; missing: number }): number | null {
  const needed = present + missing;
  return needed === 0 ? null : Math.floor((present * 1000) / needed) / 10;
}

/** The coverage grid's rows grouped by chapter (they come in natural order), with per-year counts. */
function gridByChapter(readiness: ReadinessDto): GridChapter[] {
  const titles = new Map(readiness.chapters.map((c) => [c.chapter, c.title]));
  const currentYear = readiness.coverage.currentYear;
  const chapters = new Map<number, GridChapter>();
  for (const row of readiness.coverage.rows) {
    const number = chapterOf(row.number);
    let chapter = chapters.get(number);
    if (!chapter) {
      chapter = {
        chapter: number,
        title: titles.get(number) ?? null,
        rows: [],
        years: readiness.coverage.years.map(() => ({ present: 0, missing: 0, notRequired: 0, percent: null })),
        missingNow: 0,
      };
      chapters.set(number, chapter);
    }
    chapter.rows.push(row);
    row.cells.forEach((cell, i) => {
      const year = chapter.years[i];
      if (cell === 'present') year.present++;
      else if (cell === 'missing') year.missing++;
      else year.notRequired++;
    });
    if (row.cells[currentYear - 1] === 'missing') chapter.missingNow++;
  }
  for (const chapter of chapters.values()) for (const year of chapter.years) year.percent = percentPresent(year);
  return [...chapters.values()].sort((a, b) => a.chapter - b.chapter);
}
