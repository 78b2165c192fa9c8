import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdminBootstrapService } from '../identity/admin-bootstrap.service';
import { SampleDataService } from './sample-data.service';

/**
 * What a fresh installation needs before its first request: an administrator always; the 24:1
 * footprint sample data only on the embedded database (a demo), never on an external one.
 */
@Injectable()
export class FirstStartService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly admin: AdminBootstrapService,
    private readonly sampleData: SampleDataService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureAdmin();
    if (this.config.databaseIsEmbedded && this.config.seedSampleData) await this.sampleData.loadOnce();
  }
}
