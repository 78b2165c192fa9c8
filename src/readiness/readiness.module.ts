import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { AccessModule } from '../identity/access/access.module';
import { ReadinessController } from './readiness.controller';
import { ReadinessRepository } from './readiness.repository';
import { ReadinessService } from './readiness.service';
import { SignOffsService } from './sign-offs.service';

@Module({
  imports: [AccessModule, AuditModule, DeadlinesModule],
  controllers: [ReadinessController],
  providers: [ReadinessService, ReadinessRepository, SignOffsService],
  exports: [ReadinessService, SignOffsService],
})
export class ReadinessModule {}
