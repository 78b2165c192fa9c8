import { STANDARD_REVIEW_STATUS_LABELS } from '../../kernel/assessment-values';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { StatusEntryDto } from '../../assessments/dto/assessment.dto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService, type FileHistoryRow } from '../../audit/audit.service';
import { Clock } from '../../common/clock';
import { NotFoundError } from '../../common/errors';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { periodName, periodsForFrequency } from '../../kernel/deadline-periods';
import { DepartmentsService } from '../../departments/departments.service';
import type { StandardFileDetailDto } from '../../files/dto/file-edit.dto';
import { APPLICABILITIES, RESULTS, WORKFLOW_STATUSES } from '../../kernel/file-values';
import { StandardFilesService } from '../../files/standard-files.service';
import type { MappedFileDto } from '../../files/dto/standard-file.dto';
import { FileWorkService } from '../../files/file-work.service';
import { dayOf } from '../../kernel/calendar';
import type { AccessRole, Actor } from '../../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../../identity/access/department-access.service';
import { UsersService } from '../../identity/users.service';
import type { FiledProofDto, FileProofsDto } from '../../proofs/dto/proof.dto';
import { ProofsService } from '../../proofs/proofs.service';
import { ALLOWED_PROOF_TYPES } from '../../proofs/rules/declared-type';
import { PROOF_KINDS } from '../../kernel/proof-types';
import { StandardsService } from '../../standards/standards.service';
import { formatDate } from '../view-helpers';

/** What a member may set the status to; accepted and returned are the manager's. */
const MEMBER_STATUSES = ['to_do', 'in_progress', 'in_review'] as const;
/** Events of the file's history read from the audit trail; downloads are reads, not changes. */
const HISTORY_LIMIT = 100;

export interface PeriodGroup {
  key: string | null;
  label: string;
  items: FiledProofDto[];
}

export interface YearGroup {
  cycleYear: number;
  startsOn: string;
  endsOn: string;
  current: boolean;
  count: number;
  /** One group without a key for standards that are not time-sensitive. */
  periods: PeriodGroup[];
}

export interface PeriodOption {
  key: string;
  /** The period in words ("Year 1, quarter 2"). */
  name: string;
  /** The name with its dates, for a picker. */
  label: string;
  startsOn: string;
  endsOn: string;
}

export interface HistoryEvent {
  id: string;
  occurredAt: string;
  action: string;
  label: string;
  who: string;
  role: string | null;
  details: string[];
  proofId: string | null;
}

export interface Person {
  id: string;
  name: string;
  role?: string;
}

export interface AssessorFileStatus {
  assessmentId: string;
  assessmentName: string;
  status: StatusEntryDto;
  bulletStatuses: StatusEntryDto[];
  unclosedFindings: number;
}

export interface FilePageView {
  department: { id: string; name: string };
  file: StandardFileDetailDto;
  /** The program of the file's enrolment, shown when the department is in more than one. */
  program: { name: string | null; shown: boolean };
  /** The department's files in its other programs mapped to this standard by a crosswalk. */
  mapped: MappedFileDto[];
  /** This file's proofs of the current cycle (not withdrawn) that can be filed in a mapped file too. */
  mappable: { proofId: string; fileName: string; effectiveDate: string }[];
  standardText: { licensedText: string | null; commentary: string | null };
  assignee: Person | null;
  proofs: FileProofsDto;
  years: YearGroup[];
  otherCycles: FiledProofDto[];
  /** What the file has to back a "compliant" result: the page warns before one is recorded without them. */
  evidence: { directives: number; countingProofs: number };
  history: HistoryEvent[];
  /** Whether the page has a history section: always for the agency's people; for an assessor, when the department shares it. */
  historyShown: boolean;
  /** For an assessor: their rounds' statuses of this standard (and its bullets), with a link to mark it. */
  assessorStatuses: AssessorFileStatus[];
  reviewLabels: Record<string, string>;
  names: Record<string, string>;
  /** What the signed-in person may do here; the template hides the rest. */
  can: {
    role: AccessRole;
    manage: boolean;
    /** Members on files assigned to them, managers, admins. */
    work: boolean;
    upload: boolean;
    review: boolean;
  };
  options: {
    results: readonly string[];
    statuses: readonly string[];
    applicabilities: readonly string[];
    kinds: readonly string[];
    assignees: Person[];
    periods: { cycleYear: number; periods: PeriodOption[] }[];
  };
  upload: { maxBytes: number; accept: string; typeLabels: string; apiPath: string; today: string };
  /** The period the upload form starts on (one of `options.periods`), or null: from the date of the activity. */
  chosenPeriod: string | null;
  /**
   * The activity the upload form starts on: the standard's only one, or the one the deadline link
   * named (`activity`, a key); null when the standard has several and none was named (the form
   * then asks, and offers no periods: the date decides the period of the activity chosen).
   */
  chosenActivity: StandardFileDetailDto['activities'][number] | null;
}


