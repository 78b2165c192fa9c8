import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { contentAddress } from '../src/proofs/storage/proof-storage';
import { reportTemplatesDir } from '../src/reports/report-template';
import { flatText, pdfText, qpdfCheck } from '../src/reports/testing/pdf-inspect';
import { readZip, ZipEntry } from '../src/reports/testing/zip-reader';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, setProfile } from './support/fixtures';
import { PROOF_STORAGE_DRIVERS } from '../src/kernel/proof-storage-drivers';
import { driverOverrides, readStored, sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The proof binder, unzipped in the test (yauzl, every entry checked against its CRC-32 and sizes,
 * as `unzip -t` does): the folder layout, the manifest's hashes against the stored bytes and the
 * bytes in the ZIP, the file review inside, the audit event, access, and the temporary file gone.
 */

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const NOW = new Date('2026-06-10T15:00:00Z');

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

interface ManifestRow {
  path: string | null;
  sha256: string;
  sizeBytes: number;
  fileName: string;
  chapter: number;
  standard: string;
  cycleYear: number;
  effectiveDate: string;
  kind: string;
  reviewState: string;
  reviewer: string | null;
  proofId: string;
  filingId: string;
  inZip: boolean;
}

const waitFor = async (condition: () => Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(PROOF_STORAGE_DRIVERS)('proof binder (%s driver): a streamed ZIP an assessor checks offline', (driver) => {
  let t: TestApp;
  let dir: string;
  const clock = new FixedClock(NOW);
  let department: string;
  let other: string;
  const tokens = {} as Record<'manager' | 'chief' | 'member' | 'assessor' | 'managerB', string>;
  const files: Record<string, string> = {};
  let missingSha: string;

  let zipBytes: Buffer;
  let response: request.Response;
  let entries: Map<string, ZipEntry>;
  let manifest: { fileReview: { path: string; sha256: string; pages: number }; proofs: ManifestRow[]; proofCount: number; missingCount: number };

  const upload = async (standard: string, cycleYear: number, effectiveDate: string, fileName: string, bytes: Buffer, contentType = 'application/pdf') => {
    // A standard with several activities (1.2.9 in the sample manual) needs the one the proof meets: its first.
    const activities = await t.dataSource.query<{ id: string }[]>(
      'SELECT a.id FROM activity a JOIN standard_file f ON f.standard_id = a.standard_id WHERE f.id = $1 ORDER BY a.position',
      [files[standard]],
    );
    let req = request(t.server)
      .post(`/api/files/${files[standard]}/proofs`)
      .set(bearer(tokens.manager));
    if (activities.length > 1) req = req.field('activityId', activities[0].id);
    const res = await req
      .field('cycleYear', String(cycleYear))
      .field('effectiveDate', effectiveDate)
      .field('kind', 'document')
      .attach('file', bytes, { filename: fileName, contentType });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number; proof: { id: string; sha256: string; fileName: string } };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calea-binder-e2e-'));
    t = await createTestApp(await driverOverrides(driver), clock);
    const ds = t.dataSource;
    department = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    other = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    await setProfile(ds, department, { swornOfficers: 30, awardDate: '2023-03-01' });
    const admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    tokens.manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', displayName: 'Morgan Manager', memberships: [{ departmentId: department, role: 'manager' }] }));
    tokens.chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId: department, role: 'chief' }] }));
    tokens.member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId: department, role: 'member' }] }));
    const assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Pat Assessor' });
    await insertGrant(ds, assessor, [department], '2026-06-01', '2026-06-30');
    tokens.assessor = await insertSession(ds, assessor);
    tokens.managerB = await insertSession(ds, await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: other, role: 'manager' }] }));

    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const csv = await readFile(join(reportTemplatesDir(), '..', 'sample-manual.csv'));
    const manualId = (await req.attach('file', csv, 'sample-manual.csv').expect(201)).body.manual.id as string;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    await request(t.server).put(`/api/departments/${department}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
    for (const r of await ds.query<{ id: string; standard_number: string }[]>('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [department])) {
      files[r.standard_number] = r.id;
    }

    // Two different files of the same name in one folder; a hostile name; a PNG; a proof filed in two standards; a withdrawn filing.
    const first = await upload('1.1.1', 1, '2023-06-01', 'roster.pdf', sampleFiles.pdf('roster one'));
    await upload('1.1.1', 1, '2023-07-01', 'Roster.PDF', sampleFiles.pdf('roster two'));
    await upload('1.1.1', 4, '2026-04-14', '../../etc/Résumé — oath\u202Efdp.exe.pdf', sampleFiles.pdf('hostile'));
    await upload('4.1.1', 2, '2024-08-09', 'range-photo.png', sampleFiles.png(), 'image/png');
    const shared = await upload('1.2.9', 3, '2025-09-30', 'bias-analysis-2025.pdf', sampleFiles.pdf('annual bias analysis'));
    await request(t.server).post(`/api/files/${files['4.2.4']}/proofs/link`).set(bearer(tokens.manager)).send({ proofId: shared.proof.id, cycleYear: 3 }).expect(201);
    const withdrawn = await upload('12.2.1', 4, '2026-05-05', 'draft-directive.pdf', sampleFiles.pdf('draft'));
    await request(t.server).post(`/api/proof-links/${withdrawn.id}/withdraw`).set(bearer(tokens.manager)).send({ version: withdrawn.version, reason: 'Filed the draft by mistake' }).expect(200);
    await request(t.server).post(`/api/proof-links/${first.id}/accept`).set(bearer(tokens.manager)).send({ version: first.version }).expect(200);

    // A filing whose stored bytes are gone (a lost disk): listed in the manifest, not in the ZIP.
    missingSha = randomBytes(32).toString('hex');
    await ds.query(`INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, 10, 'application/pdf', $2)`, [missingSha, contentAddress(missingSha)]);
    const [proof] = await ds.query(`INSERT INTO proof (department_id, sha256, file_name, kind, effective_date) VALUES ($1, $2, 'lost.pdf', 'document', '2024-02-02') RETURNING id`, [department, missingSha]);
    await ds.query(`INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, version) VALUES ($1, $2, '2023-03-01', 1, 1)`, [proof.id, files['2.1.1']]);

    // The agency's own binder: every filing, whatever its review (an assessor's holds the accepted ones: see below).
    response = await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.chief)).buffer(true).parse(binary);
    zipBytes = response.body as Buffer;
    entries = new Map((await readZip(zipBytes)).map((e) => [e.name, e]));
    manifest = JSON.parse((entries.get('manifest.json') as ZipEntry).data.toString('utf8'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a ZIP as an attachment, without a Content-Length', () => {
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Normandy PD binder 2026-06-10.zip"; filename*=UTF-8''Normandy%20PD%20binder%202026-06-10.zip`);
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['transfer-encoding']).toBe('chunked');
  });

  it('lays the proofs out by chapter, standard and cycle year, under safe and unique names', () => {
    const names = [...entries.keys()];
    expect(names.slice(0, 5)).toEqual(['README.txt', 'manifest.csv', 'manifest.json', 'SHA256SUMS', 'File review.pdf']);
    const proofs = names.slice(5);
    expect(proofs).toEqual([
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 1 (2023-24)/roster.pdf',
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 1 (2023-24)/Roster (2).pdf',
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 4 (2026-27)/Résumé — oathfdp.exe.pdf',
      '01 Law Enforcement Role and Authority/1.2.9 Biased Policing/Year 3 (2025-26)/bias-analysis-2025.pdf',
      '04 Use of Force/4.1.1 Use of Reasonable Force/Year 2 (2024-25)/range-photo.png',
      '04 Use of Force/4.2.4 Analyze Reports from Use of Force/Year 3 (2025-26)/bias-analysis-2025.pdf',
      '12 Direction/12.2.1 The Written Directive System/Year 4 (2026-27)/draft-directive.pdf',
    ]);
    for (const name of proofs) {
      expect(name).toMatch(/^\d{2} [^/]+\/\d+\.\d+\.\d+ [^/]+\/Year [1-4] \(\d{4}-\d{2}\)\/[^/]+$/);
      expect(name).not.toMatch(/\.\.|\\|[\p{Cc}\u202a-\u202e]/u);
      expect(entries.get(name)?.method).toBe(0);
    }
    expect(entries.get('manifest.json')?.method).toBe(8);
  });

  it('lists every filing in the manifest, with hashes equal to the stored bytes and to the bytes in the ZIP', async () => {
    const rows: { link_id: string; sha256: string; storage_key: string }[] = await t.dataSource.query(
      `SELECT l.id AS link_id, p.sha256, o.storage_key FROM proof_link l JOIN proof p ON p.id = l.proof_id JOIN stored_object o ON o.sha256 = p.sha256
        JOIN standard_file f ON f.id = l.standard_file_id WHERE f.department_id = $1`,
      [department],
    );
    expect(manifest.proofCount).toBe(rows.length);
    expect(manifest.proofs.map((p) => p.filingId).sort()).toEqual(rows.map((r) => r.link_id).sort());
    for (const row of manifest.proofs.filter((p) => p.inZip)) {
      const db = rows.find((r) => r.link_id === row.filingId) as (typeof rows)[number];
      const stored = await readStored(t, db.storage_key);
      const inZip = (entries.get(row.path as string) as ZipEntry).data;
      expect(row.sha256).toBe(db.sha256);
      expect(sha256(stored)).toBe(row.sha256);
      expect(sha256(inZip)).toBe(row.sha256);
      expect(inZip.length).toBe(row.sizeBytes);
    }
  });

  it('marks the filing whose bytes are missing, and says so in the README', () => {
    expect(manifest.missingCount).toBe(1);
    const lost = manifest.proofs.find((p) => p.sha256 === missingSha) as ManifestRow;
    expect(lost).toMatchObject({ fileName: 'lost.pdf', path: null, inZip: false, standard: '2.1.1', cycleYear: 1 });
    expect((entries.get('README.txt') as ZipEntry).data.toString()).toContain('1 could not be included');
  });

  it('carries review states, reviewers, kinds and effective dates', () => {
    const byName = (name: string) => manifest.proofs.filter((p) => p.path?.endsWith(`/${name}`));
    expect(byName('roster.pdf')[0]).toMatchObject({ reviewState: 'accepted', reviewer: 'Morgan Manager', effectiveDate: '2023-06-01', kind: 'document', standard: '1.1.1', cycleYear: 1 });
    expect(byName('draft-directive.pdf')[0]).toMatchObject({ reviewState: 'withdrawn', reviewer: 'Morgan Manager' });
    expect(byName('bias-analysis-2025.pdf').map((p) => p.standard)).toEqual(['1.2.9', '4.2.4']);
    expect(new Set(byName('bias-analysis-2025.pdf').map((p) => p.proofId)).size).toBe(1);
  });

  it('has a CSV manifest saying the same as the JSON one', () => {
    const csv = (entries.get('manifest.csv') as ZipEntry).data.toString('utf8').replace(/^\uFEFF/, '');
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows.map((r) => [r.path, r.sha256, r.standard, r.cycle_year, r.effective_date, r.kind, r.review_state, r.in_zip])).toEqual(
      manifest.proofs.map((p) => [p.path ?? '', p.sha256, p.standard, String(p.cycleYear), p.effectiveDate, p.kind, p.reviewState, String(p.inZip)]),
    );
  });

  it('has a SHA256SUMS every line of which holds for the bytes in the ZIP', () => {
    const lines = (entries.get('SHA256SUMS') as ZipEntry).data.toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBe(4 + manifest.proofs.filter((p) => p.inZip).length);
    for (const line of lines) {
      const [, hash, path] = /^([0-9a-f]{64}) {2}(.+)$/.exec(line) as RegExpExecArray;
      expect(sha256((entries.get(path) as ZipEntry).data)).toBe(hash);
    }
  });

  it('holds the file review, freshly rendered, listing the same proofs', async () => {
    const pdf = (entries.get('File review.pdf') as ZipEntry).data;
    expect(sha256(pdf)).toBe(manifest.fileReview.sha256);
    const path = join(dir, 'binder-file-review.pdf');
    await writeFile(path, pdf);
    await qpdfCheck(path);
    const text = flatText(await pdfText(path));
    expect(text).toContain('Normandy Police Department');
    for (const p of manifest.proofs) expect(text).toContain(p.sha256.slice(0, 12));
    expect(text).toContain(`Page ${manifest.fileReview.pages} of ${manifest.fileReview.pages}`);
  });

  it('records the download in the audit trail with the SHA-256 of the file review and of the manifest', async () => {
    const [event]: { actor_email: string; department_id: string; after: { fileReview: { sha256: string }; manifestJsonSha256: string; proofs: number; missing: number } }[] =
      await t.dataSource.query(`SELECT actor_email, department_id, after FROM audit_event WHERE action = 'binder.downloaded'`);
    expect(event).toMatchObject({ actor_email: 'chief@example.org', department_id: department });
    expect(event.after.fileReview.sha256).toBe(manifest.fileReview.sha256);
    expect(event.after.manifestJsonSha256).toBe(sha256((entries.get('manifest.json') as ZipEntry).data));
    expect(event.after).toMatchObject({ proofs: manifest.proofCount, missing: 1 });
  });

  it("gives an assessor only the filings the agency accepted, in the ZIP, the manifest and the file review", async () => {
    const res = await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.assessor)).buffer(true).parse(binary).expect(200);
    const zip = new Map((await readZip(res.body as Buffer)).map((e) => [e.name, e]));
    const assessorManifest = JSON.parse((zip.get('manifest.json') as ZipEntry).data.toString('utf8')) as { proofs: ManifestRow[] };
    const accepted = manifest.proofs.filter((p) => p.reviewState === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThan(manifest.proofs.length);
    expect(assessorManifest.proofs.map((p) => p.filingId).sort()).toEqual(accepted.map((p) => p.filingId).sort());
    expect([...zip.keys()].filter((name) => name.endsWith('draft-directive.pdf') || name.endsWith('range-photo.png'))).toEqual([]);
  });

  it('removes its temporary file review once streamed', async () => {
    await waitFor(async () => (await readdir(join(t.config.dataDir, 'reports', 'tmp'))).length === 0, 'the temporary file review to go');
  });

  it('passes an integrity test of every entry read from the file (CRC-32 and sizes, as `unzip -t`), which lists the same entries', async () => {
    const path = join(dir, 'binder.zip');
    await writeFile(path, zipBytes);
    const tested = await readZip(path);
    expect(tested.map((e) => e.name)).toEqual([...entries.keys()]);
  });

  it('fails that test when a byte of a stored proof is flipped', async () => {
    const [name, entry] = [...entries].find(([, e]) => e.method === 0 && e.size > 100) as [string, ZipEntry];
    const start = zipBytes.indexOf(entry.data);
    expect(start).toBeGreaterThan(0);
    const corrupt = Buffer.from(zipBytes);
    corrupt[start + Math.floor(entry.size / 2)] ^= 0xff;
    const path = join(dir, 'binder-corrupt.zip');
    await writeFile(path, corrupt);
    await expect(readZip(path)).rejects.toThrow(`${name}: CRC-32 mismatch`);
  });

  it('lets chiefs in, refuses team members (403) and other departments (404)', async () => {
    await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.chief)).buffer(true).parse(binary).expect(200);
    await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.member)).expect(403);
    await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.managerB)).expect(404);
  });

  it('cleans up when the client goes away mid-download', async () => {
    const server: http.Server = t.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/api/departments/${department}/binder`, headers: bearer(tokens.manager) }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
      });
      await waitFor(async () => (await readdir(join(t.config.dataDir, 'reports', 'tmp'))).length === 0, 'the temporary file review to go');
      await request(t.server).get(`/api/departments/${department}/binder`).set(bearer(tokens.chief)).buffer(true).parse(binary).expect(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
