import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdminBootstrapService } from '../identity/admin-bootstrap.service';
import { DEMO_ASSESSOR, DEMO_PASSWORD, DEMO_USERS } from './footprint';
import { SampleDataService } from './sample-data.service';

/** What to tell the person who just started the service for the first time. */
export interface FirstStartWelcome {
  demoEmails: string[];
  demoPassword: string;
}

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

  private sampleDataLoaded = false;

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureAdmin();
    if (this.config.databaseIsEmbedded && this.config.seedSampleData) this.sampleDataLoaded = await this.sampleData.loadOnce();
  }

  /** The demo sign-in, when this start loaded the sample data (a first start); null otherwise. */
  welcome(): FirstStartWelcome | null {
    if (!this.sampleDataLoaded) return null;
    return { demoEmails: [...DEMO_USERS.map((u) => u.email), DEMO_ASSESSOR.email], demoPassword: DEMO_PASSWORD };
  }
}
