// Builds dist/ with tsc, or, with --if-changed, only when the sources differ from the last build.
// `npm start` uses --if-changed, so a restart does not spend ~10 s compiling what is already
// compiled. "Differ" is judged by content (a SHA-256 over every input's path and bytes), not by
// modification times, so a checkout, a copy or a clock change cannot fool it. A rebuild starts
// from an empty dist/: a deleted source (a migration above all, which is loaded by a glob over
// dist/migrations) must not live on as stale JavaScript.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-source.sha256');
const ifChanged = process.argv.includes('--if-changed');

/** What tsconfig.build.json compiles, and what decides how: the TypeScript settings and the locked dependencies. */
async function inputs() {
  const files = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => join(root, f));
  for (const dir of ['src', 'migrations']) {
    for (const entry of await readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) files.push(join(entry.parentPath, entry.name));
    }
  }
  return files.map((f) => relative(root, f).split(sep).join('/')).sort();
}

async function sourceDigest() {
  const hash = createHash('sha256');
  for (const file of await inputs()) {
    const bytes = existsSync(join(root, file)) ? await readFile(join(root, file)) : Buffer.alloc(0);
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

const digest = await sourceDigest();
if (ifChanged && existsSync(join(dist, 'src', 'main.js'))) {
  const built = await readFile(stampFile, 'utf8').catch(() => '');
  if (built.trim() === digest) process.exit(0);
  console.log('The sources changed since the last build: compiling (about 10 s)…');
}

await rm(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
await writeFile(stampFile, `${digest}\n`);
