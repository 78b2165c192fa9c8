import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageQuery } from '../page-query.decorator';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { AdminPageService, OUTBOX_PER_PAGE } from './admin-page.service';
import { AdminOutboxQueryDto } from './admin-pages.dto';

/** The outbox: every mail the service queued, with its state; without SMTP_URL, the only place mail is read. */
@WebPages()
@Controller('admin/outbox')
@Access.roles('admin')
export class AdminOutboxPageController {
  constructor(
    private readonly admin: AdminPageService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async outboxPage(@CurrentPage() page: PageContext, @PageQuery() query: AdminOutboxQueryDto): Promise<string> {
    const view = await this.admin.outboxPage(query.offset ?? 0);
    return this.pages.render('admin/outbox', page, { title: 'Outbox', view, perPage: OUTBOX_PER_PAGE });
  }

  @Get(':id')
  async mailPage(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const view = await this.admin.outboxMail(id);
    return this.pages.render('admin/outbox-mail', page, { title: view.mail.subject, view });
  }
}
