import type { QueryRunner } from 'typeorm';
import { Enrolments1796566400000 } from '../../migrations/1796566400000-Enrolments';

/**
 * Runs `run` on the schema as it was before migration Enrolments (the department row carrying its
 * program tier, status, award date and manual), then migrates up again: for the tests of older
 * migrations, whose up and down read those department columns. The database must hold primary
 * enrolments only (Enrolments' down refuses otherwise).
 */
export async function beforeEnrolments<T>(runner: QueryRunner, run: () => Promise<T>): Promise<T> {
  const enrolments = new Enrolments1796566400000();
  await enrolments.down(runner);
  try {
    return await run();
  } finally {
    await enrolments.up(runner);
  }
}