const ACTION_LABELS: Record<string, string> = {
  'file.updated': 'File changed',
  'file.assigned': 'Assigned with its chapter',
  'file.marked-not-applicable': 'Marked not applicable with its chapter',
  'proof.uploaded': 'Proof uploaded',
  'proof.linked': 'Proof filed from another file',
  'proof.accepted': 'Proof accepted',
  'proof.returned': 'Proof returned',
  'proof.withdrawn': 'Proof withdrawn',
};

/** Field names as people read them, for the history. */
const FIELD_LABELS: Record<string, string> = {
  applicability: 'Applicability',
  applicabilityReason: 'Reason not applicable',
  waiverReference: 'Waiver reference',
  waiverDate: 'Waiver date',
  waiverEndsOn: 'Waiver ends on',
  result: 'Compliance result',
  status: 'Status',
  statusReason: 'Reason returned',
  assigneeUserId: 'Assignee',
  directives: 'Directives',
  bulletNotes: 'Bullet notes',
  notes: 'Notes',
  needsReview: 'Needs review',
  reviewReasons: 'Review reasons',
  version: 'Version',
  assignee_user_id: 'Assignee',
  applicability_reason: 'Reason not applicable',
  waiver_reference: 'Waiver reference',
  waiver_date: 'Waiver date',
  waiver_ends_on: 'Waiver ends on',
};

const words = (value: string): string => value.replace(/[_-]+/g, ' ');

/**
 * The standard file page: the standard, the department's work on it, its proofs by cycle year and
 * its history. Everything goes through the domain services (scoping, locking, audit); the few
 * page-only reads (names, the standard's licensed text, the file's audit events) are scoped here.
 */
