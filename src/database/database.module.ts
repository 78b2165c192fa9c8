import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { buildDataSourceOptions } from './data-source-options';

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
          migrationsRun: true,
          retryAttempts: config.databaseConnectRetries,
          retryDelay: 3000,
        };
      },
    }),
  ],
})
export class DatabaseModule {}
