import request from 'supertest';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './fixtures';
import { followImportedManual, publishImportedManual, STATE_PROGRAM_CSV, STATE_PROGRAM_MANUAL } from './manual-import';
import type { TestApp } from './test-app';

/** A one-standard CALEA manual for Normandy's primary enrolment. */
const CALEA_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
  '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,written_directive,',
].join('\r\n');

export interface TwoPrograms {
  normandy: string;
  /** Bearer tokens of an administrator (admin@example.org) and Normandy's manager (manager@example.org). */
  admin: string;
  manager: string;
  /** The state program, made by its manual's import with CALEA's shape (four-year cycles). */
  programId: string;
  stateEnrolment: string;
  /** The state enrolment's files by standard number (1.1.1, a directive; 1.1.2, an annual activity). */
  stateFiles: Record<string, string>;
}

/**
 * Normandy PD working toward CALEA (its primary enrolment follows a one-standard manual) and
 * accredited on `stateAward` in the state program of STATE_PROGRAM_CSV, through the API as users
 * set it up: the set-up of the tests of a second program's cycle.
 */
export async function normandyInTwoPrograms(t: TestApp, stateAward: string): Promise<TwoPrograms> {
  const ds = t.dataSource;
  const normandy = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
  await setProfile(ds, [normandy], { swornOfficers: 30, programTier: 'tier1' });
  const admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
  const manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId: normandy, role: 'manager' }] }));
  await followImportedManual(t, admin, normandy, CALEA_CSV);
  const stateManual = await publishImportedManual(t, admin, STATE_PROGRAM_CSV, STATE_PROGRAM_MANUAL);
  const stateEnrolment = (
    await request(t.server)
      .post(`/api/departments/${normandy}/enrolments`)
      .set(bearer(admin))
      .send({ programId: stateManual.programId, accreditationStatus: 'accredited', awardDate: stateAward })
      .expect(201)
  ).body.id as string;
  await request(t.server).put(`/api/departments/${normandy}/manual`).set(bearer(admin)).send({ manualId: stateManual.id }).expect(200);
  const files = (await request(t.server).get(`/api/departments/${normandy}/files?enrolmentId=${stateEnrolment}&limit=100`).set(bearer(manager)).expect(200)).body as {
    items: { id: string; number: string }[];
  };
  return { normandy, admin, manager, programId: stateManual.programId, stateEnrolment, stateFiles: Object.fromEntries(files.items.map((f) => [f.number, f.id])) };
}
