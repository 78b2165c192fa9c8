import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CalendarFeedService } from '../../deadlines/calendar-feed.service';
import { DepartmentsService } from '../../departments/departments.service';
import { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from '../../departments/dto/department.dto';
import { ACCREDITATION_STATUSES, PROGRAM_TIERS } from '../../kernel/department-values';
import type { Actor } from '../../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../../identity/access/department-access.service';
import type { ManualDiffDto } from '../../standards/dto/manual-diff.dto';
import type { ManualSummaryDto } from '../../standards/dto/manual.dto';
import { ManualsService } from '../../standards/manuals.service';
import { ProgramsService } from '../../standards/programs.service';
import { EnrolmentsService } from '../../departments/enrolments.service';
import { CreateEnrolmentDto, type EnrolmentDto, UpdateEnrolmentDto } from '../../departments/dto/enrolment.dto';
import { NotFoundError } from '../../common/errors';
import { SIZE_CLASSES } from '../../kernel/standard-types';
import type { CreateDepartmentFormDto, DepartmentProfileFormDto, EnrolFormDto, EnrolmentFormDto } from './department-settings.dto';
import { validatedAsApi } from '../api-dto';

/** Contact rows the form offers beyond the department's own (blank ones, to add contacts). */
const BLANK_CONTACT_ROWS = 2;
const MAX_CONTACTS = 20;

export const TIER_LABELS: Record<string, string> = { tier1: 'Tier 1 (LE1 standards)', advanced: 'Advanced (all standards)' };

export interface LiveCalendarToken {
  createdAt: Date;
  createdBy: string | null;
}

export interface ContactRow {
  role: string;
  name: string;
  email: string;
  phone: string;
}

export interface SettingsPageView {
  department: DepartmentDto;
  canManage: boolean;
  /** Existing contacts first, then blank rows to add more. */
  contactRows: ContactRow[];
  options: {
    tiers: readonly string[];
    statuses: readonly string[];
    sizeClasses: { value: string; label: string }[];
  };
  /** Administrators: the programs the department is not enrolled in yet. */
  enrol: { programs: { id: string; name: string; sample: boolean }[] } | null;
  /** Managers: published versions for the other programs' enrolments that follow no version yet. */
  programVersions: ManualSummaryDto[];
  manual: {
    /** The newer version to adopt, with what changes (when one is pending). */
    pending: { diff: ManualDiffDto; dueOn: string } | null;
    /** Versions to choose from when none is assigned yet. */
    choices: ManualSummaryDto[];
  };
  /** Managers only: the live feed link, if any (its token is never shown again). */
  calendar: { live: LiveCalendarToken | null } | null;
}

export interface AdminDepartmentsView {
  departments: DepartmentDto[];
  options: { tiers: readonly string[]; statuses: readonly string[] };
}

/** The contact rows of the form, position by position; a row with every field empty is dropped. */
function contactsOf(form: DepartmentProfileFormDto): Record<string, string>[] {
  const roles = form.contactRole ?? [];
  const names = form.contactName ?? [];
  const emails = form.contactEmail ?? [];
  const phones = form.contactPhone ?? [];
  const count = Math.max(roles.length, names.length, emails.length, phones.length);
  const contacts: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const [role, name, email, phone] = [roles[i], names[i], emails[i], phones[i]].map((v) => (v ?? '').trim());
    if (!role && !name && !email && !phone) continue;
    contacts.push({ role, name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) });
  }
  return contacts;
}

/**
 * The department settings page: the profile (DepartmentsService), the manual version and any newer
 * one to adopt (ManualsService), and the calendar feed's state (one focused read: is a link live).
 * Scoped first: 404 for a department the actor cannot see.
 */
