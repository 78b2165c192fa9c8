import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SignOffCanonicalSnapshot1796480000000 } from '../migrations/1796480000000-SignOffCanonicalSnapshot';
import { Enrolments1796566400000 } from '../migrations/1796566400000-Enrolments';
import { canonicalJson } from '../src/common/canonical-json/canonical-json';
import { FixedClock } from '../src/common/clock';
import type { Level, ParsedStandard } from '../src/kernel/standard-types';
import { generateSyntheticManual, syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { auditActions, bearer, insertDepartment, insertSession, insertUser, lastAuditId, setProfile } from './support/fixtures';
import { flatText, pageToPng, pdfText } from '../src/reports/testing/pdf-inspect';
import { createTestApp, TestApp } from './support/test-app';
import { flashOf, getPage, postForm, signInThroughPage } from './web/support/page-session';
import { binary } from './support/binary-body';

/** Chapter 1 of the synthetic manual, Tier 1, no time-sensitive standard; 1.1.2 other-than-mandatory. */
function smallManual(): ParsedStandard[] {
  return generateSyntheticManual()
    .filter((s) => s.chapter === 1)
    .map((s) => {
      const level: Level = s.number === '1.1.2' ? 'O' : 'M';
      return { ...s, tier1: true, levels: { A: level, B: level, C: level, D: level }, kinds: ['written_directive'], frequency: null, linkedNumbers: [] };
    });
}

/** The same value with every object's members inserted in reverse order. */
const reversedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversedKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]))
      : value;


