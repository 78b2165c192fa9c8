import type { Provider } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { LocalProofStorage } from './local-proof-storage';
import { PROOF_STORAGE, ProofStorage } from './proof-storage';
import { S3Bucket } from './s3-bucket';
import { S3ProofStorage } from './s3-proof-storage';

/** The bucket of PROOF_STORAGE_DRIVER=s3 (loadConfig made sure S3_BUCKET is set). */
export function createS3Bucket(config: AppConfig): S3Bucket {
  if (!config.s3) throw new Error('PROOF_STORAGE_DRIVER=s3 needs S3_BUCKET');
  return new S3Bucket(config.s3);
}

/** The driver PROOF_STORAGE_DRIVER names. Staging is on local disk ($DATA_DIR/proofs/tmp) for both. */
export function createProofStorage(config: AppConfig): ProofStorage {
  const root = join(config.dataDir, 'proofs');
  const options = { staleTempMs: config.proofMaintenance.staleAfterMs };
  switch (config.proofStorageDriver) {
    case 'local':
      return new LocalProofStorage(root, options);
    case 's3':
      return new S3ProofStorage(createS3Bucket(config), root, options);
  }
}

export const proofStorageProvider: Provider = {
  provide: PROOF_STORAGE,
  inject: [APP_CONFIG],
  useFactory: createProofStorage,
};
