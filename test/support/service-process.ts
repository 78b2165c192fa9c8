import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built service as a user runs it (`npm start` runs `node dist/src/main.js`). */
export const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface RunningService {
  process: ChildProcess;
  port: number;
  output: () => string;
}

export class ServiceExit extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`service exited with ${code}: ${output}`);
  }
}

/** Starts the service on `dataDir` (embedded PostgreSQL unless DATABASE_URL is given) and resolves once it listens. */
export function startService(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningService> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve({ process: child, port: Number(match[1]), output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new ServiceExit(code, output)));
  });
}

export function stopService(service: RunningService): Promise<number | null> {
  if (service.process.exitCode !== null) return Promise.resolve(service.process.exitCode);
  return new Promise((resolve) => {
    service.process.once('exit', (code) => resolve(code));
    service.process.kill('SIGTERM');
  });
}
