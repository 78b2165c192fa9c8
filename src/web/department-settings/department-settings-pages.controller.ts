import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CalendarFeedService } from '../../deadlines/calendar-feed.service';
import { DepartmentsService } from '../../departments/departments.service';
import type { ManualAssignmentDto } from '../../files/dto/standard-file.dto';
import { StandardFilesService } from '../../files/standard-files.service';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { stashShownOnce, takeShownOnce } from '../show-once';
import { sendHtml, WebPages } from '../web-pages.decorator';
import { DepartmentSettingsPageService, TIER_LABELS } from './department-settings-page.service';
import { DepartmentProfileFormDto, EnrolFormDto, EnrolmentFormDto, ManualChoiceFormDto } from './department-settings.dto';
import { publicBaseUrl } from '../../common/public-url';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { plural } from '../../common/plural';

const UUID = new ParseUUIDPipe();
const settingsPath = (departmentId: string, anchor = ''): string => `/department/${departmentId}/settings${anchor}`;
const calendarLinkPath = (departmentId: string): string => settingsPath(departmentId, '/calendar/link');

/** What the calendar-link page shows of a token just made. */
interface ShownCalendarLink {
  url: string;
  rotated: boolean;
  createdAt: string;
}

const isShownCalendarLink = (value: unknown): value is ShownCalendarLink => {
  const v = value as Partial<ShownCalendarLink> | null;
  return typeof v?.url === 'string' && /^https?:\/\//.test(v.url) && typeof v.rotated === 'boolean' && typeof v.createdAt === 'string';
};

/** What an assignment or adoption did, in words. */
function assignmentMessage(result: ManualAssignmentDto, version: string): string {
  if (result.outcome === 'unchanged') return `The department already follows version ${version}: nothing changed.`;
  if (result.outcome === 'assigned') return `Version ${version} is assigned: ${plural(result.created, 'standard file')} created, ${result.inScope} in scope.`;
  const parts = [`${plural(result.carried, 'file')} carried with their work`];
  if (result.flagged.length) parts.push(`${result.flagged.length} flagged for review`);
  if (result.retired.length) parts.push(`${result.retired.length} retired (kept, out of scope)`);
  if (result.created) parts.push(`${result.created} created`);
  return `Version ${version} is adopted: ${parts.join(', ')}.`;
}

/** The department's settings: profile, manual version and calendar feed (managers change them; everyone who reads the department sees them). */
@WebPages()
@Controller('department/:departmentId/settings')
export class DepartmentSettingsPagesController {
  constructor(
    private readonly settings: DepartmentSettingsPageService,
    private readonly departments: DepartmentsService,
    private readonly files: StandardFilesService,
    private readonly calendar: CalendarFeedService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  async settingsPage(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string): Promise<string> {
    const view = await this.settings.view(page.actor, departmentId);
    return this.pages.render('department-settings/settings', page, { title: `Settings · ${view.department.name}`, v: view, tierLabels: TIER_LABELS });
  }

  @Post('profile')
  @Access.roles('admin', 'manager')
  async saveProfile(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Body() form: DepartmentProfileFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const department = await this.settings.updateProfile(page.actor, departmentId, form);
    page.notify({ kind: 'success', message: `The profile of ${department.name} is saved.` });
    response.redirect(303, settingsPath(departmentId, '#profile'));
  }

  @Post('manual')
  @Access.roles('admin', 'manager')
  async chooseManual(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Body() form: ManualChoiceFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.files.assignManual(page.actor, departmentId, form.manualId);
    const department = await this.departments.get(page.actor, departmentId);
    const enrolment = department.enrolments.find((e) => e.id === result.enrolmentId);
    page.notify({ kind: 'success', message: assignmentMessage(result, enrolment?.manual?.version ?? '') });
    response.redirect(303, settingsPath(departmentId, enrolment?.primary === false ? '#programs' : '#manual'));
  }

  @Post('enrolments')
  @Access.roles('admin')
  async enrol(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Body() form: EnrolFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const enrolment = await this.settings.enrol(page.actor, departmentId, form);
    page.notify({ kind: 'success', message: `${enrolment.programName ?? 'The program'}: the department is enrolled. Assign it a manual version of the program to make its files.` });
    response.redirect(303, settingsPath(departmentId, '#programs'));
  }

  @Post('enrolments/:enrolmentId')
  @Access.roles('admin', 'manager')
  async updateEnrolment(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('enrolmentId', UUID) enrolmentId: string,
    @Body() form: EnrolmentFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const enrolment = await this.settings.updateEnrolment(page.actor, departmentId, enrolmentId, form);
    page.notify({ kind: 'success', message: `${enrolment.programName ?? 'The program'}: status and award date are saved.` });
    response.redirect(303, settingsPath(departmentId, '#programs'));
  }

  @Post('calendar')
  @Access.roles('admin', 'manager')
  async rotateCalendar(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const token = await this.calendar.rotate(page.actor, departmentId, publicBaseUrl(this.config, request));
    const shown: ShownCalendarLink = { url: token.url, rotated: token.rotated, createdAt: token.createdAt };
    stashShownOnce(response, calendarLinkPath(departmentId), shown);
    response.redirect(303, calendarLinkPath(departmentId));
  }

  /** The address just made, shown once: a reload finds it gone and says so, and makes no new link. */
  @Get('calendar/link')
  @Access.roles('admin', 'manager')
  async calendarLink(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const department = await this.departments.get(page.actor, departmentId);
    const token = takeShownOnce(request, response, calendarLinkPath(departmentId), isShownCalendarLink);
    const html = this.pages.render('department-settings/calendar-link', page, {
      title: 'Calendar link',
      department,
      token,
      subscribe: token?.url.replace(/^https?:/, 'webcal:') ?? null,
      flash: token
        ? { kind: 'success', message: token.rotated ? 'A new calendar link is made; the previous one stopped working.' : 'The calendar link is made.' }
        : undefined,
    });
    sendHtml(response, 200, html);
  }

  @Post('calendar/revoke')
  @Access.roles('admin', 'manager')
  async revokeCalendar(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string, @Res() response: Response): Promise<void> {
    await this.calendar.revoke(page.actor, departmentId);
    page.notify({ kind: 'success', message: 'The calendar link is turned off: calendars subscribed to it no longer update.' });
    response.redirect(303, settingsPath(departmentId, '#calendar'));
  }
}
