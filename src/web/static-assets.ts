import { dirname, join } from 'node:path';
import { WEB_TEMPLATES_DIR } from './page-renderer.service';

/** Files the pages load: our stylesheet and scripts, and htmx from its package. */
export const WEB_STATIC_DIRS = [
  { prefix: '/static/', dir: join(WEB_TEMPLATES_DIR, 'static') },
  { prefix: '/static/htmx/', dir: dirname(require.resolve('htmx.org/dist/htmx.min.js')) },
];
