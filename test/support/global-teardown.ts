import type { ChildProcess } from 'node:child_process';
import { withClient } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (adminUrl && template) {
    await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${template}`));
  }
  await Promise.all([stop(globalThis.__TEST_POSTGRES__), stop(globalThis.__TEST_S3__)]);
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
