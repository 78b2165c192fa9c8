import type { DataSource, EntityManager } from 'typeorm';

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
