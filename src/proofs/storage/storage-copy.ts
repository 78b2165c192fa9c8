import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { ProofStorage } from './proof-storage';

export interface CopyReport {
  /** Objects written to the target, then read back and verified. */
  copied: number;
  /** Objects the target already held with the right SHA-256 (read back and verified). */
  skipped: number;
  /** Objects the target held with other bytes, replaced, then verified. */
  repaired: number;
  /** Objects not copied: their source bytes do not hash to their key, or the copy did not verify. */
  failed: { key: string; reason: string }[];
  bytes: number;
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Copies every stored object (proofs and report PDFs: every content address) from `source` to
 * `target`. Each key is the SHA-256 of its bytes, so everything is checked against it: an object
 * the target already holds is read back and skipped when it verifies (replaced when not); a
 * source object is staged on the target's side and committed only when its bytes hash to its key;
 * every written object is read back from the target and hashed again. Safe to re-run: a run cut
 * short leaves only whole, verified objects (the drivers' commits are atomic) and the next run
 * skips them. Nothing is deleted from the source.
 */
export async function copyStoredObjects(source: ProofStorage, target: ProofStorage, log: (line: string) => void): Promise<CopyReport> {
  const report: CopyReport = { copied: 0, skipped: 0, repaired: 0, failed: [], bytes: 0 };
  for await (const { key } of source.objects()) {
    const expected = basename(key);
    let present = false;
    if (await target.exists(key)) {
      present = true;
      if ((await sha256Of(await target.open(key))).sha256 === expected) {
        report.skipped++;
        log(`skipped  ${key} (already there, verified)`);
        continue;
      }
    }
    const staged = await target.stage(await source.open(key), { maxBytes: Number.MAX_SAFE_INTEGER });
    try {
      if (staged.sha256 !== expected) {
        report.failed.push({ key, reason: `the source bytes hash to ${staged.sha256}: damaged at the source, not copied` });
        log(`FAILED   ${key}: the source bytes hash to ${staged.sha256} (damaged at the source), not copied`);
        continue;
      }
      await staged.commit();
    } finally {
      await staged.discard();
    }
    const check = await sha256Of(await target.open(key));
    if (check.sha256 !== expected) {
      report.failed.push({ key, reason: `read back from the target, it hashes to ${check.sha256}` });
      log(`FAILED   ${key}: read back from the target, it hashes to ${check.sha256}`);
      continue;
    }
    report.bytes += check.size;
    if (present) report.repaired++;
    else report.copied++;
    log(`${present ? 'repaired' : 'copied  '} ${key} (${check.size} bytes, verified)`);
  }
  return report;
}
