import type { Request } from 'express';
import type { ProblemDetails } from './problem';
import { isPagePath } from '../page-paths';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * Errors on a page's address (a form over the size limit, say, refused before the page's own
 * filter runs) are always an HTML page; a browser asking for an address that is not a page (a
 * mistyped one) gets a page too. The API (under /api) and clients asking for JSON elsewhere keep
 * problem+json.
 */
export function prefersHtmlPage(request: Request): boolean {
  const path = request.originalUrl ?? request.url;
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/health') || path.startsWith('/calendar/')) return false;
  if (isPagePath(path)) return true;
  return request.accepts(['application/json', 'application/problem+json', 'text/html']) === 'text/html';
}

export function htmlErrorPage(problem: ProblemDetails): string {
  const detail = problem.status === 404 ? 'There is no page at this address. It may have moved, or the link may be mistyped.' : problem.detail;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(problem.title)} · CALEA accreditation tracker</title>
  <link rel="stylesheet" href="/static/app.css">
</head>
<body>
  <main id="main">
    <section class="card narrow">
      <h1>${escapeHtml(problem.title)}</h1>
      <p>${escapeHtml(detail)}</p>
      <p class="muted">Status ${problem.status}${problem.requestId ? ` · reference <code>${escapeHtml(problem.requestId)}</code>` : ''}</p>
      <p><a href="/">Go to the dashboard</a></p>
    </section>
  </main>
</body>
</html>`;
}
