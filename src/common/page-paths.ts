/**
 * The first path segments of the server-rendered pages (src/web). app.factory keeps them out of
 * the /api prefix, and the error handler answers every error on them as an HTML page, whatever
 * failed (a form over the size limit is refused before any page controller runs).
 */
export const WEB_PAGE_PATHS = ['/', 'sign-in', 'sign-out', 'welcome', 'forgot-password', 'reset-password', 'unsubscribe', 'account', 'account/{*rest}', 'department/{*rest}', 'admin/{*rest}', 'reports', 'reports/department/{*rest}', 'worklist'];

const PAGE_ROOTS = new Set(WEB_PAGE_PATHS.map((path) => path.split('/')[0]).filter((segment) => segment !== ''));

/** True for the address of a page (or below one), such as `/department/…` or `/sign-in`; the query is ignored. */
export function isPagePath(url: string): boolean {
  const path = url.split('?')[0];
  if (path === '/' || path === '') return true;
  return PAGE_ROOTS.has(path.split('/')[1] ?? '');
}
