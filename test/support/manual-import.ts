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
  let req = request(t.server).post('/api/manuals/import').set(bearer(adminToken));
  for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', ...manual })) req = req.field(name, value);
  const manualId = (await req.attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), 'manual.csv').expect(201)).body.manual.id as string;
  await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(adminToken)).expect(200);
  await request(t.server).put(`/api/departments/${departmentId}/manual`).set(bearer(adminToken)).send({ manualId }).expect(200);
  return manualId;
}
