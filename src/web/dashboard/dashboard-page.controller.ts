import { Controller, Get } from '@nestjs/common';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { DashboardPageService } from './dashboard-page.service';

@WebPages()
@Controller()
export class DashboardPageController {
  constructor(
    private readonly dashboard: DashboardPageService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access.signedIn()
  async dashboardPage(@CurrentPage() page: PageContext): Promise<string> {
    return this.pages.render('dashboard', page, { title: 'Footprint dashboard', dashboard: await this.dashboard.view(page.actor) });
  }
}
