import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { AppConfig, S3Config } from '../../src/config/app-config';
import { S3Bucket, S3BucketOptions } from '../../src/proofs/storage/s3-bucket';

/**
 * A bucket of its own on the test S3-protocol server that global-setup.ts starts (s3rver), so test
 * files running side by side never see (or sweep) each other's objects and uploads.
 */
export async function createTestBucket(options: S3BucketOptions = {}): Promise<S3Bucket> {
  const config = testS3Config(`calea-${randomBytes(6).toString('hex')}`);
  const bucket = new S3Bucket(config, options);
  await bucket.client.send(new CreateBucketCommand({ Bucket: config.bucket }));
  return bucket;
}

export function testS3Config(bucket: string): S3Config {
  const endpoint = process.env.TEST_S3_ENDPOINT;
  if (!endpoint) throw new Error('TEST_S3_ENDPOINT is not set: run the tests through jest (test/support/global-setup.ts starts the S3 server)');
  return {
    endpoint,
    region: 'us-east-1',
    bucket,
    credentials: { accessKeyId: process.env.TEST_S3_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.TEST_S3_SECRET_ACCESS_KEY ?? '' },
    forcePathStyle: true,
  };
}

/** AppConfig overrides that put the application's proofs and reports in `bucket` (PROOF_STORAGE_DRIVER=s3). */
export function s3Overrides(bucket: S3Bucket): Partial<AppConfig> {
  return { proofStorageDriver: 's3', s3: bucket.config };
}
