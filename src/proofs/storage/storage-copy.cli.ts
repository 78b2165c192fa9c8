import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from '../../config/app-config';
import { LocalProofStorage } from './local-proof-storage';
import type { ProofStorage } from './proof-storage';
import { S3Bucket, S3BucketUnreachableError } from './s3-bucket';
import { S3ProofStorage } from './s3-proof-storage';
import { copyStoredObjects } from './storage-copy';

const USAGE = `Usage:
  npm run storage:copy -- to-s3      copies every stored proof and report from $DATA_DIR/proofs to the
                                     bucket of the S3_* variables
  npm run storage:copy -- to-local   copies every stored proof and report from the bucket to $DATA_DIR/proofs
Every object is verified against its SHA-256 (its key); objects already there and verified are
skipped, so a run can be repeated. Nothing is deleted from the source.
Exit codes: 0 every object is in the target and verified; 1 some object failed (listed); 64 usage;
65 the configuration, or the bucket cannot be reached.`;

async function main(): Promise<number> {
  const [direction, ...rest] = process.argv.slice(2);
  if ((direction !== 'to-s3' && direction !== 'to-local') || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  // The bucket's variables are read whichever driver the service runs on today.
  const config = loadConfig({ ...process.env, PROOF_STORAGE_DRIVER: 's3' });
  const root = join(config.dataDir, 'proofs');
  const local = new LocalProofStorage(root);
  const bucket = new S3ProofStorage(new S3Bucket(config.s3 as NonNullable<typeof config.s3>), root);
  try {
    await local.prepare();
    await bucket.prepare();
    const [source, target]: [ProofStorage, ProofStorage] = direction === 'to-s3' ? [local, bucket] : [bucket, local];
    const where = (s: ProofStorage): string => (s === local ? root : `the bucket ${bucket.bucket.name}`);
    console.log(`Copying every stored object from ${where(source)} to ${where(target)}`);
    const started = Date.now();
    const report = await copyStoredObjects(source, target, (line) => console.log(line));
    console.log(
      `${report.copied} copied, ${report.repaired} repaired, ${report.skipped} already there (verified), ${report.failed.length} failed; ` +
        `${report.bytes} bytes written, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (report.failed.length > 0) {
      process.stderr.write(`${report.failed.length} object(s) not copied:\n${report.failed.map((f) => `  ${f.key}: ${f.reason}`).join('\n')}\n`);
      return 1;
    }
    return 0;
  } finally {
    bucket.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigValidationError || error instanceof S3BucketUnreachableError;
    process.stderr.write(`${known ? '' : 'The copy failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(known ? 65 : 1);
  },
);