@Injectable()
export class FilePageService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: DepartmentAccessService,
    private readonly departments: DepartmentsService,
    private readonly work: FileWorkService,
    private readonly proofs: ProofsService,
    private readonly standards: StandardsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly assessments: AssessmentsService,
    private readonly standardFiles: StandardFilesService,
  ) {}

  /**
   * The file, once the actor may read the department of the URL and the file is one of its files
   * (404 otherwise, without naming another department).
   */
  async fileIn(actor: Actor, departmentId: string, fileId: string): Promise<{ file: StandardFileDetailDto; role: AccessRole }> {
    const role = await this.assertFileIn(actor, departmentId, fileId);
    return { file: await this.work.get(actor, fileId), role };
  }

  /** A file the crosswalk maps this one to (404 otherwise): where the "file it there too" form may file. */
  async mappedTarget(actor: Actor, departmentId: string, fileId: string, targetFileId: string): Promise<MappedFileDto> {
    await this.assertFileIn(actor, departmentId, fileId);
    const target = (await this.standardFiles.mappedFiles(actor, fileId)).find((m) => m.fileId === targetFileId);
    if (!target) throw new NotFoundError('mapped standard file', targetFileId);
    return target;
  }

  /** The actor may read the department, and the file is one of its files (404 otherwise): for writes, whose services read the file themselves. */
  async assertFileIn(actor: Actor, departmentId: string, fileId: string): Promise<AccessRole> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    if (!(await this.work.fileBelongsToDepartment(fileId, departmentId))) throw new NotFoundError('standard file', fileId);
    return role;
  }

  /** A proof filing of this file (404 for a filing of any other file). */
  async assertLinkOfFile(actor: Actor, departmentId: string, fileId: string, linkId: string): Promise<void> {
    await this.assertFileIn(actor, departmentId, fileId);
    if (!(await this.proofs.linkBelongsToFile(linkId, fileId))) throw new NotFoundError('proof link', linkId);
  }

  /**
   * `period` (a period key, from the deadlines worklist) is chosen in the upload form when it is one
   * of the file's; `activity` (an activity key, from the same link) when it is one of the standard's.
   */
  /** The statuses of this standard in the rounds the assessor is assigned to. */
  private async assessorStatuses(actor: Actor, departmentId: string, fileId: string): Promise<AssessorFileStatus[]> {
    const rounds = (await this.assessments.list(actor, departmentId)).filter((a) => a.assessors.some((x) => x.userId === actor.userId));
    const found: AssessorFileStatus[] = [];
    for (const round of rounds) {
      const standard = (await this.assessments.standards(actor, round.id)).find((s) => s.standardFileId === fileId);
      if (standard) found.push({ assessmentId: round.id, assessmentName: round.name, status: standard.status, bulletStatuses: standard.bulletStatuses, unclosedFindings: standard.unclosedFindings });
    }
    return found;
  }

  async view(actor: Actor, departmentId: string, fileId: string, showHistory: boolean, period?: string, activity?: string): Promise<FilePageView> {
    const { file, role } = await this.fileIn(actor, departmentId, fileId);
    const department = await this.departments.get(actor, departmentId);
    // The staff's edit history stays inside the agency, unless the department shares it with its assessors.
    const historyShown = role !== 'assessor' || department.shareHistoryWithAssessors;
    const [proofs, standardText, history, assignees, assessorStatuses, mapped] = await Promise.all([
      this.proofs.listForFile(actor, fileId, showHistory),
      this.standards.standardText(file.standardId),
      historyShown ? this.history(departmentId, fileId) : Promise.resolve([]),
      this.work.assignablePeople(departmentId),
      role === 'assessor' ? this.assessorStatuses(actor, departmentId, fileId) : Promise.resolve([]),
      this.standardFiles.mappedFiles(actor, fileId),
    ]);
    const enrolment = department.enrolments.find((e) => e.id === file.enrolmentId);
    const current = proofs.years.flatMap((y) => y.items).filter((item) => !item.withdrawn);
    const mappable = [...new Map(current.map((item) => [item.proofId, { proofId: item.proofId, fileName: item.proof.fileName, effectiveDate: item.proof.effectiveDate }])).values()];
    const proofNames = new Map([...proofs.years.flatMap((y) => y.items), ...proofs.otherCycles.items, ...(proofs.history ?? [])].map((p) => [p.proofId, p.proof.fileName]));
    for (const event of history) {
      const name = event.proofId ? proofNames.get(event.proofId) : undefined;
      if (name && event.action !== 'proof.uploaded') event.details.unshift(name);
    }
    const manage = role === 'admin' || role === 'manager';
    const work = manage || (role === 'member' && file.assigneeUserId === actor.userId);
    const otherCycles = showHistory ? (proofs.history ?? []) : proofs.otherCycles.items;
    const names = await this.names(this.peopleOf(file, proofs, otherCycles));
    const chosenActivity = file.activities.length === 1 ? file.activities[0] : (file.activities.find((a) => a.key === activity) ?? null);
    const periods = this.periodOptions(chosenActivity, proofs);
    const assignee = file.assigneeUserId ? { id: file.assigneeUserId, name: names[file.assigneeUserId] ?? 'A former user' } : null;
    return {
      department: { id: department.id, name: department.name },
      file,
      program: { name: enrolment?.programName ?? null, shown: department.enrolments.length > 1 },
      mapped,
      mappable,
      standardText,
      assignee,
      proofs,
      years: this.yearGroups(file, proofs),
      evidence: {
        directives: file.directives.length,
        // Proofs of the current cycle that count (accepted or awaiting review, not withdrawn).
        countingProofs: proofs.years.flatMap((y) => y.items).filter((item) => !item.withdrawn && item.reviewState !== 'returned').length,
      },
      otherCycles,
      history,
      historyShown,
      assessorStatuses,
      reviewLabels: STANDARD_REVIEW_STATUS_LABELS,
      names,
      can: { role, manage, work, upload: work, review: manage },
      options: {
        results: RESULTS,
        statuses: manage ? WORKFLOW_STATUSES : MEMBER_STATUSES,
        applicabilities: APPLICABILITIES,
        kinds: PROOF_KINDS,
        assignees,
        periods,
      },
      chosenPeriod: periods.some((y) => y.periods.some((p) => p.key === period)) ? (period as string) : null,
      chosenActivity,
      upload: {
        maxBytes: this.config.uploadMaxBytes,
        accept: [...new Set(ALLOWED_PROOF_TYPES.flatMap((t) => [...t.extensions.map((e) => `.${e}`), t.mime]))].join(','),
        typeLabels: ALLOWED_PROOF_TYPES.map((t) => t.label).join(', '),
        apiPath: `/api/files/${fileId}/proofs`,
        today: dayOf(this.clock.now()),
      },
    };
  }

  private yearGroups(file: StandardFileDetailDto, proofs: FileProofsDto): YearGroup[] {
    return proofs.years.map((year) => {
      const periods: PeriodGroup[] = [];
      if (file.activities.length > 1) {
        // Several activities: the proofs of each activity's periods, in the manual's order of the activities.
        const groupOf = (item: FiledProofDto): string => {
          const position = Math.max(0, file.activities.findIndex((a) => a.key === item.activityKey));
          return `${String(position).padStart(2, '0')}|${item.periodKey ?? ''}`;
        };
        const byKey = new Map<string, FiledProofDto[]>();
        for (const item of year.items) byKey.set(groupOf(item), [...(byKey.get(groupOf(item)) ?? []), item]);
        for (const key of [...byKey.keys()].sort()) {
          const [position, periodKey] = key.split('|');
          const name = file.activities[Number(position)].name;
          periods.push({ key: periodKey || null, label: `${name}: ${periodKey ? periodName(periodKey) : 'no particular period'}`, items: byKey.get(key) ?? [] });
        }
      } else if (file.frequency) {
        const byKey = new Map<string, FiledProofDto[]>();
        for (const item of year.items) byKey.set(item.periodKey ?? '', [...(byKey.get(item.periodKey ?? '') ?? []), item]);
        const keys = [...byKey.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
        for (const key of keys) {
          periods.push({ key: key || null, label: key ? periodName(key) : 'No particular period', items: byKey.get(key) ?? [] });
        }
      } else {
        periods.push({ key: null, label: '', items: year.items });
      }
      return {
        cycleYear: year.cycleYear,
        startsOn: year.startsOn,
        endsOn: year.endsOn,
        current: year.cycleYear === proofs.cycle.currentYear,
        count: year.items.length,
        periods,
      };
    });
  }

  /** The periods of an activity's schedule in the current cycle, by cycle year (none without an activity). */
  private periodOptions(activity: FilePageView['chosenActivity'], proofs: FileProofsDto): { cycleYear: number; periods: PeriodOption[] }[] {
    if (!activity) return [];
    const periods = periodsForFrequency(activity.frequency, proofs.cycle.startsOn, proofs.cycle.endsOn);
    return proofs.cycle.years.map((year) => ({
      cycleYear: year.year,
      periods: periods
        .filter((p) => p.startsOn >= year.startsOn && p.startsOn <= year.endsOn)
        .map((p) => ({ key: p.key, name: periodName(p.key), label: `${periodName(p.key)} (${formatDate(p.startsOn)} to ${formatDate(p.endsOn)})`, startsOn: p.startsOn, endsOn: p.endsOn })),
    }));
  }

  /** Who may be assigned the file: active managers and members of the department. */
  private peopleOf(file: StandardFileDetailDto, proofs: FileProofsDto, other: FiledProofDto[]): string[] {
    const ids = new Set<string>();
    if (file.assigneeUserId) ids.add(file.assigneeUserId);
    for (const item of [...proofs.years.flatMap((y) => y.items), ...other]) {
      for (const id of [item.proof.uploadedByUserId, item.reviewedByUserId, item.withdrawnByUserId, item.createdByUserId]) if (id) ids.add(id);
    }
    return [...ids];
  }

  private names(ids: string[]): Promise<Record<string, string>> {
    return this.users.displayNames(ids);
  }

  /**
   * The file's history: its own audit events and those of the proofs filed in it, newest first.
   * Anyone who may read the file reads its history (the caller checked that); the department's
   * whole trail stays with the audit readers of /api/audit.
   */
  private async history(departmentId: string, fileId: string): Promise<HistoryEvent[]> {
    const rows = await this.audit.fileHistory(departmentId, fileId, HISTORY_LIMIT);
    const people = await this.names(
      [...new Set(rows.flatMap((r) => [r.before?.assigneeUserId, r.after?.assigneeUserId, r.after?.assignee_user_id]))].filter(
        (id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id),
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at.toISOString(),
      action: r.action,
      label: ACTION_LABELS[r.action] ?? words(r.action),
      who: r.actor_name ?? r.actor_email ?? 'The system',
      role: r.actor_role,
      details: describe(r, people),
      proofId: typeof r.after?.proofId === 'string' ? r.after.proofId : null,
    }));
  }
}

