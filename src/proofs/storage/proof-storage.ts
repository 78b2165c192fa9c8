import type { Readable } from 'node:stream';
import type { ProofStorageDriver } from '../../kernel/proof-storage-drivers';
import type { ByteRange } from '../rules/byte-range';

/** Injection token of the configured ProofStorage driver. */
export const PROOF_STORAGE = Symbol('PROOF_STORAGE');

/** Bytes kept at their content address. */
export interface StoredBytes {
  sha256: string;
  size: number;
  /** Where the driver keeps them, relative to its root (stored_object.storage_key). */
  key: string;
  /** False when identical bytes were already stored (nothing new was written). */
  created: boolean;
}

/**
 * Bytes received completely (hashed, counted, flushed to stable storage) but not yet visible at
 * their content address. The caller inspects them, then commits or discards them.
 */
export interface StagedBytes {
  readonly sha256: string;
  readonly size: number;
  /** The staged bytes from the start. */
  read(): Readable;
  /**
   * The staged bytes as a Blob read on demand, with random access (type sniffing may need bytes
   * far into the file: a TIFF's directory, an Office document's parts). Staging is on local disk
   * for every driver, so this stays cheap.
   */
  blob(): Promise<Blob>;
  /** Moves the bytes to their content address atomically; identical bytes are kept once. */
  commit(): Promise<StoredBytes>;
  /** Drops the staged bytes. Safe to call twice, and after commit (then it does nothing). */
  discard(): Promise<void>;
}

export interface StageOptions {
  /** More bytes than this fails the stage with ObjectTooLargeError while streaming; nothing is kept. */
  maxBytes: number;
}

/**
 * Where proof bytes live. Content-addressed (SHA-256), written atomically: a reader never sees a
 * partial object, and a failure or a dropped connection while streaming leaves nothing behind.
 */
export interface ProofStorage {
  readonly driver: ProofStorageDriver;
  /** Creates what the driver needs. Called once at start; the sweeps are ProofStorageMaintenance's, under its lock. */
  prepare(): Promise<void>;
  /** Removes staging nobody has written to for a while (an upload cut short by a crash); returns how many. */
  sweep(): Promise<number>;
  /** Every stored object, with when it was last written. */
  objects(): AsyncIterable<StoredObjectFile>;
  /** Moves an object out of the content-addressed store, kept (never deleted); returns where it went. */
  setAside(key: string): Promise<string>;
  /** Streams `source` into staging, computing SHA-256 and the size on the way. */
  stage(source: Readable, options: StageOptions): Promise<StagedBytes>;
  /** stage + commit, for callers that need no inspection. */
  put(source: Readable, options: StageOptions): Promise<StoredBytes>;
  /** The stored bytes (only `range`'s, both ends included, when given); rejects with ObjectMissingError when the key holds nothing. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Lets go of connections (the s3 driver's client); the local driver has none. */
  close?(): void;
}

export interface StoredObjectFile {
  key: string;
  modifiedMs: number;
}

/** More bytes arrived than StageOptions.maxBytes allowed. */
export class ObjectTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The object is larger than ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

export class ObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`No object is stored under ${key}`);
    this.name = 'ObjectMissingError';
  }
}

/** objects/ab/cd/<sha256>: two levels of 256 folders keep every folder small. */
export function contentAddress(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError(`Not a SHA-256: ${sha256}`);
  return `objects/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export const isContentAddress = (key: string): boolean => /^objects\/([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{60}$/.test(key);
