import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { AccessModule } from '../identity/access/access.module';
import { IdentityModule } from '../identity/identity.module';
import { FilesModule } from '../files/files.module';
import { DeadlineDigestService } from './deadline-digest.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarFeedService } from './calendar-feed.service';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlinesService } from './deadlines.service';
import { MilestoneRecordsService } from './milestone-records.service';
import { OverdueJobService } from './overdue-job.service';

/** Derived deadlines (no table of deadlines), the iCalendar feed and the daily overdue job. */
@Module({
  imports: [AccessModule, AuditModule, IdentityModule, FilesModule, ComplianceModule],
  controllers: [DeadlinesController, CalendarFeedController],
  providers: [DeadlinesService, DeadlinesRepository, CalendarFeedService, CalendarFeedRepository, OverdueJobService, MilestoneRecordsService, DeadlineDigestService],
  exports: [DeadlinesService, CalendarFeedService, MilestoneRecordsService, DeadlineDigestService],
})
export class DeadlinesModule {}
