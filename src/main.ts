import 'reflect-metadata';
import { createApp } from './app.factory';
import { AppConfig, ConfigValidationError, loadConfig } from './config/app-config';
import { createRootLogger } from './common/logging/logger';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { DEFAULT_ADMIN_EMAIL } from './identity/admin-bootstrap.service';
import { adminPasswordProblems } from './identity/rules/password-rule';
import { FirstStartService } from './sample-data/first-start.service';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
    // What can be judged without the database is judged before anything starts.
    const early = adminPasswordProblems(config.adminPassword, config.adminEmail ?? DEFAULT_ADMIN_EMAIL);
    if (early.length > 0) throw new ConfigValidationError(early);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger(config);

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    logger.info({ dataDir: config.dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPgPort,
      log: (message) => logger.debug({ component: 'postgres' }, message),
    });
    config = { ...config, databaseUrl: embedded.url, databaseIsEmbedded: true };
  }

  const app = await createApp(config, logger);
  await app.listen(config.port, config.host);
  // Timeouts for headers and bodies (HTTP_*_TIMEOUT_MS, the upload's allowance) are set by createApp.
  const server = app.getHttpServer();
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  const address = config.publicBaseUrl ?? `http://localhost:${port}`;
  logger.info(`CALEA tracker listening on http://localhost:${port}: open ${address} (API docs at ${address}/api/docs)`);
  const welcome = app.get(FirstStartService).welcome();
  if (welcome) {
    logger.info(
      `First start: sample data for the 24:1 footprint loaded. Open ${address} and sign in as ${welcome.demoEmails.join(', ')} ` +
        `with the password ${welcome.demoPassword}`,
    );
  }

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'Shutting down: finishing requests in flight');
    const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    force.unref();
    // Stop accepting and let in-flight requests finish before the database pool closes.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    await embedded?.stop();
    logger.info('Stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, (received) => void shutdown(received));
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The service could not start: ${message}\n`);
  process.exit(1);
});
