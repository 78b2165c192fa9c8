import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { createRootLogger } from '../../src/common/logging/logger';
import { databaseUrl, withClient } from './global-setup';
import type { Clock } from '../../src/common/clock';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; dropped by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requiredEnv('TEST_ADMIN_DATABASE_URL');
  const template = requiredEnv('TEST_TEMPLATE_DATABASE');
  const name = `calea_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  close(): Promise<void>;
}

/** The real application on its own database and data folder, as main.ts builds it. */
export async function createTestApp(overrides: Partial<AppConfig> = {}, clock?: Clock): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await startTestApp(database.url, overrides, clock);
  return {
    ...app,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** The application on an existing database (to restart it on the same data); close() keeps the database. */
export async function startTestApp(databaseUrl: string, overrides: Partial<AppConfig> = {}, clock?: Clock): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'calea-test-data-'));
  const config: AppConfig = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LOG_FORMAT: 'json',
      DATA_DIR: dataDir,
      // The figures keeper works in the background on a timer; tests run it when they mean to (ComplianceKeeper.keepCurrent).
      READINESS_FIGURES_REFRESH_SECONDS: '0',
    }),
    databaseUrl,
    ...overrides,
  };
  const app = await createApp(config, createRootLogger(config), clock);
  return {
    app,
    config,
    dataSource: app.get(DataSource),
    server: app.getHttpServer(),
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/support/global-setup.ts)`);
  return value;
}
