import { DomainError } from '../common/problem/problem';

/** The row of a generated report exists but its PDF is gone from $DATA_DIR/reports. */
export class ReportBytesMissingError extends DomainError {
  readonly status = 500;
  readonly slug = 'report-bytes-missing';
  readonly title = 'The stored report is missing';

  constructor(reportId: string) {
    super(`The PDF of report ${reportId} is missing from storage. The administrator should restore it from a backup.`);
  }
}

/** Rendering took longer than REPORT_RENDER_TIMEOUT_MS and was stopped. */
export class ReportRenderTimeoutError extends DomainError {
  readonly status = 503;
  readonly slug = 'report-render-timeout';
  readonly title = 'The report took too long to render';

  constructor(timeoutMs: number) {
    super(`Rendering was stopped after ${timeoutMs} ms; nothing was stored. Try again later, or ask the administrator to raise REPORT_RENDER_TIMEOUT_MS.`);
    this.headers['Retry-After'] = '60';
  }
}
