import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, ServiceExit, startService, stopService } from './support/service-process';

/**
 * The built service as a user runs it, on the embedded PostgreSQL: first start, restart with the
 * same data, a second service refused, clean stop.
 */
describe('the service process on the embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds before running jest
    dataDir = await mkdtemp(join(tmpdir(), 'calea-service-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts on a bare data folder, refuses a second service, stops cleanly and keeps its data', async () => {
    const first = await startService(dataDir);
    try {
      const ready = await fetch(`http://127.0.0.1:${first.port}/health/ready`);
      expect(ready.status).toBe(200);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

      const second = startService(dataDir);
      await expect(second).rejects.toMatchObject({ code: 1 });
      await second.catch((error: ServiceExit) => {
        expect(error.output).toContain(`The data folder ${dataDir} is in use by another running service`);
      });
    } finally {
      expect(await stopService(first)).toBe(0);
    }
    expect(first.output()).toContain('Stopped');
    expect(first.output()).toMatch(/First start: sample data .* loaded\. Open http:\/\/localhost:\d+ and sign in as admin@demo\.calea\.local, manager@demo\.calea\.local.* with the password demo-accreditation-2026/);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const again = await startService(dataDir);
    try {
      expect((await fetch(`http://127.0.0.1:${again.port}/health/ready`)).status).toBe(200);
      expect(again.output()).not.toContain('Creating a new PostgreSQL cluster');
      expect(again.output()).not.toContain('First start');
    } finally {
      expect(await stopService(again)).toBe(0);
    }
  }, 90_000);

  it('finishes a request in flight when asked to stop, then exits cleanly', async () => {
    const service = await startService(dataDir, { SEED_SAMPLE_DATA: 'false' });
    const body = JSON.stringify({ email: 'nobody@example.org', password: 'not the password' });
    const exited = new Promise<number | null>((resolve) => service.process.once('exit', resolve));
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: service.port, method: 'POST', path: '/api/auth/login', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        service.process.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 200);
    });
    const answered = await response;
    expect(answered.status).toBe(401);
    expect(JSON.parse(answered.body)).toMatchObject({ type: 'urn:calea-tracker:problem:invalid-credentials' });
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses to start on a bad variable and names it', async () => {
    await expect(startService(dataDir, { PORT: 'eighty' })).rejects.toMatchObject({
      code: 78,
      output: expect.stringContaining('PORT="eighty"'),
    });
  });

  it('refuses an ADMIN_PASSWORD that breaks the password rule before starting the database', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'calea-admin-password-'));
    try {
      await expect(startService(bare, { ADMIN_EMAIL: 'admin@calea.example', ADMIN_PASSWORD: 'Admin-Pass-2026!' })).rejects.toMatchObject({
        code: 78,
        output: expect.stringContaining('ADMIN_PASSWORD (for admin@calea.example) must not contain "admin", the part of your email address before the @'),
      });
      expect(existsSync(join(bare, 'postgres'))).toBe(false);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('fails with a clear message when DATABASE_URL points nowhere', async () => {
    await expect(
      startService(dataDir, { DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none', DATABASE_CONNECT_RETRIES: '0' }),
    ).rejects.toMatchObject({ code: 1, output: expect.stringContaining('could not start') });
  });
});

