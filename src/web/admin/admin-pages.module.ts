import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { AdminGrantsPageController } from './admin-grants-page.controller';
import { AdminManualsPageController } from './admin-manuals-page.controller';
import { AdminOutboxPageController } from './admin-outbox-page.controller';
import { AdminPageService } from './admin-page.service';
import { AdminUsersPageController } from './admin-users-page.controller';

@Module({
  imports: [WebCoreModule],
  controllers: [AdminUsersPageController, AdminGrantsPageController, AdminManualsPageController, AdminOutboxPageController],
  providers: [AdminPageService],
})
export class AdminPagesModule {}
