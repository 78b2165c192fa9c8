import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { insertUser, TEST_PASSWORD } from './support/fixtures';
import { rawRequest } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';

const PROBLEM = /^application\/problem\+json/;
const tooDeep = 'urn:calea-tracker:problem:json-too-deep';

describe('hostile input: nested, huge and compressed bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertUser(t.dataSource, { email: 'boss@example.org', isAdmin: true });
  });
  afterAll(() => t.close());

  const postJson = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    request(t.server).post(path).set({ 'Content-Type': 'application/json', ...headers }).send(body);

  it('refuses a login of 20,000 [ with 400 problem+json, from the raw bytes, before JSON.parse or validation', async () => {
    const body = '['.repeat(20_000);
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const res = await postJson('/api/auth/login', body);
      timings.push(performance.now() - started);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      // The type is only given by the depth check in the parser's verify hook, which runs before parsing.
      expect(res.body).toMatchObject({ type: tooDeep, status: 400 });
      expect(res.body.detail).toContain('32 levels');
    }
    // The bound, taken as the best of five so a busy test machine does not decide it.
    expect(Math.min(...timings)).toBeLessThan(50);
  });

  it('refuses 5,000 nested objects on the refresh route too, and accepts nesting up to the limit into validation', async () => {
    const objects = await postJson('/api/auth/refresh', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)).expect(400);
    expect(objects.body.type).toBe(tooDeep);
    const atLimit = await postJson('/api/auth/login', JSON.stringify({ email: 'a@b.org', password: '['.repeat(10), x: JSON.parse('['.repeat(31) + ']'.repeat(31)) }));
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.type).toBe('urn:calea-tracker:problem:validation');
  });

  it('limits a gzip body by its inflated size, and checks its depth after inflating', async () => {
    const bomb = gzipSync(Buffer.alloc(t.config.jsonBodyLimitBytes + 1024, '['));
    expect(bomb.length).toBeLessThan(16 * 1024);
    const gzipped = (body: Buffer) => rawRequest(t.server, 'POST', '/api/auth/login', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body);
    const large = await gzipped(bomb);
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ type: 'urn:calea-tracker:problem:payload-too-large' });
    const nested = await gzipped(gzipSync(Buffer.alloc(t.config.jsonBodyLimitBytes - 1024, '[')));
    expect(nested.status).toBe(400);
    expect(nested.body).toMatchObject({ type: tooDeep });
    const fine = await gzipped(gzipSync(JSON.stringify({ email: 'nobody@example.org', password: 'not the password' })));
    expect(fine.status).toBe(401);
  });

  it('answers an oversize form on a page with the HTML error page, whatever the client accepts', async () => {
    const form = `email=a%40b.org&password=${'x'.repeat(t.config.jsonBodyLimitBytes + 10)}`;
    for (const accept of ['text/html', 'application/json', '*/*']) {
      const res = await request(t.server).post('/sign-in').set('Accept', accept).type('form').send(form).expect(413);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<h1>The request body is too large</h1>');
    }
    const api = await request(t.server).post('/api/auth/login').set('Accept', 'text/html').type('form').send(form).expect(413);
    expect(api.headers['content-type']).toMatch(PROBLEM);
  });

  it('marks every API answer no-store, errors included, and HTML error pages too', async () => {
    const token = (await request(t.server).post('/api/auth/login').send({ email: 'boss@example.org', password: TEST_PASSWORD }).expect(200)).body.accessToken;
    const answers = {
      me: await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200),
      departments: await request(t.server).get('/api/departments').set('Authorization', `Bearer ${token}`).expect(200),
      badId: await request(t.server).get('/api/departments/not-a-uuid').set('Authorization', `Bearer ${token}`).expect(400),
      signedOut: await request(t.server).get('/api/users').expect(401),
      pageError: await request(t.server).post('/sign-in').set('Accept', 'application/json').type('form').send(`email=${'x'.repeat(t.config.jsonBodyLimitBytes)}`).expect(413),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, res]) => [name, res.headers['cache-control']]))).toEqual({
      me: 'no-store',
      departments: 'no-store',
      badId: 'no-store',
      signedOut: 'no-store',
      pageError: 'no-store',
    });
  });
});
