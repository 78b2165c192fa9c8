import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertSession, insertUser } from './support/fixtures';
import { multipart, Part } from './support/multipart';
import { recentDay, sampleFiles } from './support/proof-fixtures';
import { listeningPort } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Hostile requests generated from the OpenAPI document: every operation, with wrong types, nulls,
 * NUL bytes, huge and nested bodies, huge numbers and unknown fields in its body, query and path.
 * Whatever is refused must be refused with a 4xx: no 5xx, and the audit chain intact afterwards.
 */

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Probe {
  operation: string;
  variant: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

const BIGINT = 9223372036854775807n.toString();
const HUGE_DIGITS = '99999999999999999999999';
const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

/** Values put in place of one field. A placeholder string stands for JSON JavaScript cannot write (a bigint literal). */
const HOSTILE_VALUES: [string, unknown][] = [
  ['a number', 12345],
  ['a boolean', true],
  ['an object', { a: 1 }],
  ['an array', ['x', 'y']],
  ['null', null],
  ['a NUL byte', 'a\u0000b'],
  ['a lone surrogate', '\ud800x'],
  ['control characters', 'a\u0001\u001b[31m\r\nb'],
  ['a 200 KB string', 'x'.repeat(200 * 1024)],
  ['1e308', 1e308],
  ['a bigint', '@@BIGINT@@'],
  ['-1', -1],
  ['1.5', 1.5],
  ['an empty string', ''],
  ['30 levels of arrays', nested(30)],
  ['an impossible date', '2026-02-30'],
  ['a prototype key', JSON.parse('{"__proto__": {"isAdmin": true}}')],
];

const QUERY_VALUES: [string, string | string[]][] = [
  ['huge digits', HUGE_DIGITS],
  ['a bigint', BIGINT],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['a NUL byte', 'a\u0000b'],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['an empty value', ''],
  ['repeated', ['1', '2']],
  ['JSON', '{"a":[1]}'],
  ['an impossible date', '2026-02-30'],
  ['a lone surrogate (raw %ED%A0%80)', '@@RAW:%ED%A0%80@@'],
];

const PATH_VALUES: [string, string][] = [
  ['not a UUID', 'not-a-uuid'],
  ['an unknown UUID', '00000000-0000-4000-8000-000000000000'],
  ['a NUL byte', '%00'],
  ['huge digits', HUGE_DIGITS],
  ['3,000 characters', 'x'.repeat(3000)],
  ['invalid UTF-8', '%F0%28%8C%28'],
  ['a traversal', '..%2F..%2Fetc%2Fpasswd'],
];

describe('fuzz: every operation of the OpenAPI document, hostile input, no 5xx', () => {
  let t: TestApp;
  let base: string;
  let doc: OpenApi;
  let adminId: string;
  const ids = {} as Record<'department' | 'spareDepartment' | 'manual' | 'file' | 'user' | 'grant' | 'proof' | 'link' | 'report', string>;

  beforeAll(async () => {
    t = await createTestApp({ http: { headersTimeoutMs: 10_000, bodyTimeoutMs: 15_000, uploadTimeoutMs: 60_000, uploadMinBytesPerSecond: 1024, maxConnectionsPerClient: 64 } });
    base = `http://127.0.0.1:${await listeningPort(t.server)}`;
    const ds = t.dataSource;
    ids.department = await insertDepartment(ds, 'Normandy Police Department');
    ids.spareDepartment = await insertDepartment(ds, 'Spare Police Department');
    adminId = await insertUser(ds, { email: 'admin@example.org', isAdmin: true });
    ids.user = await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId: ids.department, role: 'member' }] });
    const admin = bearer(await insertSession(ds, adminId));
    let req = request(base).post('/api/manuals/import').set(admin);
    for (const [k, v] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(k, v);
    ids.manual = (await req.attach('file', Buffer.from(syntheticManualCsv(generateSyntheticManual({ version: '6.15' }))), 'manual.csv').expect(201)).body.manual.id;
    await request(base).post(`/api/manuals/${ids.manual}/publish`).set(admin).expect(200);
    await request(base).put(`/api/departments/${ids.department}/manual`).set(admin).send({ manualId: ids.manual }).expect(200);
    [{ id: ids.file }] = await ds.query('SELECT id FROM standard_file WHERE department_id = $1 ORDER BY standard_number LIMIT 1', [ids.department]);
    const { body, contentType } = multipart([...uploadFields(), { name: 'file', data: sampleFiles.pdf('fuzz'), filename: 'roster.pdf', contentType: 'application/pdf' }]);
    const filed = (await request(base).post(`/api/files/${ids.file}/proofs`).set(admin).set('Content-Type', contentType).send(body).expect(201)).body;
    ids.link = filed.id;
    ids.proof = filed.proof.id;
    ids.report = (await request(base).post(`/api/departments/${ids.department}/reports`).set(admin).send({ kind: 'readiness' }).expect(201)).body.id;
    const assessor = await insertUser(ds, { email: 'assessor@peer.example' });
    const [grant]: { id: string }[] = await ds.query(`INSERT INTO assessor_grant (user_id, starts_on, ends_on) VALUES ($1, current_date, current_date + 30) RETURNING id`, [assessor]);
    ids.grant = grant.id;
    doc = (await request(base).get('/api/openapi.json').expect(200)).body as OpenApi;
  });
  afterAll(() => t.close());

  const uploadFields = (): Part[] => [
    { name: 'effectiveDate', value: recentDay() },
    { name: 'kind', value: 'document' },
  ];

  const resolve = (schema: Schema | undefined): Schema => {
    if (!schema) return {};
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop() ?? '']);
    if (schema.allOf?.length) return resolve(schema.allOf[0]);
    return schema;
  };

  /** A plausible value for a schema (examples, enums, formats), the base each variant breaks one field of. */
  const sample = (raw: Schema | undefined, depth = 0): unknown => {
    const schema = resolve(raw);
    if (schema.example !== undefined) return schema.example;
    if (schema.enum?.length) return schema.enum[0];
    switch (schema.type) {
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      case 'array':
        return depth > 3 ? [] : [sample(schema.items, depth + 1)];
      case 'string':
        if (schema.format === 'uuid') return ids.department;
        if (schema.format === 'date') return '2026-01-14';
        if (schema.format === 'email') return `fuzz-${randomUUID()}@example.org`;
        return 'fuzz value';
      default:
        if (schema.properties && depth <= 3) return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sample(v, depth + 1)]));
        return {};
    }
  };

  /** A real id for a path parameter, by its name and the collection before it. */
  const pathValue = (path: string, name: string): string => {
    if (name === 'departmentId') return ids.department;
    if (name === 'fileId') return ids.file;
    if (name === 'otherId') return ids.manual;
    if (name === 'signOffId') return randomUUID();
    if (name === 'token') return 'not-a-token';
    const collection = path.split(`/{${name}}`)[0].split('/').pop();
    if (path.endsWith('/archive')) return ids.spareDepartment;
    const byCollection: Record<string, string> = {
      users: ids.user,
      'assessor-grants': ids.grant,
      departments: ids.department,
      manuals: ids.manual,
      proofs: ids.proof,
      'proof-links': ids.link,
      reports: ids.report,
    };
    return byCollection[collection ?? ''] ?? randomUUID();
  };

  const toJson = (value: unknown): string => JSON.stringify(value).replace(/"@@BIGINT@@"/g, BIGINT);

  function probesOf(pathTemplate: string, method: string, operation: Operation): Probe[] {
    const name = `${method.toUpperCase()} ${pathTemplate}`;
    const params = operation.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const fill = (overrides: Record<string, string> = {}): string =>
      pathTemplate.replace(/\{(\w+)\}/g, (_, p: string) => overrides[p] ?? encodeURIComponent(pathValue(pathTemplate, p)));
    const content = operation.requestBody?.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    const isMultipart = 'multipart/form-data' in content;
    const baseBody = jsonSchema ? sample(jsonSchema) : undefined;
    const probe = (variant: string, extra: Partial<Probe> = {}): Probe => ({
      operation: name,
      variant,
      method: method.toUpperCase(),
      path: fill(),
      ...(jsonSchema ? { contentType: 'application/json', body: toJson(baseBody) } : {}),
      ...extra,
    });
    const probes: Probe[] = [probe('plausible')];

    for (const param of pathParams) {
      for (const [label, value] of PATH_VALUES) probes.push(probe(`path ${param.name}: ${label}`, { path: fill({ [param.name]: value }) }));
    }
    for (const param of queryParams) {
      for (const [label, value] of QUERY_VALUES) {
        const raw = typeof value === 'string' && value.startsWith('@@RAW:') ? value.slice(6, -2) : undefined;
        const query = raw
          ? `${param.name}=${raw}`
          : (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(param.name)}=${encodeURIComponent(v)}`).join('&');
        probes.push(probe(`query ${param.name}: ${label}`, { path: `${fill()}?${query}` }));
      }
    }
    if (jsonSchema) {
      const schema = resolve(jsonSchema);
      const fields = Object.keys(schema.properties ?? {});
      for (const field of fields) {
        for (const [label, value] of HOSTILE_VALUES) {
          probes.push(probe(`body ${field}: ${label}`, { body: toJson({ ...(baseBody as object), [field]: value }) }));
        }
      }
      const wholeBodies: [string, string | Buffer][] = [
        ['an unknown field', toJson({ ...(baseBody as object), zzUnknown: 'x' })],
        ['a __proto__ key', `{"__proto__":{"isAdmin":true},${toJson(baseBody).slice(1)}`],
        ['an array', '[]'],
        ['a string', '"fuzz"'],
        ['a number', '123'],
        ['null', 'null'],
        ['truncated JSON', '{"a":'],
        ['20,000 [', '['.repeat(20_000)],
        ['5,000 nested objects', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
        ['over the size limit', Buffer.alloc(t.config.jsonBodyLimitBytes + 1, ' ')],
        ['a bare NUL byte', Buffer.from([0x7b, 0x00, 0x7d])],
      ];
      for (const [label, body] of wholeBodies) probes.push(probe(`body: ${label}`, { body }));
    } else if (!isMultipart && ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())) {
      probes.push(probe('an unexpected JSON body', { contentType: 'application/json', body: toJson({ zzUnknown: nested(30) }) }));
    }
    if (isMultipart) {
      const fileField: Part = { name: 'file', data: sampleFiles.pdf(randomUUID()), filename: 'fuzz.pdf', contentType: 'application/pdf' };
      const forms: [string, Part[]][] = [
        ['a NUL byte in a field', [{ name: 'cycleYear', value: '1\u0000' }, { name: 'effectiveDate', value: '2026-01-14' }, fileField]],
        ['huge digits in a field', [{ name: 'cycleYear', value: HUGE_DIGITS }, { name: 'effectiveDate', value: '2026-01-14' }, fileField]],
        ['an unknown field', [{ name: 'zzUnknown', value: 'x' }, fileField]],
        ['a control character in the file name', [...uploadFields(), { ...fileField, filename: 'a\u0001b.pdf' }]],
        ['a field over its limit', [{ name: 'description', value: 'x'.repeat(20_000) }, fileField]],
        ['no file', uploadFields()],
        ['an empty file', [...uploadFields(), { ...fileField, data: Buffer.alloc(0) }]],
      ];
      for (const [label, parts] of forms) {
        const { body, contentType } = multipart(parts);
        probes.push(probe(`multipart: ${label}`, { contentType, body }));
      }
      probes.push(probe('multipart: a JSON body instead', { contentType: 'application/json', body: '{"cycleYear":1}' }));
      probes.push(probe('multipart: a broken boundary', { contentType: 'multipart/form-data; boundary=abc', body: '--abc\r\nContent-Disposition: form-data; name="x"\r\n\r\n' }));
      probes.push(probe('multipart: a bad Idempotency-Key', { headers: { 'Idempotency-Key': 'bad key with spaces' }, ...(() => { const m = multipart([...uploadFields(), fileField]); return { contentType: m.contentType, body: m.body }; })() }));
    }
    return probes;
  }

  it('answers every hostile request with less than 500, then verifies the audit chain', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, op } of operations) {
      // A fresh session per operation: one that signs out or changes a password must not blind the rest.
      const token = await insertSession(t.dataSource, adminId);
      for (const p of probesOf(path, method, op)) {
        let req = request(base)[p.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](p.path).set(bearer(token)).set(p.headers ?? {});
        if (p.contentType) req = req.set('Content-Type', p.contentType);
        const res = await (p.body !== undefined ? req.send(p.body) : req).ok(() => true);
        sent++;
        if (res.status >= 500) failures.push(`${p.operation} [${p.variant}] -> ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(2000);

    const admin = bearer(await insertSession(t.dataSource, adminId));
    const verified = await request(base).get('/api/audit/verify').set(admin).expect(200);
    expect(verified.body).toMatchObject({ intact: true, firstBrokenId: null });
    expect(verified.body.checked).toBeGreaterThan(0);
    await request(base).get('/health').expect(200);
  }, 300_000);
});
