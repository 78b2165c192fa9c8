import { Module } from '@nestjs/common';
import { ComplianceKeeper } from './compliance-keeper.service';
import { ComplianceRepository } from './compliance.repository';
import { ComplianceService } from './compliance.service';

/**
 * The compliance engine: per-file proof coverage, the verdict, chapter figures, the coverage grid,
 * the deadline schedule and the blockers of each department, computed in one place for every
 * consumer (readiness, deadlines, reports, pages).
 */
@Module({
  providers: [ComplianceService, ComplianceRepository, ComplianceKeeper],
  exports: [ComplianceService, ComplianceKeeper],
})
export class ComplianceModule {}
