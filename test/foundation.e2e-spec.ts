import request from 'supertest';
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
    expect(hostile.headers['x-request-id']).not.toContain('bad');
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
    const ui = await request(t.server).get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('sets protective headers (helmet) and hides the framework', async () => {
    const res = await request(t.server).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
