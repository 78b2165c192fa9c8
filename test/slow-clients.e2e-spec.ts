import request from 'supertest';
import { connect, type Socket } from 'node:net';
import { bearer, insertDepartment, insertSession, insertUser } from './support/fixtures';
import { multipart } from './support/multipart';
import { insertStandardFile, recentDay, sampleFiles, storedFiles } from './support/proof-fixtures';
import { listeningPort, sendSlowly } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';

/** Short limits, so that the tests take seconds; the defaults are in README's configuration table. */
const LIMITS = { headersTimeoutMs: 1000, bodyTimeoutMs: 1000, uploadTimeoutMs: 60_000, uploadMinBytesPerSecond: 256 * 1024, maxConnectionsPerClient: 6 };
/** The deadline checks run every 250 ms; a cut comes at most this long after its limit (a loaded test machine included). */
const SLACK_MS = 1500;

describe('slow clients: headers and bodies cut off in seconds, the long allowance only for proof uploads', () => {
  let t: TestApp;
  let token: string;
  let fileId: string;

  beforeAll(async () => {
    t = await createTestApp({ http: LIMITS, uploadMaxBytes: 64 * 1024 * 1024 });
    const departmentId = await insertDepartment(t.dataSource, 'Normandy Police Department');
    token = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'manager@example.org', memberships: [{ departmentId, role: 'manager' }] }));
    fileId = await insertStandardFile(t.dataSource, departmentId);
  });
  afterAll(() => t.close());

  const head = (path: string, contentType: string, length: number, extra = ''): string =>
    `POST ${path} HTTP/1.1\r\nHost: calea.test\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\n${extra}\r\n`;

  it('cuts off a body sent a byte at a time to /api/auth/refresh with 408 once HTTP_BODY_TIMEOUT_MS has passed', async () => {
    const body = Buffer.from(JSON.stringify({ refreshToken: 'x'.repeat(200) }));
    const outcome = await sendSlowly(t.server, head('/api/auth/refresh', 'application/json', body.length), body, { chunkBytes: 1, everyMs: 100 });
    expect(outcome.status).toBe(408);
    expect(outcome.response).toContain('urn:calea-tracker:problem:request-timeout');
    expect(outcome.sent).toBeLessThan(body.length);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(LIMITS.bodyTimeoutMs - 100);
    expect(outcome.elapsedMs).toBeLessThan(LIMITS.bodyTimeoutMs + SLACK_MS);
  });

  it('cuts off an ordinary body at HTTP_BODY_TIMEOUT_MS even when it arrives faster than the upload floor', async () => {
    const body = Buffer.from(JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(900 * 1024) }));
    // About 300 KB a second: an upload at this rate would go on; a JSON body must be in within the limit.
    const outcome = await sendSlowly(t.server, head('/api/auth/login', 'application/json', body.length), body, { chunkBytes: 30 * 1024, everyMs: 100 });
    expect(outcome.status).toBe(408);
    expect(outcome.elapsedMs).toBeLessThan(LIMITS.bodyTimeoutMs + SLACK_MS);
  });

  it('closes a connection whose headers trickle in, once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const outcome = await sendSlowly(t.server, head('/api/auth/login', 'application/json', 2) + '{}', Buffer.alloc(0), { chunkBytes: 1, everyMs: 100, slowHead: true });
    expect(outcome.sent).toBeLessThan(head('/api/auth/login', 'application/json', 2).length);
    expect(outcome.status === null || outcome.status === 408).toBe(true);
    expect(outcome.elapsedMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS);
  });

  it('answers a page form that trickles in with the HTML error page', async () => {
    const body = Buffer.from(`email=a%40b.org&password=${'x'.repeat(100)}`);
    const outcome = await sendSlowly(t.server, head('/sign-in', 'application/x-www-form-urlencoded', body.length, 'Accept: application/json\r\n'), body, { chunkBytes: 1, everyMs: 100 });
    expect(outcome.status).toBe(408);
    expect(outcome.response).toMatch(/Content-Type: text\/html/i);
  });

  it('lets a proof upload take longer than HTTP_BODY_TIMEOUT_MS at a normal rate (the long allowance), and cuts one below UPLOAD_MIN_BYTES_PER_SECOND', async () => {
    const pdf = Buffer.concat([sampleFiles.pdf(), Buffer.alloc(24 * 1024 * 1024, 0x20)]);
    const { body, contentType } = multipart([
      { name: 'effectiveDate', value: recentDay() },
      { name: 'kind', value: 'document' },
      { name: 'file', data: pdf, filename: 'large.pdf', contentType: 'application/pdf' },
    ]);
    const path = `/api/files/${fileId}/proofs`;
    // About 8 MB a second: three times as long as an ordinary body may take, well above the floor.
    const large = await sendSlowly(t.server, head(path, contentType, body.length, `Authorization: Bearer ${token}\r\nConnection: close\r\n`), body, { chunkBytes: 512 * 1024, everyMs: 62 });
    expect(large.status).toBe(201);
    expect(large.elapsedMs).toBeGreaterThan(LIMITS.bodyTimeoutMs * 2);
    const [{ size }]: { size: string }[] = await t.dataSource.query('SELECT size_bytes::text AS size FROM stored_object ORDER BY created_at DESC LIMIT 1');
    expect(Number(size)).toBe(pdf.length);

    const before = await storedFiles(t);
    const crawl = await sendSlowly(t.server, head(path, contentType, body.length, `Authorization: Bearer ${token}\r\n`), body, { chunkBytes: 1024, everyMs: 50 });
    expect(crawl.status).toBe(408);
    expect(crawl.response).toMatch(/slower than 262144 bytes per second/);
    expect(crawl.elapsedMs).toBeGreaterThanOrEqual(LIMITS.bodyTimeoutMs - 100);
    expect(crawl.elapsedMs).toBeLessThan(LIMITS.bodyTimeoutMs + SLACK_MS);
    // Cut off mid-upload: no temp file and no object left behind.
    for (let i = 0; i < 40 && (await storedFiles(t)).length !== before.length; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await storedFiles(t)).toEqual(before);
  });

  it('closes connections past MAX_CONNECTIONS_PER_CLIENT from one address at once, and serves again when they close', async () => {
    const port = await listeningPort(t.server);
    const open = (): Promise<{ socket: Socket; closed: Promise<number> }> =>
      new Promise((resolve) => {
        const started = Date.now();
        const socket = connect(port, '127.0.0.1', () => resolve({ socket, closed }));
        const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)));
        socket.on('error', () => undefined);
      });
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnectionsPerClient }, open));
    const extra = await open();
    const closedAfter = await Promise.race([extra.closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 500))]);
    expect(closedAfter).toBeGreaterThanOrEqual(0);
    expect(held.every(({ socket }) => !socket.destroyed)).toBe(true);
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await request(t.server).get('/health').expect(200);
    await request(t.server).get('/api/auth/me').set(bearer(token)).expect(200);
  });
});
