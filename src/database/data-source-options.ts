import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const sourceRoot = join(__dirname, '..');
const projectRoot = join(sourceRoot, '..');
const extension = __filename.endsWith('.ts') ? 'ts' : 'js';

/** The one place the TypeORM connection is described: service, migration scripts and tests. */
export function buildDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(sourceRoot, '**', `*.entity.${extension}`)],
    migrations: [join(projectRoot, 'migrations', `*.${extension}`)],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension (and no superuser) is needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: 'calea-tracker',
    extra: { max: 20 },
  };
}
