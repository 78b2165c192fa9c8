import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { AccessModule } from '../identity/access/access.module';
import { ReadinessController } from './readiness.controller';
import { ReadinessRepository } from './readiness.repository';
import { ReadinessService } from './readiness.service';
import { SignOffsRepository } from './sign-offs.repository';
import { SignOffsService } from './sign-offs.service';

@Module({
  imports: [AccessModule, AuditModule, DeadlinesModule],
  controllers: [ReadinessController],
  providers: [ReadinessService, ReadinessRepository, SignOffsService, SignOffsRepository],
  exports: [ReadinessService, SignOffsService],
})
export class ReadinessModule {}
