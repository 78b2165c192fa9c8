import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccessModule } from '../identity/access/access.module';
import { AuditController } from './audit-trail.controller';

/**
 * The audit trail's API. Apart from AuditModule because reading the trail is scoped by identity's
 * access rules, while identity itself records into the trail (identity -> audit).
 */
@Module({
  imports: [AuditModule, AccessModule],
  controllers: [AuditController],
})
export class AuditTrailModule {}
