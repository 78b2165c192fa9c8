import { spawn, ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

declare global {
  var __TEST_POSTGRES__: ChildProcess | undefined;
  var __TEST_S3__: ChildProcess | undefined;
}

/**
 * One PostgreSQL for the whole run: the one in DATABASE_URL, or an embedded one started in a
 * separate Node process. A template database with every migration applied is made once; each
 * test file clones it (see test-app.ts), so files run in parallel and leave nothing behind.
 */
export default async function globalSetup(): Promise<void> {
  const [adminUrl, s3] = await Promise.all([process.env.DATABASE_URL ?? startEmbedded(), startS3()]);
  // The S3-protocol server (s3rver from npm) the s3 driver's tests make their buckets on (test/support/s3.ts).
  process.env.TEST_S3_ENDPOINT = s3.endpoint;
  process.env.TEST_S3_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.TEST_S3_SECRET_ACCESS_KEY = s3.secretAccessKey;
  const templateName = `calea_template_${process.pid}`;
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await client.query(`CREATE DATABASE ${templateName}`);
  });
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl(adminUrl, templateName)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = templateName;
}

async function startEmbedded(): Promise<string> {
  const child = spawn(process.execPath, [join(__dirname, 'postgres-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  globalThis.__TEST_POSTGRES__ = child;
  return (await firstLine<{ url: string }>(child, 'The test PostgreSQL')).url;
}

interface S3ServerInfo {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** s3rver in its own Node process (test/support/s3-server.mjs), like the database. */
async function startS3(): Promise<S3ServerInfo> {
  const child = spawn(process.execPath, [join(__dirname, 's3-server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  globalThis.__TEST_S3__ = child;
  return firstLine<S3ServerInfo>(child, 'The test S3 server');
}

function firstLine<T>(child: ChildProcess, what: string): Promise<T> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${what} exited early (code ${code})`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
  });
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
