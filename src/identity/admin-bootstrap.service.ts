import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { User } from './entities/user.entity';
import { IdentityRepository } from './identity.repository';
import { PasswordService } from './password.service';
import { adminPasswordProblems } from './rules/password-rule';

export const DEFAULT_ADMIN_EMAIL = 'admin@calea-tracker.local';

/** With no administrator in the database, creates one, so a fresh installation can be used. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger('FirstStart');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly identity: IdentityRepository,
  ) {}

  async ensureAdmin(): Promise<void> {
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const supplied = this.config.adminPassword;
    // main.ts refuses it before the database starts; this holds for every other way in (tests, tools).
    const problems = adminPasswordProblems(supplied, email);
    if (problems.length > 0) throw new Error(problems.join('; '));
    const password = supplied ?? randomBytes(18).toString('base64url');
    const hash = await this.passwords.hash(password);
    const created = await this.dataSource.transaction(async (manager) => {
      // One replica creates the admin even when several start together.
      await this.identity.lockFirstAdminCreation(manager);
      if (await manager.getRepository(User).existsBy({ isAdmin: true })) return false;
      const existing = await manager.getRepository(User).findOneBy({ email });
      const user = await manager.getRepository(User).save({
        ...(existing ?? {}),
        email,
        displayName: existing?.displayName ?? 'Administrator',
        passwordHash: hash,
        isAdmin: true,
        disabledAt: null,
      });
      await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, {
        action: 'user.first-admin-created',
        entityType: 'user',
        entityId: user.id,
        after: { email, isAdmin: true },
      });
      return true;
    });
    if (!created) return;
    if (supplied) {
      this.logger.log(`Created the first administrator ${email} with the password from ADMIN_PASSWORD`);
    } else {
      this.logger.warn(
        `Created the first administrator ${email} with the generated password ${password} (shown once: sign in and change it)`,
      );
    }
  }
}
