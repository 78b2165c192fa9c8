import { Controller, Get } from '@nestjs/common';
import { DeadlinesService } from '../../deadlines/deadlines.service';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageQuery } from '../page-query.decorator';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { WorklistPageQueryDto, WorklistState } from './worklist-pages.dto';

const PER_PAGE = 50;
const STATES: Record<WorklistState, ('overdue' | 'due_soon')[]> = { open: ['overdue', 'due_soon'], overdue: ['overdue'], due_soon: ['due_soon'] };

/** The deadlines worklist: what is overdue or due soon across the departments a person can see; each row leads to the upload form. */
@WebPages()
@Controller('worklist')
export class WorklistPageController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access.roles('admin', 'manager', 'member', 'chief')
  async deadlinesPage(@CurrentPage() page: PageContext, @PageQuery() query: WorklistPageQueryDto): Promise<string> {
    const state = query.state ?? 'open';
    const pageNumber = query.page ?? 1;
    const list = await this.deadlines.worklist(page.actor, {
      departmentId: query.department,
      states: STATES[state],
      limit: PER_PAGE,
      offset: (pageNumber - 1) * PER_PAGE,
    });
    return this.pages.render('worklist', page, { title: 'Deadlines', list, state, department: query.department ?? null, pageNumber, perPage: PER_PAGE });
  }
}
