import type request from 'supertest';

/** A supertest parser that keeps the body as the bytes sent (PDFs, ZIPs, proofs): `.buffer(true).parse(binary)`. */
export const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
