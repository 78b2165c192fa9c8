import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import type { ProofStorageDriver } from '../../src/kernel/proof-storage-drivers';
import { PROOF_STORAGE, ProofStorage } from '../../src/proofs/storage/proof-storage';
import { S3ProofStorage } from '../../src/proofs/storage/s3-proof-storage';
import { createTestBucket, s3Overrides } from './s3';
import type { TestApp } from './test-app';
import { programIdOf } from './programs';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Small but real files: enough for file-type to recognise them from their bytes. */
export const sampleFiles = {
  pdf: (text = 'Annual review of the written directive system'): Buffer =>
    Buffer.from(
      `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    ),
  /** The PNG signature, an IHDR chunk (1x1, RGBA) and IEND. */
  png: (): Buffer => {
    const chunk = (type: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
      return out;
    };
    const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IEND', Buffer.alloc(0))]);
  },
  /** SOI, a JFIF APP0 segment, EOI. */
  jpeg: (): Buffer =>
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  /** A Word document: a ZIP whose [Content_Types].xml names the WordprocessingML main part. */
  docx: (): Buffer =>
    zip([
      [
        '[Content_Types].xml',
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ],
      ['word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'],
    ]),
  /** A plain ZIP archive (no [Content_Types].xml). */
  zip: (): Buffer => zip([['notes.txt', 'not an office document']]),
  /** A Windows executable's first bytes (MZ header). */
  exe: (): Buffer => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90), Buffer.from('This program cannot be run in DOS mode.')]),
};

/** A ZIP of stored (uncompressed) entries, written by hand. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let catalogue: Promise<{ manualId: string; sectionId: string }> | undefined;
let databaseOfCatalogue: DataSource | undefined;
let standardCounter = 0;

/** One manual, chapter and section per database for the standards these tests make. */
function testCatalogue(ds: DataSource): Promise<{ manualId: string; sectionId: string }> {
  if (databaseOfCatalogue !== ds || !catalogue) {
    databaseOfCatalogue = ds;
    catalogue = (async () => {
      const [manual]: { id: string }[] = await ds.query(
        `INSERT INTO manual (program, program_id, edition, version, name, effective_date, content_sha256, imported_at, published_at)
         VALUES ('Law Enforcement', $2, '6th', $1, 'Proof tests manual', '2022-03-01', repeat('0', 64), now(), now()) RETURNING id`,
        [`p-${randomBytes(4).toString('hex')}`, await programIdOf(ds)],
      );
      const [chapter]: { id: string }[] = await ds.query(`INSERT INTO manual_chapter (manual_id, number, title) VALUES ($1, 90, 'Proofs') RETURNING id`, [manual.id]);
      const [section]: { id: string }[] = await ds.query(
        `INSERT INTO manual_section (manual_id, chapter_id, number, title) VALUES ($1, $2, '90.1', 'Proof tests') RETURNING id`,
        [manual.id, chapter.id],
      );
      return { manualId: manual.id, sectionId: section.id };
    })();
  }
  return catalogue;
}

export interface StandardFileSpec {
  frequency?: string | null;
  bullets?: string[];
  assigneeUserId?: string | null;
}

/** A standard (in a test manual) and the department's file for it; returns the file's id. */
export async function insertStandardFile(ds: DataSource, departmentId: string, spec: StandardFileSpec = {}): Promise<string> {
  const { manualId, sectionId } = await testCatalogue(ds);
  const n = ++standardCounter;
  const number = `90.1.${n}`;
  const sortKey = `090.01.${String(n).padStart(3, '0')}`;
  const bullets = (spec.bullets ?? []).map((letter) => ({ letter, label: `Bullet ${letter}` }));
  const kinds = spec.frequency ? ['time_sensitive'] : ['written_directive'];
  const [standard]: { id: string }[] = await ds.query(
    `INSERT INTO standard (manual_id, section_id, chapter, number, sort_key, title, tier1, level_a, level_b, level_c, level_d, bullets, kinds, frequency)
     VALUES ($1, $2, 90, $3, $4, $5, true, 'M', 'M', 'M', 'M', $6, $7, $8) RETURNING id`,
    [manualId, sectionId, number, sortKey, `Proof test standard ${n}`, JSON.stringify(bullets), kinds, spec.frequency ?? null],
  );
  // A frequency is one required activity, as the StandardActivities migration gives existing standards.
  if (spec.frequency) {
    await ds.query(`INSERT INTO activity (standard_id, position, key, name, frequency) VALUES ($1, 0, 'required-activity', 'Required activity', $2)`, [
      standard.id,
      spec.frequency,
    ]);
  }
  const [file]: { id: string }[] = await ds.query(
    `INSERT INTO standard_file (department_id, enrolment_id, standard_id, standard_number, sort_key, level, in_scope, assignee_user_id, version)
     VALUES ($1, (SELECT e.id FROM enrolment e WHERE e.department_id = $1 AND e."primary"), $2, $3, $4, 'M', true, $5, 1) RETURNING id`,
    [departmentId, standard.id, number, sortKey, spec.assigneeUserId ?? null],
  );
  return file.id;
}

/**
 * A proof filed straight through the storage driver and SQL (set-up for tests of other routes):
 * returns the proof's and the filing's ids.
 */
export async function insertProof(
  t: TestApp,
  spec: { departmentId: string; fileId: string; bytes?: Buffer; createdByUserId?: string | null; cycleYear?: number; effectiveDate?: string; cycleStartsOn?: string },
): Promise<{ proofId: string; linkId: string; sha256: string }> {
  const storage = t.app.get<ProofStorage>(PROOF_STORAGE);
  const stored = await storage.put(Readable.from([spec.bytes ?? sampleFiles.pdf(randomBytes(8).toString('hex'))]), { maxBytes: 1 << 20 });
  await t.dataSource.query(
    `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, $2, 'application/pdf', $3) ON CONFLICT DO NOTHING`,
    [stored.sha256, stored.size, stored.key],
  );
  const [proof]: { id: string }[] = await t.dataSource.query(
    `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date, uploaded_by_user_id)
     VALUES ($1, $2, 'evidence.pdf', 'document', $4, $3) RETURNING id`,
    [spec.departmentId, stored.sha256, spec.createdByUserId ?? null, spec.effectiveDate ?? '2026-01-15'],
  );
  const [link]: { id: string }[] = await t.dataSource.query(
    `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, created_by_user_id, version, activity_key)
     VALUES ($1, $2, $5, $3, $4, 1, COALESCE((SELECT a.key FROM standard_file f JOIN activity a ON a.standard_id = f.standard_id WHERE f.id = $2 ORDER BY a.position LIMIT 1), '')) RETURNING id`,
    [proof.id, spec.fileId, spec.cycleYear ?? 1, spec.createdByUserId ?? null, spec.cycleStartsOn ?? '2026-01-01'],
  );
  return { proofId: proof.id, linkId: link.id, sha256: stored.sha256 };
}

/** Every file under the proof storage folder ($DATA_DIR/proofs), temp files included. */
/**
 * What the storage holds, driver-neutral, as the local driver's paths under $DATA_DIR/proofs:
 * tmp/<uuid>.part (staging, on local disk for both drivers), objects/ab/cd/<sha256>, orphans/...
 * With the s3 driver, the bucket's keys stand for the files, and each multipart upload still
 * open shows as uploads/<key> (a crashed upload must leave none once swept).
 */
export async function storedFiles(t: TestApp): Promise<string[]> {
  const root = join(t.config.dataDir, 'proofs');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const local = entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
  if (t.config.proofStorageDriver === 'local') return local.sort();
  const bucket = t.app.get<ProofStorage>(PROOF_STORAGE) as S3ProofStorage;
  const keys: string[] = [];
  for await (const object of bucket.bucket.list('')) keys.push(object.key);
  for await (const upload of bucket.bucket.openUploads('')) keys.push(`uploads/${upload.key}`);
  return [...local.filter((path) => path.startsWith('tmp/')), ...keys].sort();
}

/** The bytes stored under `key` (a content address), read through the application's driver. */
export async function readStored(t: TestApp, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await t.app.get<ProofStorage>(PROOF_STORAGE).open(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Removes the object under `key` behind the application's back (damage from outside). */
export async function removeStored(t: TestApp, key: string): Promise<void> {
  const storage = t.app.get<ProofStorage>(PROOF_STORAGE);
  if (storage instanceof S3ProofStorage) await storage.bucket.delete(key);
  else await rm(join(t.config.dataDir, 'proofs', key));
}

/** AppConfig overrides that run the application on `driver`: nothing for local, a bucket of its own for s3. */
export async function driverOverrides(driver: ProofStorageDriver): Promise<Partial<AppConfig>> {
  if (driver === 'local') return {};
  const bucket = await createTestBucket();
  bucket.destroy(); // The application makes its own client from the config.
  return s3Overrides(bucket);
}

export interface ProofState {
  proof: number;
  proof_link: number;
  stored_object: number;
  audit_event: number;
  files: string[];
}

/** What a refused request must leave untouched: the proof tables and the storage folder. */
export async function proofState(t: TestApp): Promise<ProofState> {
  const [counts]: Omit<ProofState, 'files'>[] = await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM proof) AS proof, (SELECT count(*)::int FROM proof_link) AS proof_link,
            (SELECT count(*)::int FROM stored_object) AS stored_object, (SELECT count(*)::int FROM audit_event) AS audit_event`,
  );
  return { ...counts, files: await storedFiles(t) };
}

/**
 * A day shortly before the real today (UTC), for uploads in tests that run on the real clock: the
 * effective date decides a proof's cycle year, so a fixed date would drift out of the kept cycles.
 */
export function recentDay(daysAgo = 10): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
