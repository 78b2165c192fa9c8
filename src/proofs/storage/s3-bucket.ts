import {
  AbortMultipartUploadCommand,
  CompletedPart,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Config } from '../../config/app-config';

/** Objects larger than this go up in parts of this size (S3's floor is 5 MiB, its ceiling 10,000 parts). */
export const DEFAULT_PART_SIZE_BYTES = 16 * 1024 * 1024;
/** Parts sent at once. */
export const DEFAULT_PART_CONCURRENCY = 4;

export interface S3BucketOptions {
  partSizeBytes?: number;
  partConcurrency?: number;
}

export interface BucketObject {
  key: string;
  size: number;
  modifiedMs: number;
}

/** The bucket cannot be used: the message names it, where it was looked for, why, and the variables to check. */
export class S3BucketUnreachableError extends Error {
  constructor(config: S3Config, reason: string) {
    super(
      `The S3 bucket "${config.bucket}" at ${config.endpoint ?? `AWS S3 (${config.region})`} cannot be reached: ${reason}. ` +
        'Check S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE.',
    );
    this.name = 'S3BucketUnreachableError';
  }
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (error: unknown): number | undefined => (error as SdkError | null)?.$metadata?.httpStatusCode;

export const isNotFound = (error: unknown): boolean => {
  const name = (error as SdkError | null)?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || statusOf(error) === 404;
};

function reasonOf(error: unknown): string {
  const status = statusOf(error);
  if (status === 404) return 'no such bucket (404)';
  if (status === 403) return 'access denied (403): the credentials, or the bucket policy';
  if (status === 301 || status === 400) return `the service refused the request (${status}): the region, or S3_FORCE_PATH_STYLE`;
  const e = error as SdkError | null;
  return [e?.code, e?.name, e?.message].filter((part, i, all) => part && all.indexOf(part) === i).join(': ') || String(error);
}

/**
 * One S3-compatible bucket, through the AWS SDK v3: what the proof and report drivers need of it.
 * Uploads read local files (staging is on local disk), in parts streamed from file ranges, so no
 * object is ever held in memory; a failed multipart upload is aborted at once, and one left by a
 * crash is aborted by abortStaleUploads. A completed PUT or CompleteMultipartUpload is atomic: a
 * reader sees the whole object under its key or nothing.
 */
export class S3Bucket {
  readonly client: S3Client;
  readonly name: string;
  readonly partSizeBytes: number;
  private readonly partConcurrency: number;

  constructor(
    readonly config: S3Config,
    options: S3BucketOptions = {},
  ) {
    this.name = config.bucket;
    this.partSizeBytes = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
    this.partConcurrency = options.partConcurrency ?? DEFAULT_PART_CONCURRENCY;
    // The SDK warns on Node 20 that its releases after January 2027 will need Node 22. The service
    // runs on Node 20 and the lockfile pins a release that supports it: the notice is for us (README),
    // not for every operator's log on every start.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Checksums only where an operation requires one: the SDK's default (CRC32 trailers on
      // aws-chunked bodies) is not understood by every S3-compatible service. Integrity is ours:
      // the SHA-256 is the key, and storage:copy reads every object back to check it.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Fails with S3BucketUnreachableError unless the bucket answers (called at start). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.name }));
    } catch (error) {
      throw new S3BucketUnreachableError(this.config, reasonOf(error));
    }
  }

