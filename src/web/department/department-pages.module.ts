import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { DepartmentPageService } from './department-page.service';
import { SignOffPagesController } from './sign-off-pages.controller';
import { DepartmentPagesController } from './department-pages.controller';

@Module({
  imports: [WebCoreModule],
  controllers: [DepartmentPagesController, SignOffPagesController],
  providers: [DepartmentPageService],
})
export class DepartmentPagesModule {}
