import { Inject, Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { filesOf, listOf, MAIL_SUBJECTS, MailData, MailKind, subjectLine } from './mail-messages';

// Templates are not compiled: from src/mail (ts sources) or dist/src/mail (build), up to the project root.
const PROJECT_ROOT = join(__dirname, ...(__filename.endsWith('.ts') ? ['..', '..'] : ['..', '..', '..']));
export const MAIL_TEMPLATES_DIR = join(PROJECT_ROOT, 'templates', 'mail');

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** How mail prints dates: "Jun 1, 2026" for a day, "Jun 1, 2026, 9:00 AM CDT" for an instant in the reports' time zone. */
export function mailDateHelpers(timeZone: string) {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  const moment = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return {
    day: (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? day.format(new Date(`${value}T00:00:00Z`)) : value),
    moment: (value: string): string => {
      const at = new Date(value);
      return Number.isNaN(at.getTime()) ? value : moment.format(at);
    },
    list: listOf,
    files: filesOf,
  };
}

/** Renders a mail of each kind from templates/mail: <kind>.txt.eta (not escaped) and <kind>.html.eta (escaped, in layout.html.eta). */
@Injectable()
export class MailTemplates {
  private readonly html = new Eta({ views: MAIL_TEMPLATES_DIR, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  private readonly text = new Eta({ views: MAIL_TEMPLATES_DIR, cache: true, autoEscape: false, autoTrim: [false, 'nl'] });
  private readonly helpers: ReturnType<typeof mailDateHelpers>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.helpers = mailDateHelpers(config.reports.timeZone);
  }

  render<K extends MailKind>(kind: K, data: MailData[K]): RenderedMail {
    const subject = subjectLine(MAIL_SUBJECTS[kind](data));
    const it = { ...data, subject, h: this.helpers };
    return {
      subject,
      text: `${this.text.render(`${kind}.txt.eta`, it).trim()}\n`,
      html: this.html.render(`${kind}.html.eta`, it),
    };
  }
}
