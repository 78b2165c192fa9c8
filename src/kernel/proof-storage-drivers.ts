/** Drivers PROOF_STORAGE_DRIVER may name. An S3-compatible driver will join 'local'. */
export const PROOF_STORAGE_DRIVERS = ['local'] as const;
export type ProofStorageDriver = (typeof PROOF_STORAGE_DRIVERS)[number];
