import { IdentityModule } from '../identity/identity.module';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { AccessModule } from '../identity/access/access.module';
import { ReadinessController } from './readiness.controller';
import { ReadinessService } from './readiness.service';
import { SignOffsRepository } from './sign-offs.repository';
import { SignOffsService } from './sign-offs.service';

@Module({
  imports: [AccessModule, AuditModule, IdentityModule, ComplianceModule, DeadlinesModule],
  controllers: [ReadinessController],
  providers: [ReadinessService, SignOffsService, SignOffsRepository],
  exports: [ReadinessService, SignOffsService],
})
export class ReadinessModule {}
