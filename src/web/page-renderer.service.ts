import { Inject, Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../standards/manuals.service';
import type { PageContext } from './page-context';
import { ViewHelpers, viewHelpers } from './view-helpers';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Clock } from '../common/clock';
import { assessorAccessWindow } from '../identity/access/access-rules';

export const WEB_TEMPLATES_DIR = join(TEMPLATES_DIR, 'web');

/** Renders the pages' Eta templates (templates/web); output is HTML-escaped unless a template opts out. */
@Injectable()
export class PageRenderer {
  private readonly eta = new Eta({
    views: WEB_TEMPLATES_DIR,
    cache: process.env.NODE_ENV !== 'development',
    autoEscape: true,
    autoTrim: [false, 'nl'],
  });

  private readonly helpers: ViewHelpers;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.helpers = viewHelpers(config.reports.timeZone);
  }

  render(view: string, page: PageContext | null, data: Record<string, unknown> = {}): string {
    // An assessor sees on every page how long their read-only access lasts.
    const assessorAccess = page ? assessorAccessWindow(page.actor, this.clock.now()) : null;
    return this.eta.render(view, { ...data, page, h: this.helpers, assessorAccessUntil: assessorAccess?.endsOn ?? null, assessorAccess });
  }
}
