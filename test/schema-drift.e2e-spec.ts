import { createTestApp, TestApp } from './support/test-app';

/**
 * The migrations build exactly the schema the entities describe: what `npm run migration:generate`
 * would write next is nothing. A hand-written migration that misses a column, a default or an index
 * fails here rather than on a user's database.
 */
describe('schema: migrations and entities agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leaves nothing for migration:generate to write', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
