/** Drivers PROOF_STORAGE_DRIVER may name: the local folder, or an S3-compatible bucket. */
export const PROOF_STORAGE_DRIVERS = ['local', 's3'] as const;
export type ProofStorageDriver = (typeof PROOF_STORAGE_DRIVERS)[number];