/** A stored value as text: scalars as they are, anything else as JSON. */
function text(value: unknown, fallback = '—'): string {
  if (value === null || value === undefined || value === '') return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/** One line per changed field or fact, for people. */
function describe(row: FileHistoryRow, people: Record<string, string>): string[] {
  const after = row.after ?? {};
  const before = row.before ?? {};
  const show = (key: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if ((key === 'assigneeUserId' || key === 'assignee_user_id') && typeof value === 'string') return people[value] ?? 'a former user';
    if (key === 'directives' && Array.isArray(value)) {
      return value.length ? value.map((d: { number?: unknown; title?: unknown }) => `${text(d.number, '')} ${text(d.title, '')}`.trim()).join('; ') : 'none';
    }
    if (key === 'bulletNotes' && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v);
      return entries.length ? entries.map(([k, v]) => `${k}: ${text(v)}`).join('; ') : 'none';
    }
    if (Array.isArray(value)) return value.length ? value.map((v) => text(v)).join(', ') : 'none';
    const plain = text(value);
    return /^[a-z]+(_[a-z]+)+$/.test(plain) ? words(plain) : plain;
  };
  const period = typeof after.periodKey === 'string' && after.periodKey ? `, ${periodName(after.periodKey).toLowerCase()}` : '';
  switch (row.action) {
    case 'file.updated':
    case 'file.assigned':
    case 'file.marked-not-applicable':
      return Object.keys(after)
        .filter((key) => key !== 'version')
        .map((key) => `${FIELD_LABELS[key] ?? words(key)}: ${show(key, before[key])} → ${show(key, after[key])}`);
    case 'proof.uploaded':
      return [`${text(after.fileName, 'file')}, ${show('kind', after.kind)}, dated ${formatDate(text(after.effectiveDate))}, cycle year ${text(after.cycleYear)}${period}`];
    case 'proof.linked':
      return [`Cycle year ${text(after.cycleYear)}${period}`];
    case 'proof.returned':
      return after.reviewReason ? [`Reason: ${text(after.reviewReason)}`] : [];
    case 'proof.withdrawn':
      return after.withdrawReason ? [`Reason: ${text(after.withdrawReason)}`] : [];
    default:
      return [];
  }
}
