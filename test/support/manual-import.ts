import request from 'supertest';
import { bearer } from './fixtures';
import type { TestApp } from './test-app';

/**
 * Imports a manual CSV as CALEA's Law Enforcement 6th edition (or the program and edition given;
 * version and effective date as given), publishes it and has the department follow it (in its
 * enrolment in that program), all through the API as an administrator:
 * the set-up of tests that need a department with real files. Returns the manual's id.
 */
export async function followImportedManual(
  t: TestApp,
  adminToken: string,
  departmentId: string,
  csv: string | Buffer,
  manual: { version: string; effectiveDate: string; program?: string; edition?: string } = { version: '6.15', effectiveDate: '2022-03-01' },
): Promise<string> {
  const { id: manualId } = await publishImportedManual(t, adminToken, csv, { program: 'Law Enforcement', edition: '6th', ...manual });
  await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(adminToken)).send({ manualId }).expect(200);
  return manualId;
}

/** Imports a manual CSV under a program (made with CALEA's shape when the import names it first) and publishes it, as an administrator. */
export async function publishImportedManual(
  t: TestApp,
  adminToken: string,
  csv: string | Buffer,
  manual: { program: string; edition: string; version: string; effectiveDate: string },
): Promise<{ id: string; programId: string }> {
  let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
  for (const [name, value] of Object.entries(manual)) req = req.field(name, value);
  const imported = (await req.attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), 'manual.csv').expect(201)).body.manual as { id: string; programId: string };
  await request(t.server).post(`/api/manuals/${imported.id}/publish`).set(bearer(adminToken)).expect(200);
  return { id: imported.id, programId: imported.programId };
}

/** A state program's manual that numbers its standards as CALEA's does (1.1.1 is in both): one directive and one annual activity. */
export const STATE_PROGRAM_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
  '1,State Organization,1.1,State Role,1.1.1,State Oath Directive,M M M M,yes,written_directive,',
  '1,State Organization,1.1,State Role,1.1.2,State Training Record,M M M M,yes,time_sensitive,annual',
].join('\r\n');

/** The state program's manual as the two-program tests import it. */
export const STATE_PROGRAM_MANUAL = { program: 'Missouri Sample Program', edition: '1st', version: '2024', effectiveDate: '2024-01-01' };
