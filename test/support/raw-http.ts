import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON when it is JSON (problem+json included), else undefined. */
  body: unknown;
}

/** Starts listening on a loopback port when the server is not listening yet (supertest does this per request). */
export async function listeningPort(server: Server): Promise<number> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends exact bytes (supertest re-serialises a Buffer sent as JSON). */
export async function rawRequest(server: Server, method: string, path: string, headers: Record<string, string>, body: Buffer | string): Promise<RawResponse> {
  const port = await listeningPort(server);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Length': String(bytes.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        if (/json/.test(String(res.headers['content-type']))) parsed = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

export interface SlowOutcome {
  /** The status line's code, when the service answered before closing. */
  status: number | null;
  response: string;
  /** Bytes the client managed to send before the service closed the connection. */
  sent: number;
  /** From the first byte sent to the connection's close. */
  elapsedMs: number;
}

/**
 * Sends `head` then `body` over a raw socket, `chunkBytes` every `everyMs` (from the first byte of
 * the head when `slowHead`), until the service closes the connection or everything is sent and
 * answered. For slow-client tests; never waits longer than `giveUpMs`.
 */
export async function sendSlowly(
  server: Server,
  head: string,
  body: Buffer,
  options: { chunkBytes: number; everyMs: number; slowHead?: boolean; giveUpMs?: number },
): Promise<SlowOutcome> {
  const port = await listeningPort(server);
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    const all = options.slowHead ? Buffer.concat([Buffer.from(head), body]) : body;
    let sent = 0;
    let response = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve({ status: match ? Number(match[1]) : null, response, sent, elapsedMs: Date.now() - started });
    };
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the service kept the slow connection open past ${options.giveUpMs ?? 30_000} ms (sent ${sent} bytes)`));
    }, options.giveUpMs ?? 30_000);
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      if (!options.slowHead) socket.write(head);
      timer = setInterval(() => {
        if (sent >= all.length || socket.destroyed) {
          clearInterval(timer);
          return;
        }
        const chunk = all.subarray(sent, sent + options.chunkBytes);
        sent += chunk.length;
        socket.write(chunk);
      }, options.everyMs);
    });
  });
}
