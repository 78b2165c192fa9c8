import type { Provider } from '@nestjs/common';
import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { LocalProofStorage } from './local-proof-storage';
import { PROOF_STORAGE, ProofStorage } from './proof-storage';

/** The driver PROOF_STORAGE_DRIVER names. */
export function createProofStorage(config: AppConfig): ProofStorage {
  switch (config.proofStorageDriver) {
    case 'local':
      return new LocalProofStorage(join(config.dataDir, 'proofs'), { staleTempMs: config.proofMaintenance.staleAfterMs });
  }
}

export const proofStorageProvider: Provider = {
  provide: PROOF_STORAGE,
  inject: [APP_CONFIG],
  useFactory: createProofStorage,
};
