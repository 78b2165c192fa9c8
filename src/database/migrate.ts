import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrationsExclusively } from './job-lock';

const USAGE = `Usage: migrate <run|revert|show|generate NAME>
  run        apply pending migrations (DATABASE_URL, or the embedded database in DATA_DIR)
  revert     undo the most recent migration
  show       list migrations and whether each is applied
  generate   write migrations/<timestamp>-NAME.ts with the SQL that brings the schema in line
             with the entities (computed on a throwaway embedded database unless DATABASE_URL is set)`;

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!command || !['run', 'revert', 'show', 'generate'].includes(command) || (command === 'generate' && !/^[A-Za-z][A-Za-z0-9]*$/.test(name ?? ''))) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(64);
  }
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let scratchDir: string | undefined;
  let url = config.databaseUrl;
  if (!url) {
    scratchDir = command === 'generate' ? await mkdtemp(join(tmpdir(), 'calea-migration-')) : undefined;
    embedded = await startEmbeddedPostgres({ dataDir: scratchDir ?? config.dataDir, log: () => undefined });
    url = embedded.url;
  }
  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        // Under the same lock as a starting service, so a run beside starting replicas applies each migration once.
        const applied = await runMigrationsExclusively(dataSource, () => console.log('Another process is applying migrations: waiting for it to finish'));
        console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'No pending migrations.');
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the most recent migration.');
        break;
      case 'show':
        await dataSource.showMigrations();
        break;
      case 'generate':
        await dataSource.runMigrations({ transaction: 'each' });
        await generate(dataSource, name);
        break;
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  }
}

async function generate(dataSource: DataSource, name: string): Promise<void> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('The schema matches the entities: no migration needed.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const render = (queries: { query: string; parameters?: unknown[] }[]): string =>
    queries
      .map((q) => `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`')}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`)
      .join('\n');
  const file = join(__dirname, '..', '..', '..', 'migrations', `${timestamp}-${name}.ts`);
  await writeFile(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${render(sql.upQueries)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${render([...sql.downQueries].reverse())}
  }
}
`,
  );
  console.log(`Wrote ${file}: review it before committing.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
