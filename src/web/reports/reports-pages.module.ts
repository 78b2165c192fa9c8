import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { ReportsPageController } from './reports-page.controller';
import { ReportsPageService } from './reports-page.service';

@Module({
  imports: [WebCoreModule],
  controllers: [ReportsPageController],
  providers: [ReportsPageService],
})
export class ReportPagesModule {}
