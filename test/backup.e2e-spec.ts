import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MAIN, RunningService, startService, stopService } from './support/service-process';

/**
 * `npm run backup` and `npm run restore` as an operator runs them, on the built service and the
 * embedded PostgreSQL: a backup of a running service with proofs, reports and a sign-off, restored
 * into a new data folder, started, and compared with the source.
 */
const CLI = join(__dirname, '..', 'dist', 'src', 'backup', 'backup.cli.js');
const DEMO_PASSWORD = 'demo-accreditation-2026';

interface CliResult {
  code: number | null;
  output: string;
}

function runCli(command: 'backup' | 'restore', file: string, dataDir: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, command, file], { env: { PATH: process.env.PATH, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function api(service: RunningService, path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(`http://127.0.0.1:${service.port}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
}

async function signIn(service: RunningService, email: string): Promise<string> {
  const response = await api(service, '/api/auth/login', { method: 'POST', json: { email, password: DEMO_PASSWORD } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Row counts of every table of the data folder's database, read directly (the service may be running). */
async function rowCounts(dataDir: string): Promise<Record<string, number>> {
  const port = (await readFile(join(dataDir, 'postgres.port'), 'utf8')).trim();
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
  const client = new Client({ connectionString: `postgres://calea:${encodeURIComponent(password)}@127.0.0.1:${port}/calea` });
  await client.connect();
  try {
    // department_figures is left out: the figures keeper fills it in the background, whenever its timer fires.
    const tables = (
      await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('typeorm_migrations', 'department_figures') ORDER BY 1`)
    ).rows;
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

async function storedFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('backup and restore of an installation on the embedded PostgreSQL', () => {
  let work: string;
  let source: string;
  let archive: string;
  const proofs: { id: string; sha256: string }[] = [];
  let report: { id: string; sha256: string };
  let signOffId: string;
  let countsAtBackup: Record<string, number>;

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // npm test builds before running jest
    work = await mkdtemp(join(tmpdir(), 'calea-backup-test-'));
    await chmod(work, 0o711); // PostgreSQL runs as 'postgres' when the tests run as root, and must reach the data folders below
    source = join(work, 'source');
    archive = join(work, 'footprint.backup.tar');
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('backs up a running service with proofs, reports and a sign-off while it keeps serving', async () => {
    const service = await startService(source);
    try {
      const manager = await signIn(service, 'manager@demo.calea.local');
      const chief = await signIn(service, 'chief@demo.calea.local');
      const departments = (await (await api(service, '/api/departments', { token: manager })).json()) as { id: string; name: string }[];
      const normandy = departments.find((d) => d.name === 'Normandy Police Department');
      if (!normandy) throw new Error('The sample data has no Normandy PD');
      const files = (await (await api(service, `/api/departments/${normandy.id}/files?limit=3`, { token: manager })).json()) as { items: { id: string }[] };
      for (const [i, file] of files.items.entries()) {
        const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% '), randomBytes(200_000 + i), Buffer.from('\n%%EOF\n')]);
        const form = new FormData();
        form.append('effectiveDate', new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)); // the date decides the cycle year
        form.append('kind', 'document');
        form.append('file', new Blob([bytes], { type: 'application/pdf' }), `annual review ${i}.pdf`);
        const uploaded = await api(service, `/api/files/${file.id}/proofs`, { method: 'POST', token: manager, body: form });
        expect(uploaded.status).toBe(201);
        proofs.push({ id: ((await uploaded.json()) as { proofId: string }).proofId, sha256: sha256(bytes) });
      }
      const generated = await api(service, `/api/departments/${normandy.id}/reports`, { method: 'POST', token: manager, json: { kind: 'readiness' } });
      expect(generated.status).toBe(201);
      report = (await generated.json()) as { id: string; sha256: string };
      const signed = await api(service, `/api/departments/${normandy.id}/readiness/sign-offs`, { method: 'POST', token: chief, json: { note: 'Reviewed before the backup.', acknowledgeNotReady: true } });
      expect(signed.status).toBe(201);
      signOffId = ((await signed.json()) as { id: string }).id;

      countsAtBackup = await rowCounts(source);
      // The service answers while the backup runs.
      const backingUp = runCli('backup', archive, source);
      const served: number[] = [];
      for (let i = 0; i < 5; i++) served.push((await api(service, `/api/departments/${normandy.id}/readiness`, { token: manager })).status);
      const backup = await backingUp;
      expect(backup).toMatchObject({ code: 0 });
      expect(backup.output).toMatch(/Reading the database of the running service \(it keeps serving\)/);
      // The sample data's own proofs (with their bytes) and the three uploaded here.
      expect(countsAtBackup.proof).toBeGreaterThan(proofs.length);
      expect(backup.output).toMatch(new RegExp(`Backup written to .*: .* (\\d+) tables \\(\\d+ rows\\), ${countsAtBackup.proof} proofs, 1 reports`));
      expect(served).toEqual([200, 200, 200, 200, 200]);
      expect(existsSync(`${archive}.partial`)).toBe(false);

      // The backup is itself in the source's audit trail.
      const admin = await signIn(service, 'admin@demo.calea.local');
      const trail = (await (await api(service, '/api/audit?action=installation.backed-up', { token: admin })).json()) as { items: { action: string }[] };
      expect(trail.items.map((e) => e.action)).toEqual(['installation.backed-up']);

      // A backup never overwrites a file.
      const again = await runCli('backup', archive, source);
      expect(again.code).toBe(65);
      expect(again.output).toContain('exists already');
    } finally {
      expect(await stopService(service)).toBe(0);
    }
  }, 120_000);

  it('restores into a new data folder; the service starts on it with the same rows, bytes and an intact audit chain', async () => {
    const target = join(work, 'restored');
    const restore = await runCli('restore', archive, target);
    expect(restore.output).toMatch(new RegExp(`Restored .*: \\d+ tables \\(\\d+ rows\\), ${countsAtBackup.proof} proofs, 1 reports; audit trail verified \\(\\d+ events\\)`));
    expect(restore.code).toBe(0);

    const service = await startService(target);
    try {
      expect(service.output()).not.toContain('First start'); // the sample data came back, not seeded again
      const restored = await rowCounts(target);
      // Every table as it was at the backup; the audit trail has the restore's own event on top.
      expect({ ...restored, audit_event: restored.audit_event - 1 }).toEqual(countsAtBackup);

      const admin = await signIn(service, 'admin@demo.calea.local');
      const verify = (await (await api(service, '/api/audit/verify', { token: admin })).json()) as { intact: boolean; checked: number };
      expect(verify).toMatchObject({ intact: true });
      expect(verify.checked).toBeGreaterThan(restored.audit_event - 1);

      for (const proof of proofs) {
        const download = await api(service, `/api/proofs/${proof.id}/content`, { token: admin });
        expect(download.status).toBe(200);
        expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(proof.sha256);
      }
      const pdf = await api(service, `/api/reports/${report.id}/content`, { token: admin });
      expect(pdf.status).toBe(200);
      expect(sha256(Buffer.from(await pdf.arrayBuffer()))).toBe(report.sha256);

      const manager = await signIn(service, 'manager@demo.calea.local');
      const departments = (await (await api(service, '/api/departments', { token: manager })).json()) as { id: string; name: string }[];
      const normandy = departments.find((d) => d.name === 'Normandy Police Department');
      const signOffs = (await (await api(service, `/api/departments/${normandy?.id}/readiness/sign-offs`, { token: manager })).json()) as { id: string; note: string }[];
      expect(signOffs).toEqual([expect.objectContaining({ id: signOffId, note: 'Reviewed before the backup.' })]);
    } finally {
      expect(await stopService(service)).toBe(0);
    }

    // A second restore into the same, now filled, folder is refused and changes nothing.
    const before = await storedFiles(join(target, 'proofs', 'objects'));
    const refused = await runCli('restore', archive, target);
    expect(refused.code).toBe(65);
    expect(refused.output).toMatch(/already holds \d+ stored file\(s\): a restore goes into an empty data folder/);
    expect(await storedFiles(join(target, 'proofs', 'objects'))).toEqual(before);
  }, 120_000);

  it('refuses a cut-short archive, leaves the folder empty, and a complete one then restores there', async () => {
    const target = join(work, 'retried');
    const cut = join(work, 'cut.tar');
    await copyFile(archive, cut);
    await truncate(cut, Math.floor((await stat(archive)).size * 0.8));
    const refused = await runCli('restore', cut, target);
    expect(refused.code).toBe(65);
    expect(refused.output).toMatch(/cut short|damaged/);
    expect(await storedFiles(join(target, 'proofs', 'objects'))).toEqual([]);
    expect(await storedFiles(join(target, 'reports')).then((files) => files.filter((f) => f.endsWith('.pdf')))).toEqual([]);

    const restored = await runCli('restore', archive, target);
    expect(restored.code).toBe(0);
  }, 120_000);

  it('fails a backup whose stored proof was damaged on disk, and leaves no archive behind', async () => {
    const [object] = await storedFiles(join(source, 'proofs', 'objects'));
    const bytes = await readFile(object);
    bytes[bytes.length - 20] ^= 0xff;
    await writeFile(object, bytes);
    const target = join(work, 'damaged.tar');
    const failed = await runCli('backup', target, source);
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/does not match its SHA-256: it was damaged on disk/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial`)).toBe(false);
  }, 120_000);

  it('refuses what is not a backup', async () => {
    const notABackup = join(work, 'not-a-backup.tar');
    await writeFile(notABackup, randomBytes(4096));
    const refused = await runCli('restore', notABackup, join(work, 'elsewhere'));
    expect(refused.code).toBe(65);
    expect(refused.output).toMatch(/cannot be read as a backup of the tracker: it is damaged or not a backup/);
    expect(existsSync(join(work, 'elsewhere', 'postgres'))).toBe(false); // refused before anything was started
  }, 60_000);
});
