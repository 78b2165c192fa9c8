import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { DepartmentPageService } from './department-page.service';
import { DepartmentPagesController } from './department-pages.controller';

@Module({
  imports: [WebCoreModule],
  controllers: [DepartmentPagesController],
  providers: [DepartmentPageService],
})
export class DepartmentPagesModule {}
