import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { AdminDepartmentsPageController } from './admin-departments-page.controller';
import { DepartmentSettingsPageService } from './department-settings-page.service';
import { DepartmentSettingsPagesController } from './department-settings-pages.controller';

/** The department settings page (profile, manual version, calendar feed) and the administrators' department list. */
@Module({
  imports: [WebCoreModule],
  controllers: [DepartmentSettingsPagesController, AdminDepartmentsPageController],
  providers: [DepartmentSettingsPageService],
})
export class DepartmentSettingsPagesModule {}