const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sign-offs: canonical snapshot whose SHA-256 anyone can recompute; a not-ready sign-off needs an acknowledgement', () => {
  let t: TestApp;
  let admin: string;
  let chief: string;
  let departmentId: string;
  // In cycle year 1 (award 2026-01-15): no cycle year has ended, so a compliant result counts without proofs yet.
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  const signOffs = (): string => `/api/departments/${departmentId}/readiness/sign-offs`;
  const count = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM readiness_sign_off'))[0].n;
  const setResult = (result: string) => t.dataSource.query(`UPDATE standard_file SET result = $2 WHERE department_id = $1`, [departmentId, result]);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentId = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, departmentId, { awardDate: '2026-01-15', swornOfficers: 30 });
    admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId, role: 'chief' }] }));
    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const manualId = (await req.attach('file', Buffer.from(syntheticManualCsv(smallManual())), 'manual.csv').expect(201)).body.manual.id;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
  });
  afterAll(() => t.close());

  it('refuses a not-ready sign-off without the acknowledgement (422 naming what is not ready) and writes nothing', async () => {
    const readiness = (await request(t.server).get(`/api/departments/${departmentId}/readiness`).set(bearer(chief)).expect(200)).body;
    expect(readiness.verdict.meetsRule).toBe(false);
    const since = await lastAuditId(t.dataSource);
    for (const body of [{}, { acknowledgeNotReady: false }, { note: 'Signed anyway.' }]) {
      const res = await request(t.server).post(signOffs()).set(bearer(chief)).send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 422,
        type: expect.stringContaining('sign-off-not-ready'),
        detail: expect.stringContaining(`${readiness.verdict.mandatoryMissing} mandatory standards do not count as compliant`),
        notReady: expect.arrayContaining([expect.stringContaining('mandatory')]),
        errors: [{ field: 'acknowledgeNotReady', message: expect.stringContaining('must be true') }],
      });
    }
    await request(t.server).post(signOffs()).set(bearer(chief)).send({ acknowledgeNotReady: 'yes' }).expect(400);
    expect(await count()).toBe(0);
    expect(await auditActions(t.dataSource, since)).toEqual([]);
  });

  it('signs a not-ready snapshot with the acknowledgement, recorded in the snapshot and the audit trail', async () => {
    const since = await lastAuditId(t.dataSource);
    const res = await request(t.server).post(signOffs()).set(bearer(chief)).send({ note: 'Signed before the annual review.', acknowledgeNotReady: true }).expect(201);
    expect(res.body).toMatchObject({ meetsRule: false, acknowledgedNotReady: true, snapshotFormat: 'rfc8785', note: 'Signed before the annual review.' });
    const snapshot = JSON.parse(res.body.signedSnapshot);
    expect(snapshot).toMatchObject({ acknowledgedNotReady: true, departmentId, note: 'Signed before the annual review.', signedAt: '2026-06-10T15:00:00.000Z' });
    expect(snapshot.signedBy).toMatchObject({ email: 'chief@example.org', name: 'Chief Ellis', role: 'chief' });
    expect(await auditActions(t.dataSource, since)).toEqual(['readiness.signed-off']);
    const [audit] = await t.dataSource.query(`SELECT after FROM audit_event WHERE action = 'readiness.signed-off' AND entity_id = $1`, [res.body.id]);
    expect(audit.after).toMatchObject({ sha256: res.body.sha256, acknowledgedNotReady: true, snapshotFormat: 'rfc8785', notReady: expect.arrayContaining([expect.any(String)]) });
  });

  it('signs a plainly ready snapshot with no acknowledgement, and records that none was needed', async () => {
    await setResult('compliant');
    const res = await request(t.server).post(signOffs()).set(bearer(chief)).send({}).expect(201);
    expect(res.body).toMatchObject({ meetsRule: true, acknowledgedNotReady: false, snapshotFormat: 'rfc8785' });
    // Sending the acknowledgement when ready changes nothing: it records only what was acknowledged.
    const again = await request(t.server).post(signOffs()).set(bearer(admin)).send({ acknowledgeNotReady: true }).expect(201);
    expect(again.body).toMatchObject({ meetsRule: true, acknowledgedNotReady: false });
  });

  it("lets anyone recompute a sign-off's SHA-256 from the API's answer alone", async () => {
    const list = (await request(t.server).get(signOffs()).set(bearer(chief)).expect(200)).body as { id: string; sha256: string }[];
    expect(list).toHaveLength(3);
    for (const { id, sha256: listed } of list) {
      // Only the answer's text: no database, no service code.
      const raw = (await request(t.server).get(`${signOffs()}/${id}`).set(bearer(chief)).expect(200)).text;
      const answer = JSON.parse(raw) as { sha256: string; signedSnapshot: string; readiness: unknown; snapshotFormat: string };
      expect(sha256(answer.signedSnapshot)).toBe(answer.sha256);
      expect(answer.sha256).toBe(listed);
      // The signed text is canonical JSON (RFC 8785) of the snapshot, whose readiness is the one returned.
      const snapshot = JSON.parse(answer.signedSnapshot) as { readiness: unknown };
      expect(canonicalJson(snapshot)).toBe(answer.signedSnapshot);
      expect(snapshot.readiness).toEqual(answer.readiness);
      // Canonicalising the snapshot object again gives the same hash, whatever its key order.
      expect(sha256(canonicalJson(reversedKeys(snapshot)))).toBe(answer.sha256);
    }
    // And the database keeps exactly those bytes.
    const rows: { ok: boolean }[] = await t.dataSource.query(`SELECT encode(sha256(convert_to(snapshot_canonical, 'UTF8')), 'hex') = readiness_sha256 AS ok FROM readiness_sign_off`);
    expect(rows.map((r) => r.ok)).toEqual([true, true, true]);
  });

  it('shows the full hash and the acknowledgement on the department page, and the checkbox only when not ready', async () => {
    const [latest] = (await request(t.server).get(signOffs()).set(bearer(chief)).expect(200)).body;
    const session = await signInThroughPage(t, 'chief@example.org');
    const ready = await getPage(t, session, `/department/${departmentId}`).expect(200);
    expect(ready.text).toContain(latest.sha256);
    expect(ready.text).toContain('signed acknowledging not ready');
    expect(ready.text).not.toContain('name="acknowledgeNotReady"');

    await setResult('not_assessed');
    const notReady = await getPage(t, session, `/department/${departmentId}`).expect(200);
    expect(notReady.text).toContain('name="acknowledgeNotReady"');
    expect(notReady.text).toContain('The department is not ready');
    const before = await count();
    const refused = await postForm(t, session, `/department/${departmentId}/sign-off`, { note: '' }, `/department/${departmentId}`).expect(303);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 422 });
    expect(await count()).toBe(before);
    clock.set(new Date('2026-06-10T16:00:00Z')); // the latest sign-off, whatever the ids of the earlier ones
    const signed = await postForm(t, session, `/department/${departmentId}/sign-off`, { note: '', acknowledgeNotReady: 'true' }, `/department/${departmentId}`).expect(303);
    expect(flashOf(signed)).toMatchObject({ kind: 'success', message: expect.stringContaining('acknowledgement that it is not ready') });
    expect(await count()).toBe(before + 1);
  });

  it("prints the latest sign-off's SHA-256 on the readiness report's signature page", async () => {
    const [latest] = (await request(t.server).get(signOffs()).set(bearer(chief)).expect(200)).body;
    expect(latest).toMatchObject({ signedByName: 'Chief Ellis', acknowledgedNotReady: true, signedAt: '2026-06-10T16:00:00.000Z' });
    const report = (await request(t.server).post(`/api/departments/${departmentId}/reports`).set(bearer(chief)).send({ kind: 'readiness' }).expect(201)).body;
    const bytes = (await request(t.server).get(report.contentUrl).set(bearer(chief)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const dir = await mkdtemp(join(tmpdir(), 'sign-off-report-'));
    try {
      const path = join(dir, 'readiness.pdf');
      await writeFile(path, bytes);
      const pages = (await pdfText(path)).split('\f');
      const signaturePage = flatText(pages[report.pages - 1]);
      expect(signaturePage).toContain('Latest sign-off in the tracker');
      expect(signaturePage).toContain(latest.sha256);
      expect(signaturePage).toContain('Signed off by Chief Ellis');
      expect(signaturePage).toContain('with the acknowledgement that it was not ready');
      if (process.env.SIGN_OFF_PNG) await pageToPng(path, report.pages, 80, process.env.SIGN_OFF_PNG);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps sign-offs made before canonical snapshots verifiable: marked legacy by the migration, in the audit trail', async () => {
    // A throwaway department whose old-style sign-off is written exactly as the code before the migration did.
    const runner = t.dataSource.createQueryRunner();
    const migration = new SignOffCanonicalSnapshot1796480000000();
    try {
      await expect(migration.down(runner)).rejects.toThrow(/RFC 8785 canonical JSON/);
      await runner.startTransaction();
      await runner.query(`ALTER TABLE readiness_sign_off DISABLE TRIGGER readiness_sign_off_no_truncate`);
      // Only inside this rolled-back transaction: set the canonical rows aside so the migration can be reverted and replayed.
      await runner.query(`ALTER TABLE readiness_sign_off DISABLE TRIGGER readiness_sign_off_immutable`);
      await runner.query(`DELETE FROM readiness_sign_off`);
      await runner.query(`ALTER TABLE readiness_sign_off ENABLE TRIGGER readiness_sign_off_immutable`);
      // The schema of then: before enrolments (rolled back with the rest below).
      await new Enrolments1796566400000().down(runner);
      await migration.down(runner);
      const readiness = { verdict: { meetsRule: false, summary: 'Not ready' }, departmentName: 'Pagedale Police Department', percent: 33.3 };
      const [legacy] = await runner.query(
        `INSERT INTO readiness_sign_off (department_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, note, readiness, readiness_sha256)
         SELECT $1, id, email, 'Chief Ellis', 'chief', now(), NULL, $2::jsonb, encode(sha256(convert_to($2::jsonb::text, 'UTF8')), 'hex') FROM app_user WHERE email = 'chief@example.org'
         RETURNING id, readiness_sha256`,
        [departmentId, JSON.stringify(readiness)],
      );
      await migration.up(runner);
      const [row] = await runner.query(`SELECT snapshot_format, snapshot_canonical, readiness::text AS text FROM readiness_sign_off WHERE id = $1`, [legacy.id]);
      expect(row).toMatchObject({ snapshot_format: 'legacy-pg-jsonb', snapshot_canonical: null });
      // PostgreSQL's text differs from the JSON sent (key order, spacing), and still gives the old hash.
      expect(row.text).not.toBe(JSON.stringify(readiness));
      expect(sha256(row.text)).toBe(legacy.readiness_sha256);
      const [event] = await runner.query(`SELECT actor_role, actor_user_id, department_id, after FROM audit_event WHERE action = 'readiness.sign-off-format-marked' AND entity_id = $1`, [legacy.id]);
      expect(event).toMatchObject({ actor_role: 'system', actor_user_id: null, department_id: departmentId });
      expect(event.after).toMatchObject({ snapshotFormat: 'legacy-pg-jsonb', sha256: legacy.readiness_sha256, hashStillMatches: true });
      await expect(runner.query(`INSERT INTO readiness_sign_off (department_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, readiness, readiness_sha256, snapshot_format)
        SELECT $1, id, email, 'x', 'chief', now(), '{}', repeat('0', 64), 'rfc8785' FROM app_user WHERE email = 'chief@example.org'`, [departmentId])).rejects.toThrow(/snapshot_format_check/);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
