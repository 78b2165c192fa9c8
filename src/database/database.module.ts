import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './job-lock';

/**
 * Connects, then applies pending migrations under the migration lock (replicas starting together on
 * one database apply each once), before anything else uses the database. A failure closes the
 * connection, so a retry (DATABASE_CONNECT_RETRIES) starts clean.
 */
async function connectAndMigrate(options: DataSourceOptions): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = await new DataSource(options).initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource, () => logger.log('Another process is applying migrations: waiting for it to finish'));
    if (applied.length > 0) logger.log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
    return dataSource;
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) {
          throw new Error('No database URL: main.ts starts the embedded PostgreSQL before the application.');
        }
        return {
          ...buildDataSourceOptions(config.databaseUrl),
          retryAttempts: config.databaseConnectRetries,
          retryDelay: 3000,
        };
      },
      dataSourceFactory: (options) => {
        if (!options) throw new Error('No data source options');
        return connectAndMigrate(options);
      },
    }),
  ],
})
export class DatabaseModule {}
