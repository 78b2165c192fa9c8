import { Module } from '@nestjs/common';
import { AssessmentPagesModule } from './assessments/assessment-pages.module';
import { AdminPagesModule } from './admin/admin-pages.module';
import { DashboardPageController } from './dashboard/dashboard-page.controller';
import { DashboardPageService } from './dashboard/dashboard-page.service';
import { WorklistPagesModule } from './worklist/worklist-pages.module';
import { DepartmentPagesModule } from './department/department-pages.module';
import { DepartmentSettingsPagesModule } from './department-settings/department-settings-pages.module';
import { FilePagesModule } from './file/file-pages.module';
import { ReportPagesModule } from './reports/reports-pages.module';
import { SessionPagesController } from './session-pages.controller';
import { WebCoreModule } from './web-core.module';

/** The pages people use: server-rendered HTML over the same services as the API. */
@Module({
  imports: [WebCoreModule, DepartmentPagesModule, WorklistPagesModule, FilePagesModule, ReportPagesModule, AdminPagesModule, DepartmentSettingsPagesModule, AssessmentPagesModule],
  controllers: [SessionPagesController, DashboardPageController],
  providers: [DashboardPageService],
})
export class WebModule {}
