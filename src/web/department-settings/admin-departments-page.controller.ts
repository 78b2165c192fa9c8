import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DepartmentsService } from '../../departments/departments.service';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { DepartmentSettingsPageService, TIER_LABELS } from './department-settings-page.service';
import { CreateDepartmentFormDto } from './department-settings.dto';

/** Departments: every one, archived too; add one, archive one (administrators). */
@WebPages()
@Controller('admin/departments')
@Access.roles('admin')
export class AdminDepartmentsPageController {
  constructor(
    private readonly settings: DepartmentSettingsPageService,
    private readonly departments: DepartmentsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async departmentsPage(@CurrentPage() page: PageContext): Promise<string> {
    const view = await this.settings.adminDepartments(page.actor);
    return this.pages.render('department-settings/admin-departments', page, { title: 'Departments', v: view, tierLabels: TIER_LABELS });
  }

  @Post()
  async create(@CurrentPage() page: PageContext, @Body() form: CreateDepartmentFormDto, @Res() response: Response): Promise<void> {
    const department = await this.settings.createDepartment(page.actor, form);
    page.notify({ kind: 'success', message: `${department.name} is added. Assign its manual version and give people roles in it.` });
    response.redirect(303, `/department/${department.id}/settings`);
  }

  @Post(':id/archive')
  async archive(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const department = await this.departments.archive(page.actor, id);
    page.notify({ kind: 'success', message: `${department.name} is archived: it leaves the overviews and footprint totals; its records are kept.` });
    response.redirect(303, '/admin/departments');
  }
}
