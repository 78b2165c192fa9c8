import request from 'supertest';
import { insertSession, insertUser } from './support/fixtures';
import { withClient } from './support/global-setup';
import { createTestApp, TestApp } from './support/test-app';

describe('foundation: HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness outside /api', async () => {
    await request(t.server).get('/health').expect(200, { status: 'ok' });
    const ready = await request(t.server).get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
  });

  it('puts an X-Request-Id on every response and honours a well-formed incoming one', async () => {
    const fresh = await request(t.server).get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(t.server).get('/health').set('X-Request-Id', 'proxy-123');
    expect(echoed.headers['x-request-id']).toBe('proxy-123');
    const hostile = await request(t.server).get('/health').set('X-Request-Id', 'bad id\twith tab');
    // Replaced by a fresh id (a UUID may itself hold the letters "bad": compare the shape, not a substring).
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(hostile.headers['x-request-id']).not.toBe(fresh.headers['x-request-id']);
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await request(t.server).get('/api/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      instance: '/api/no-such-thing',
      requestId: res.headers['x-request-id'],
    });
    expect(res.body.detail).toContain('/api/no-such-thing');
  });

  it('answers a browser asking for a page that does not exist with an HTML page, and API clients with problem+json', async () => {
    const page = await request(t.server).get('/no-such-page').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>Not Found</h1>');
    expect(page.text).toContain(`reference <code>${page.headers['x-request-id']}</code>`);
    const hostile = await request(t.server).get('/%3Cscript%3Ealert(1)%3C%2Fscript%3E').set('Accept', 'text/html').expect(404);
    expect(hostile.text).not.toContain('<script>');
    const apiAsBrowser = await request(t.server).get('/api/no-such-thing').set('Accept', 'text/html').expect(404);
    expect(apiAsBrowser.headers['content-type']).toMatch(/^application\/problem\+json/);
    const json = await request(t.server).get('/no-such-page').set('Accept', 'application/json').expect(404);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers malformed JSON with a problem+json 400 before any route runs', async () => {
    const res = await request(t.server)
      .post('/api/no-such-thing')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:calea-tracker:problem:malformed-json');
    expect(res.body.detail).toMatch(/JSON/);
  });

  it('refuses a JSON body over the configured limit with 413', async () => {
    const big = JSON.stringify({ filler: 'x'.repeat(t.config.jsonBodyLimitBytes + 10) });
    const res = await request(t.server).post('/api/no-such-thing').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body.type).toBe('urn:calea-tracker:problem:payload-too-large');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await request(t.server).get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready']));
    // A client learns from the document that downloads answer byte ranges.
    expect(Object.keys(doc.body.paths['/api/proofs/{id}/content'].get.responses).sort()).toEqual(['200', '206', '304', '401', '403', '416']);
    const ui = await request(t.server).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('answers readiness with a problem+json 503 while the database refuses connections, and recovers', async () => {
    const [{ name }] = await t.dataSource.query('SELECT current_database() AS name');
    const token = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'db-down@example.org' }));
    const admin = process.env.TEST_ADMIN_DATABASE_URL!;
    await withClient(admin, async (client) => {
      await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    });
    try {
      const down = await request(t.server).get('/health/ready').expect(503);
      expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(down.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(JSON.stringify(down.body)).not.toMatch(/at \w+ \(|stack/i);
      await request(t.server).get('/health').expect(200);
      const failed = await request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(500);
      expect(failed.body).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'Something went wrong on our side. The request id identifies it in the service log.',
        instance: '/api/auth/me',
        requestId: failed.headers['x-request-id'],
      });
    } finally {
      await withClient(admin, (client) => client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    }
    await request(t.server).get('/health/ready').expect(200);
  });

  it('sets protective headers (helmet) and hides the framework', async () => {
    const res = await request(t.server).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
