import { fileTypeFromBlob, fileTypeFromBuffer } from 'file-type';
import { Transform, TransformCallback } from 'node:stream';
import { checkDeclaredType, ProofType } from '../rules/declared-type';
import { ProofTypeRefusedError } from '../proofs.errors';

/** How many leading bytes the early check looks at. */
export const SNIFF_SAMPLE_BYTES = 64 * 1024;

export interface Declared {
  declaredMime: string | undefined;
  fileName: string;
}

/** The type file-type reads from the bytes (undefined when it knows none). */
export async function sniffBlob(blob: Blob): Promise<string | undefined> {
  return (await fileTypeFromBlob(blob))?.mime;
}

/** Accepts the bytes' type, or throws the 415 that says why not. */
export function assertAcceptedType(sniffedMime: string | undefined, declared: Declared): ProofType {
  const check = checkDeclaredType({ sniffedMime, declaredMime: declared.declaredMime, fileName: declared.fileName });
  if (!check.ok) throw new ProofTypeRefusedError(check, sniffedMime);
  return check.type;
}

/**
 * Passes the bytes through, holding back only the first SNIFF_SAMPLE_BYTES until their type is
 * known, and fails the stream at once (a 415) when those first bytes already show a type that
 * would be refused: an .exe sent as a PDF is turned away before the rest of it is stored.
 *
 * Only a definite answer refuses early. No answer, or a plain ZIP (a .docx or .xlsx may name its
 * parts further in), waits for the full check on the complete bytes, which is the one that counts.
 */
export class EarlyTypeCheck extends Transform {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private decided = false;

  constructor(private readonly declared: Declared) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.decided) {
      callback(null, chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < SNIFF_SAMPLE_BYTES) {
      callback();
      return;
    }
    this.decide(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.decided) callback();
    else this.decide(callback);
  }

  private decide(callback: TransformCallback): void {
    this.decided = true;
    const held = Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    void fileTypeFromBuffer(held.subarray(0, SNIFF_SAMPLE_BYTES))
      // file-type failing on the sample leaves the verdict to the full check.
      .then((type) => type?.mime, () => undefined)
      .then((mime) => {
        try {
          if (mime && mime !== 'application/zip') assertAcceptedType(mime, this.declared);
        } catch (error) {
          callback(error as Error);
          return;
        }
        callback(null, held);
      });
  }
}