@Injectable()
export class DepartmentSettingsPageService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendarFeed: CalendarFeedService,
    private readonly access: DepartmentAccessService,
    private readonly departments: DepartmentsService,
    private readonly manuals: ManualsService,
    private readonly programs: ProgramsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  async view(actor: Actor, departmentId: string): Promise<SettingsPageView> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const department = await this.departments.get(actor, departmentId);
    const manages = this.access.allows(actor, departmentId, MANAGE_ROLES);
    const [diff, published, live, programs] = await Promise.all([
      department.manual && department.pendingAdoption ? this.manuals.diff(department.manual.id, department.pendingAdoption.manualId) : null,
      manages ? this.manuals.listPublished() : [],
      manages ? this.calendarFeed.liveToken(departmentId) : null,
      actor.isAdmin ? this.programs.list() : [],
    ]);
    const enrolled = new Set(department.enrolments.map((e) => e.programId));
    const primaryProgram = department.enrolments.find((e) => e.primary)?.programId ?? null;
    // The primary enrolment chooses among its program's versions (any program's while it has none); other programs' versions are for their own enrolments.
    const choices = department.manual ? [] : published.filter((m) => (primaryProgram === null ? !enrolled.has(m.programId) : m.programId === primaryProgram));
    const notEnrolled = programs.filter((p) => !enrolled.has(p.id));
    const contactRows: ContactRow[] = department.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email ?? '', phone: c.phone ?? '' }));
    const blanks = Math.min(BLANK_CONTACT_ROWS, MAX_CONTACTS - contactRows.length);
    for (let i = 0; i < blanks; i++) contactRows.push({ role: '', name: '', email: '', phone: '' });
    const ranges = this.config.sizeClassRanges;
    return {
      department,
      canManage: manages,
      contactRows,
      options: {
        tiers: PROGRAM_TIERS,
        statuses: ACCREDITATION_STATUSES,
        sizeClasses: SIZE_CLASSES.map((c) => {
          const [low, high] = ranges[c];
          return { value: c, label: `${c} (${high === null ? `${low} or more` : `${low} to ${high}`} sworn)` };
        }),
      },
      manual: {
        pending: diff && department.pendingAdoption ? { diff, dueOn: department.pendingAdoption.dueOn } : null,
        choices: [...choices].sort((a, b) => (a.effectiveDate < b.effectiveDate ? 1 : a.effectiveDate > b.effectiveDate ? -1 : 0)),
      },
      calendar: manages ? { live } : null,
      enrol: actor.isAdmin ? { programs: notEnrolled.map((p) => ({ id: p.id, name: p.name, sample: p.sample })) } : null,
      programVersions: published.filter((m) => department.enrolments.some((e) => !e.primary && e.programId === m.programId && !e.manual)),
    };
  }

  /** The administrator's enrolment of the department in another program, checked with CreateEnrolmentDto's rules. */
  enrol(actor: Actor, departmentId: string, form: EnrolFormDto): Promise<EnrolmentDto> {
    const dto = validatedAsApi(CreateEnrolmentDto, { programId: form.programId, accreditationStatus: form.accreditationStatus, awardDate: form.awardDate });
    return this.enrolments.enrol(actor, departmentId, dto);
  }

  /** Another program's status, award date and tier, checked with UpdateEnrolmentDto's rules; an enrolment of another department is 404. */
  async updateEnrolment(actor: Actor, departmentId: string, enrolmentId: string, form: EnrolmentFormDto): Promise<EnrolmentDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const enrolment = await this.enrolments.get(actor, enrolmentId);
    if (enrolment.departmentId !== departmentId) throw new NotFoundError('enrolment', enrolmentId);
    const dto = validatedAsApi(UpdateEnrolmentDto, {
      version: form.version,
      accreditationStatus: form.accreditationStatus,
      awardDate: form.awardDate,
      programTier: enrolment.programHasTiers ? form.programTier : undefined,
    });
    return this.enrolments.update(actor, enrolmentId, dto);
  }

  /** The profile form, checked with UpdateDepartmentDto's rules, then saved by DepartmentsService (version, audit). */
  async updateProfile(actor: Actor, departmentId: string, form: DepartmentProfileFormDto): Promise<DepartmentDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const dto = validatedAsApi(UpdateDepartmentDto, {
      version: form.version,
      name: form.name,
      shortName: form.shortName,
      caleaAgencyNumber: form.caleaAgencyNumber ?? null,
      programTier: form.programTier,
      swornOfficers: form.swornOfficers,
      sizeClassOverride: form.sizeClassOverride ?? null,
      municipalities: form.municipalities ?? [],
      populationServed: form.populationServed ?? null,
      accreditationStatus: form.accreditationStatus,
      awardDate: form.awardDate ?? null,
      contacts: contactsOf(form),
      shareHistoryWithAssessors: form.shareHistoryWithAssessors ?? false,
    });
    return this.departments.update(actor, departmentId, dto);
  }

  async adminDepartments(actor: Actor): Promise<AdminDepartmentsView> {
    return { departments: await this.departments.list(actor), options: { tiers: PROGRAM_TIERS, statuses: ACCREDITATION_STATUSES } };
  }

  /** The administrator's new department, checked with CreateDepartmentDto's rules. */
  createDepartment(actor: Actor, form: CreateDepartmentFormDto): Promise<DepartmentDto> {
    const plain: Record<string, unknown> = { name: form.name, shortName: form.shortName };
    for (const key of ['caleaAgencyNumber', 'programTier', 'swornOfficers', 'accreditationStatus', 'awardDate'] as const) {
      if (form[key] !== undefined) plain[key] = form[key];
    }
    return this.departments.create(actor, validatedAsApi(CreateDepartmentDto, plain));
  }
}