  /** The object's size and last write, or undefined when the key holds nothing. */
  async head(key: string): Promise<BucketObject | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.name, Key: key }));
      return { key, size: head.ContentLength ?? 0, modifiedMs: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** The object's bytes (only `range`'s, ends included, when given), streamed from the bucket; undefined when the key holds nothing. */
  async open(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.name, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return object.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Puts the local file `path` (`size` bytes) under `key`: one PUT up to the part size, else a
   * multipart upload whose parts stream from ranges of the file, a few at once. On any failure
   * the multipart upload is aborted, so nothing is left under the key.
   */
  async putFile(key: string, path: string, size: number): Promise<void> {
    if (size <= this.partSizeBytes) {
      await this.sendBody(path, 0, size, (Body, abortSignal) =>
        this.client.send(new PutObjectCommand({ Bucket: this.name, Key: key, Body, ContentLength: size, ContentType: 'application/octet-stream' }), { abortSignal }),
      );
      return;
    }
    await this.putParts(key, path, size);
  }

  private async putParts(key: string, path: string, size: number): Promise<void> {
    const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.name, Key: key, ContentType: 'application/octet-stream' }));
    const uploadId = created.UploadId as string;
    try {
      const count = Math.ceil(size / this.partSizeBytes);
      const parts: CompletedPart[] = new Array<CompletedPart>(count);
      let next = 0;
      let failed = false;
      const worker = async (): Promise<void> => {
        while (next < count && !failed) {
          const index = next++;
          const start = index * this.partSizeBytes;
          const length = Math.min(this.partSizeBytes, size - start);
          try {
            const answer = await this.sendBody(path, start, length, (Body, abortSignal) =>
              this.client.send(new UploadPartCommand({ Bucket: this.name, Key: key, UploadId: uploadId, PartNumber: index + 1, Body, ContentLength: length }), { abortSignal }),
            );
            parts[index] = { PartNumber: index + 1, ETag: answer.ETag };
          } catch (error) {
            failed = true;
            throw error;
          }
        }
      };
      const settled = await Promise.allSettled(Array.from({ length: Math.min(this.partConcurrency, count) }, () => worker()));
      const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected) throw rejected.reason;
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.name, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.abort(key, uploadId).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Sends `length` bytes of `file` from `start` as a request body. The SDK pipes a body into its
   * request without listening for the body's errors (an unhandled 'error' would end the process, a
   * short body would leave the request waiting): a read error, or fewer bytes than announced (the
   * file shrank), aborts the request here and rejects with that error.
   */
  private async sendBody<T>(path: string, start: number, length: number, send: (body: Readable, signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let failure: Error | undefined;
    const fail = (error: Error): void => {
      failure ??= error;
      controller.abort(error);
    };
    const body = createReadStream(path, { start, end: start + length - 1 });
    body.on('error', fail);
    body.on('end', () => {
      if (body.bytesRead !== length) fail(new Error(`Read ${body.bytesRead} bytes of ${length} from the staged file (it changed under the upload)`));
    });
    try {
      return await send(body, controller.signal);
    } catch (error) {
      throw failure ?? error;
    } finally {
      body.destroy();
    }
  }

  async copy(from: string, to: string): Promise<void> {
    await this.client.send(new CopyObjectCommand({ Bucket: this.name, Key: to, CopySource: `${this.name}/${from.split('/').map(encodeURIComponent).join('/')}` }));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }));
  }

  /** Every object whose key starts with `prefix`. */
  async *list(prefix: string): AsyncIterable<BucketObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key, size: object.Size ?? 0, modifiedMs: object.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Multipart uploads under `prefix` still open (none completed nor aborted). */
  async *openUploads(prefix: string): AsyncIterable<{ key: string; uploadId: string; initiatedMs: number }> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.name, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
      for (const upload of page.Uploads ?? []) {
        if (upload.Key && upload.UploadId) yield { key: upload.Key, uploadId: upload.UploadId, initiatedMs: upload.Initiated?.getTime() ?? 0 };
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  /**
   * Aborts the multipart uploads under `prefix` nobody has sent a part to for `staleMs` (a crash
   * mid-upload leaves their parts, billed and invisible, until then); the bucket drops their
   * parts. An upload in progress sends parts continuously, so it is never taken for a stale one.
   * Returns how many were aborted.
   */
  async abortStaleUploads(prefix: string, staleMs: number, now: number): Promise<number> {
    let aborted = 0;
    for await (const upload of this.openUploads(prefix)) {
      if (now - upload.initiatedMs < staleMs) continue;
      try {
        if (now - (await this.lastPartMs(upload.key, upload.uploadId, upload.initiatedMs)) < staleMs) continue;
        await this.abort(upload.key, upload.uploadId);
        aborted++;
      } catch (error) {
        if (!isNotFound(error)) throw error; // Completed or aborted meanwhile.
      }
    }
    return aborted;
  }

  private async lastPartMs(key: string, uploadId: string, initiatedMs: number): Promise<number> {
    let latest = initiatedMs;
    let marker: string | undefined;
    do {
      const page = await this.client.send(new ListPartsCommand({ Bucket: this.name, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
      for (const part of page.Parts ?? []) latest = Math.max(latest, part.LastModified?.getTime() ?? 0);
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return latest;
  }

  private async abort(key: string, uploadId: string): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.name, Key: key, UploadId: uploadId }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
