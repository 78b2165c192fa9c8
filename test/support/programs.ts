/** The id of the program of this name, made with CALEA's shape when a test's database has none yet (as an import would). */
export async function programIdOf(db: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, name = 'Law Enforcement'): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO program (name, version) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [name],
  )) as { id: string }[];
  return row.id;
}
