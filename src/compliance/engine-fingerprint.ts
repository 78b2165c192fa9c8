import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(ts|js)$/;
const NOT_CODE = /\.(spec\.ts|d\.ts)$/;

/**
 * A digest of the code that computes the figures (this folder, its rules and the kernel's calendar
 * and cycle helpers), as installed: figures kept by another release are never read as this one's.
 */
export function engineFingerprint(engineDir: string = __dirname): string {
  const hash = createHash('sha256');
  for (const dir of [engineDir, join(engineDir, 'rules'), join(engineDir, '..', 'kernel')]) {
    for (const name of readdirSync(dir).filter((n) => SOURCE.test(n) && !NOT_CODE.test(n)).sort()) {
      hash.update(name).update('\0').update(readFileSync(join(dir, name))).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}
