import { createHash } from 'node:crypto';
import request from 'supertest';
import { DEMO_PASSWORD, SAMPLE_MANUAL, SAMPLE_STATE_PROGRAM } from '../src/sample-data/footprint';
import { bearer, signIn } from './support/fixtures';
import { withClient } from './support/global-setup';
import { createTestDatabase, requiredEnv, startTestApp, TestDatabase } from './support/test-app';

describe('first start', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('on the embedded database: creates an admin, the footprint departments and one demo user per role, once', async () => {
    const options = { databaseIsEmbedded: true, seedSampleData: true, adminEmail: 'chief.admin@example.org', adminPassword: 'installation passphrase' };
    const first = await startTestApp(database.url, options);
    try {
      await signIn(first, 'chief.admin@example.org', 'installation passphrase');
      const manager = await signIn(first, 'manager@demo.calea.local', DEMO_PASSWORD);
      const departments = await request(first.server).get('/api/departments').set(bearer(manager)).expect(200);
      expect(departments.body.map((d: { name: string }) => d.name)).toEqual(['Normandy Police Department', 'North County Police Cooperative']);
      for (const email of ['admin@demo.calea.local', 'member@demo.calea.local', 'chief@demo.calea.local', 'assessor@demo.calea.local']) {
        await signIn(first, email, DEMO_PASSWORD);
      }
      const manuals = await request(first.server).get('/api/manuals').set(bearer(manager)).expect(200);
      expect(manuals.body).toEqual([
        expect.objectContaining({ name: SAMPLE_MANUAL.name, version: 'sample', standardCount: 34 }),
        expect.objectContaining({ name: SAMPLE_STATE_PROGRAM.manual.name, program: SAMPLE_STATE_PROGRAM.name, standardCount: 13, status: 'published' }),
      ]);
      const timeSensitive = await request(first.server).get(`/api/manuals/${manuals.body[0].id}/standards?kind=time_sensitive`).set(bearer(manager)).expect(200);
      expect(timeSensitive.body.items.map((s: { number: string }) => s.number)).toEqual(['1.2.9', '4.2.4', '4.2.5']);
      const normandy = departments.body.find((d: { name: string }) => d.name === 'Normandy Police Department');
      expect(normandy.manual).toMatchObject({ id: manuals.body[0].id });
      const files = await request(first.server).get(`/api/departments/${normandy.id}/files?enrolmentId=${normandy.enrolments[0].id}`).set(bearer(manager)).expect(200);
      expect(files.body.total).toBe(17);
      // Normandy PD is also in the synthetic state program: its second enrolment, with the program's 13 files.
      expect(normandy.enrolments.map((e: { programName: string; primary: boolean; sampleProgram: boolean; accreditationStatus: string }) => [e.programName, e.primary, e.sampleProgram, e.accreditationStatus])).toEqual([
        ['Law Enforcement', true, false, 'working_toward'],
        [SAMPLE_STATE_PROGRAM.name, false, true, 'accredited'],
      ]);
      const stateFiles = await request(first.server).get(`/api/departments/${normandy.id}/files?enrolmentId=${normandy.enrolments[1].id}`).set(bearer(manager)).expect(200);
      expect(stateFiles.body.total).toBe(13);
      const program = (await request(first.server).get(`/api/programs/${normandy.enrolments[1].programId}`).set(bearer(manager)).expect(200)).body;
      expect(program).toMatchObject({ sample: true, hasTiers: false, hasSizeClasses: false });
      const assessor = await signIn(first, 'assessor@demo.calea.local', DEMO_PASSWORD);
      const visible = await request(first.server).get('/api/departments').set(bearer(assessor)).expect(200);
      expect(visible.body).toHaveLength(2);
    } finally {
      await first.close();
    }
    const again = await startTestApp(database.url, options);
    try {
      const [{ departments, users, admins }] = await again.dataSource.query(
        `SELECT (SELECT count(*)::int FROM department) AS departments, (SELECT count(*)::int FROM app_user) AS users,
                (SELECT count(*)::int FROM app_user WHERE is_admin) AS admins`,
      );
      expect({ departments, users, admins }).toEqual({ departments: 3, users: 6, admins: 2 });
      const [{ count }] = await again.dataSource.query(`SELECT count(*)::int AS count FROM audit_event WHERE action = 'sample-data.loaded'`);
      expect(count).toBe(1);
      const [{ manuals, enrolments }] = await again.dataSource.query('SELECT (SELECT count(*)::int FROM manual) AS manuals, (SELECT count(*)::int FROM enrolment) AS enrolments');
      expect({ manuals, enrolments }).toEqual({ manuals: 2, enrolments: 4 });
    } finally {
      await again.close();
    }
  });

  it('on the embedded database: the accredited departments come with file work and proofs whose bytes download; the one working toward accreditation is left to try', async () => {
    const t = await startTestApp(database.url, { databaseIsEmbedded: true, seedSampleData: true });
    try {
      const admin = await signIn(t, 'admin@demo.calea.local', DEMO_PASSWORD);
      const footprint = await request(t.server).get('/api/readiness').set(bearer(admin)).expect(200);
      const byName = new Map(footprint.body.departments.map((d: { departmentName: string }) => [d.departmentName, d]));
      for (const name of ['North County Police Cooperative', 'Pagedale Police Department']) {
        const d = byName.get(name) as { mandatory: { compliant: number; applicable: number }; proofsAwaitingReview: number };
        // Not every department at 0%: work recorded, with proofs, some awaiting review.
        expect(d.mandatory.compliant).toBeGreaterThan(0);
        expect(d.proofsAwaitingReview).toBeGreaterThan(0);
      }
      const normandy = byName.get('Normandy Police Department') as { mandatory: { compliant: number } };
      expect(normandy.mandatory.compliant).toBe(0);
      // Its CALEA files are left to try; its state program's (an award behind it) have their work.
      const worked: { primary: boolean; n: number }[] = await t.dataSource.query(
        `SELECT e."primary", count(*)::int AS n FROM standard_file f JOIN department d ON d.id = f.department_id JOIN enrolment e ON e.id = f.enrolment_id
          WHERE d.name = 'Normandy Police Department' AND (f.result <> 'not_assessed' OR EXISTS (SELECT 1 FROM proof_link l WHERE l.standard_file_id = f.id))
          GROUP BY 1 ORDER BY 1`,
      );
      expect(worked).toEqual([{ primary: false, n: expect.any(Number) }]);
      expect(worked[0].n).toBeGreaterThan(5);

      // Every sample proof has its bytes stored: each downloads as a PDF whose SHA-256 is the recorded one.
      const proofs: { id: string; sha256: string }[] = await t.dataSource.query(`SELECT id, sha256 FROM proof ORDER BY effective_date, id`);
      expect(proofs.length).toBeGreaterThan(10);
      for (const proof of [proofs[0], proofs[Math.floor(proofs.length / 2)], proofs[proofs.length - 1]]) {
        const res = await request(t.server).get(`/api/proofs/${proof.id}/content`).set(bearer(admin)).buffer(true).parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        }).expect(200);
        const body = res.body as Buffer;
        expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(createHash('sha256').update(body).digest('hex')).toBe(proof.sha256);
        expect(body.toString('latin1')).toContain('SAMPLE DATA');
      }
      const [event] = await t.dataSource.query(`SELECT after FROM audit_event WHERE action = 'sample-data.loaded'`);
      expect(event.after.sampleWork).toMatchObject({ departments: ['Normandy Police Department', 'North County Police Cooperative', 'Pagedale Police Department'], proofs: proofs.length });
    } finally {
      await t.close();
    }
  });

  it('on an external database: an administrator with a generated password, and no sample data', async () => {
    const app = await startTestApp(database.url, { databaseIsEmbedded: false, seedSampleData: true, adminEmail: undefined, adminPassword: undefined });
    try {
      const rows: { email: string; is_admin: boolean; password_hash: string }[] = await app.dataSource.query('SELECT email, is_admin, password_hash FROM app_user');
      expect(rows).toEqual([{ email: 'admin@calea-tracker.local', is_admin: true, password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
      const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM department');
      expect(count).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('refuses an ADMIN_PASSWORD that breaks the password rules, and leaves no connection open', async () => {
    await expect(startTestApp(database.url, { adminEmail: 'boss@example.org', adminPassword: 'boss@example.org-pw' })).rejects.toThrow(
      /ADMIN_PASSWORD \(for boss@example.org\) must not contain your email address/,
    );
    const sessions = await withClient(requiredEnv('TEST_ADMIN_DATABASE_URL'), (client) =>
      client.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE datname = $1', [database.name]),
    );
    expect(Number(sessions.rows[0].count)).toBe(0);
  });
});
