import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { WebExceptionFilter } from './web-exception.filter';

export const WEB_PAGES = 'calea:web-pages';

/** Pages answer with HTML that is never cached (it shows one user's data). */
@Injectable()
export class HtmlPageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Cache-Control', 'no-store');
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body === 'string') response.type('html');
        return body;
      }),
    );
  }
}

/**
 * A controller of server-rendered pages: served outside the /api prefix, answered in HTML (errors
 * too), and left out of the OpenAPI document, which describes the API.
 */
export const WebPages = (): ClassDecorator =>
  applyDecorators(SetMetadata(WEB_PAGES, true), UseFilters(WebExceptionFilter), UseInterceptors(HtmlPageInterceptor), ApiExcludeController());

/** The first path segments of the pages (kept in common/, where the error handler reads them too). */
export { WEB_PAGE_PATHS } from '../common/page-paths';

/** For handlers that answer themselves (@Res()): a rendered page with its status. */
export function sendHtml(response: Response, status: number, html: string): void {
  response.status(status).setHeader('Cache-Control', 'no-store');
  response.type('html').send(html);
}
