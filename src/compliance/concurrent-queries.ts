import type { EntityManager } from 'typeorm';

/**
 * Runs independent read queries side by side on the pool when the manager is not bound to one
 * connection (no transaction); inside a transaction they run one after the other, since a single
 * connection cannot run two statements at once.
 */
export async function readConcurrently<T extends readonly unknown[]>(
  manager: EntityManager,
  queries: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!manager.queryRunner) return (await Promise.all(queries.map((q) => q()))) as unknown as T;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as unknown as T;
}
