import { randomBytes } from 'node:crypto';

export type Part =
  | { name: string; value: string }
  | { name: string; data: Buffer; filename?: string; filenameStar?: string; contentType?: string };

/** A multipart/form-data body written by hand, so every header and name is exactly what a test wants. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----calea-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let header = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('data' in part) {
      if (part.filename !== undefined) header += `; filename="${part.filename}"`;
      if (part.filenameStar !== undefined) header += `; filename*=UTF-8''${part.filenameStar}`;
      header += `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`;
      chunks.push(Buffer.from(`${header}\r\n\r\n`, 'utf8'), part.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`${header}\r\n\r\n${part.value}\r\n`, 'utf8'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
