import { Logger, NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Request, Response } from 'express';
import { sendProblem } from './common/problem/problem-details.filter';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { createHttpLogger, PinoNestLogger } from './common/logging/logger';
import { requestIdMiddleware } from './common/request-id.middleware';
import { AppConfig } from './config/app-config';
import type { Clock } from './common/clock';
import { WEB_PAGE_PATHS } from './web/web-pages.decorator';
import { MAX_JSON_DEPTH, verifyJsonDepth } from './common/http/json-depth';
import { bodyDeadlines, guardConnections } from './common/http/slow-clients';
import { WEB_STATIC_DIRS } from './web/static-assets';

export const API_PREFIX = 'api';

const noStore = (_request: Request, response: Response, next: () => void): void => {
  response.setHeader('Cache-Control', 'no-store');
  next();
};

/** Builds the HTTP application exactly as it runs in production; tests call this too. */
export async function createApp(config: AppConfig, logger: PinoLogger, clock?: Clock): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(createHttpLogger(logger));
  // Same-origin Referer lets a refused form go back to its page; nothing leaks to other sites.
  app.use(helmet({ referrerPolicy: { policy: 'same-origin' } }));
  app.use(cookieParser());
  // API answers carry department data: never stored by a browser or a shared cache (downloads say so themselves).
  app.use(`/${API_PREFIX}`, noStore);
  // Before the body parsers: a body that arrives too slowly is cut off (408), whoever reads it.
  app.use(bodyDeadlines(config.http));
  guardConnections(app.getHttpServer(), config.http);
  // The limit counts inflated bytes (a gzip body is limited by what it inflates to); the depth is
  // checked on the raw bytes before JSON.parse, so nested JSON never reaches class-transformer.
  // (Nest's option type leaves out `verify`, which it sets only for `rawBody`, off here.)
  const jsonParser = { limit: config.jsonBodyLimitBytes, type: ['application/json', 'application/*+json'], verify: verifyJsonDepth(MAX_JSON_DEPTH) };
  app.useBodyParser('json', jsonParser);
  app.useBodyParser('urlencoded', { limit: config.jsonBodyLimitBytes, extended: false });
  for (const { prefix, dir } of WEB_STATIC_DIRS) app.useStaticAssets(dir, { prefix, immutable: false, maxAge: '1h', index: false });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready', 'calendar/:token.ics', ...WEB_PAGE_PATHS] });
  setUpOpenApi(app);
  try {
    await app.init();
  } catch (error) {
    // A start refused by a bootstrap check (a bad ADMIN_PASSWORD, say) must not leave the database pool and workers open.
    await app.close().catch(() => undefined);
    throw error;
  }
  // Nest's not-found handler covers the /api prefix only; a mistyped page address ends here.
  const httpLogger = new Logger('HTTP');
  app.use((request: Request, response: Response) =>
    sendProblem(new NotFoundException(`Cannot ${request.method} ${request.path}`), request, response, httpLogger),
  );
  return app;
}

function setUpOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CALEA accreditation tracker')
      .setDescription(
        'Standards, department files, proofs, deadlines, readiness and reports for CALEA accreditation. ' +
          'Errors are RFC 9457 problem+json.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
    yamlDocumentUrl: `${API_PREFIX}/openapi.yaml`,
  });
}
