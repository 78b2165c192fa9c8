import type { DataSource, EntityManager, Migration } from 'typeorm';

export type LockedRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `work` in a transaction holding the transaction-scoped PostgreSQL advisory lock `name`, or
 * not at all when another replica (or an earlier run still going) holds it: scheduled work runs
 * once across replicas.
 */
export async function withJobLock<T>(dataSource: DataSource, name: string, work: (manager: EntityManager) => Promise<T>): Promise<LockedRun<T>> {
  return dataSource.transaction(async (manager): Promise<LockedRun<T>> => {
    const [row]: { locked: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [name]);
    if (!row.locked) return { ran: false };
    return { ran: true, result: await work(manager) };
  });
}

/** The advisory lock's name: one process at a time applies migrations. */
export const MIGRATION_LOCK = 'calea:database:migrations';

/**
 * Applies the pending migrations (each in its own transaction) while holding the session-level
 * advisory lock MIGRATION_LOCK on a connection of its own, so replicas that start together on one
 * database apply each migration once: the first takes the lock and migrates, the others wait for it
 * and then find nothing pending. `onWait` is told when another process holds the lock.
 */
export async function runMigrationsExclusively(dataSource: DataSource, onWait: () => void = () => undefined): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [tried] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [MIGRATION_LOCK])) as { locked: boolean }[];
    if (!tried.locked) {
      onWait();
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    }
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
