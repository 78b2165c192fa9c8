// Prints the path of the Chromium that the @sparticuz/chromium npm package ships (brotli-packed
// inside the package), unpacking it on first use into node_modules/.cache/sparticuz-chromium/
// VERSION/. A plain Node script, not a module jest loads: the package is an ES module.
//
// The package unpacks into os.tmpdir() and reuses whatever it finds there, even a file a killed
// run left half-written; so it unpacks into a fresh folder here, which is then renamed into place
// in one step. Run it twice at once and one rename wins; the other run uses the winner's copy.
import chromium from '@sparticuz/chromium';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package folder: the first one above its entry point with the package's package.json.
let packageDir = dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium')));
while (!isPackage(packageDir)) {
  if (dirname(packageDir) === packageDir) throw new Error('@sparticuz/chromium: package.json not found');
  packageDir = dirname(packageDir);
}
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const cache = join(dirname(dirname(packageDir)), '.cache', 'sparticuz-chromium');
const target = join(cache, version);
const executable = join(target, 'chromium');

if (!existsSync(executable)) {
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, `${version}.unpacking-`));
  try {
    process.env.TMPDIR = staging;
    const unpacked = await chromium.executablePath();
    if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw error;
  }
}
process.stdout.write(executable);

function isPackage(dir) {
  const file = join(dir, 'package.json');
  return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === '@sparticuz/chromium';
}
