import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { RequestValidationError } from '../../common/problem/problem';
import { MalformedUploadError, NotMultipartError, UploadAbortedError } from '../proofs.errors';

/** Form fields as sent, in order; a field may repeat. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

export interface FilePart {
  /** The file name as the client sent it (decoded as UTF-8, path included): make it safe before use. */
  fileName: string;
  /** The part's Content-Type as declared by the client. */
  declaredMime: string;
  /** The bytes; the handler must consume or destroy it. */
  stream: Readable;
}

export interface MultipartUploadOptions<T> {
  /** The name of the one file field. */
  fileField: string;
  maxFields: number;
  maxFieldBytes: number;
  /**
   * Called when the file part starts, with every field sent before it: validate them first (a
   * throw refuses the upload before any byte is kept), then consume the stream.
   */
  onFile(fields: FormFields, part: FilePart): Promise<T>;
}

export const isMultipart = (request: IncomingMessage): boolean => /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');

/**
 * Reads a multipart/form-data request as it arrives (busboy; nothing is buffered whole): form
 * fields first, then exactly one file part, which must be the last part. Resolves with what
 * `onFile` returned once the whole request was read.
 *
 * On any failure (a bad field, the handler refusing the bytes, a broken body, the client going
 * away) it stops parsing, lets the handler's work settle (so its clean-up is done before the
 * answer goes out), discards the rest of the request body unread, and rejects.
 */
export function readMultipartUpload<T>(request: IncomingMessage, options: MultipartUploadOptions<T>): Promise<T> {
  if (!isMultipart(request)) return Promise.reject(new NotMultipartError(request.headers['content-type']));
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // The name is made safe by safeFileName, which needs to see the whole of it.
      preservePath: true,
      defParamCharset: 'utf8',
      limits: {
        files: 1,
        fields: options.maxFields,
        parts: options.maxFields + 1,
        fieldSize: options.maxFieldBytes,
        fieldNameSize: 100,
        headerPairs: 20,
      },
    });
  } catch (error) {
    return Promise.reject(new MalformedUploadError(`The multipart body cannot be read: ${(error as Error).message}.`));
  }

  return new Promise<T>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    let fileTask: Promise<T> | undefined;
    let done = false;

    const fail = (error: Error): void => {
      if (done) return;
      done = true;
      request.unpipe(parser);
      // Ends the file stream being read, if any, so the handler's work fails and cleans up.
      parser.destroy();
      if (!request.destroyed && !request.complete) request.resume();
      const settled = fileTask ? fileTask.then(() => undefined, () => undefined) : Promise.resolve();
      void settled.then(() => reject(error));
    };
    const invalid = (field: string, message: string): void => fail(new RequestValidationError([{ field, message }]));

    parser.on('field', (name, value, info) => {
      if (done) return;
      if (fileTask) return invalid(name, `send the form fields before the file: "${name}" came after it`);
      if (info.nameTruncated) return invalid(name.slice(0, 40), 'the field name is too long');
      if (info.valueTruncated) return invalid(name, `longer than ${options.maxFieldBytes} bytes`);
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, info) => {
      if (done || name !== options.fileField) {
        // Not read: its bytes are skipped, and ending it early (fail() destroys it) is no error.
        stream.on('error', () => undefined).resume();
      }
      if (done) return;
      if (name !== options.fileField) {
        return invalid(name, `${name} is not a known field; attach the file as the field "${options.fileField}"`);
      }
      fileTask = options.onFile(fields, { fileName: info.filename ?? '', declaredMime: info.mimeType, stream });
      fileTask.catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
    });
    parser.on('filesLimit', () => invalid(options.fileField, 'attach exactly one file'));
    parser.on('fieldsLimit', () => fail(new MalformedUploadError(`The form has more than ${options.maxFields} fields.`)));
    parser.on('partsLimit', () => fail(new MalformedUploadError(`The form has more than ${options.maxFields + 1} parts.`)));
    parser.on('error', (error: Error) => fail(explainParseError(error, tail)));
    parser.on('finish', () => {
      if (done) return;
      if (!fileTask) {
        return invalid(
          options.fileField,
          fields.has(options.fileField)
            ? 'send the file as a file part (with a filename), not as a text field'
            : `attach the file as the multipart field "${options.fileField}"`,
        );
      }
      fileTask.then(
        (result) => {
          if (done) return;
          done = true;
          resolve(result);
        },
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
    // The client went away mid-body: a stream that never ends must not keep the temp file alive.
    request.on('close', () => {
      if (!request.complete) fail(new UploadAbortedError());
    });
    // The last bytes read, to say which header busboy refused and why.
    let tail: Buffer = Buffer.alloc(0);
    request.on('data', (chunk: Buffer) => {
      tail = chunk.length >= TAIL_BYTES ? chunk.subarray(chunk.length - TAIL_BYTES) : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
    });
    request.pipe(parser);
  });
}

const TAIL_BYTES = 4096;

/**
 * busboy refuses a part whose headers hold a control character with "Malformed part header";
 * what users do to cause it is name a file with one. Found in the bytes read, that is said in
 * their terms, naming the field; anything else keeps busboy's reason.
 */
export function explainParseError(error: Error, tail: Buffer): Error {
  if (error.message === 'Malformed part header') {
    const text = tail.toString('latin1');
    const start = text.toLowerCase().lastIndexOf('content-disposition:');
    if (start >= 0) {
      const header = text.slice(start);
      // A control character other than a tab, and not the CR LF that ends the header line.
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      const bad = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(header.replace(/\r\n/g, '  '));
      if (bad) {
        const field = /\bname="([^"\r\n]*)"/i.exec(header)?.[1] || 'file';
        const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        const where = header.toLowerCase().indexOf('filename') >= 0 && header.toLowerCase().indexOf('filename') < bad.index ? 'the file name' : 'the part\'s headers';
        return new RequestValidationError([{ field, message: `${where} contains a control character (${code}), which is not allowed; rename the file and send it again` }]);
      }
    }
    return new MalformedUploadError(
      'The multipart body cannot be read: a part\'s headers are malformed. A file name with a line break or another control character causes this; rename the file and send it again.',
    );
  }
  return new MalformedUploadError(`The multipart body cannot be read: ${error.message}.`);
}
