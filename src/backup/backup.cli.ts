import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '../config/app-config';
import { formatBytes, BackupRefusedError } from './backup-manifest';
import { createBackup, restoreBackup } from './backup';

const USAGE = `Usage:
  npm run backup -- <file>    one archive of the database and every stored proof and report,
                              taken while the service keeps serving
  npm run restore -- <file>   restores such an archive into an empty data folder (DATA_DIR) or an
                              empty database (DATABASE_URL); refuses one that holds anything`;

async function main(): Promise<void> {
  const [command, file, ...rest] = process.argv.slice(2);
  if (!['backup', 'restore'].includes(command ?? '') || !file || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const config = loadConfig();
  const log = (message: string): void => console.log(message);
  if (command === 'backup') {
    const done = await createBackup(config, file, log);
    console.log(
      `Backup written to ${done.file}: ${formatBytes(done.bytes)}, ${done.tables} tables (${done.rows} rows), ${done.proofs} proofs, ${done.reports} reports, in ${done.seconds.toFixed(1)} s`,
    );
  } else {
    const done = await restoreBackup(config, file, log);
    console.log(
      `Restored ${done.file}: ${done.tables} tables (${done.rows} rows), ${done.proofs} proofs, ${done.reports} reports; ` +
        `audit trail verified (${done.auditEventsVerified} events)` +
        (done.migrationsRunAfter.length ? `; then applied ${done.migrationsRunAfter.length} newer migration(s)` : '') +
        `; in ${done.seconds.toFixed(1)} s`,
    );
  }
}

// A stream that never ends would let the process run out of work and exit 0 as if it had finished.
let finished = false;
process.once('beforeExit', () => {
  if (!finished) {
    process.stderr.write('The command stopped before it finished (a stream never ended); nothing it wrote can be trusted.\n');
    process.exit(1);
  }
});

main().then(() => (finished = true)).catch((error: unknown) => {
  const known = error instanceof BackupRefusedError || error instanceof ConfigValidationError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${known ? '' : 'The command failed: '}${message}\n`);
  process.exit(known ? 65 : 1);
});
