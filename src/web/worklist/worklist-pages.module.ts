import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';
import { WorklistPageController } from './worklist-page.controller';

@Module({
  imports: [WebCoreModule],
  controllers: [WorklistPageController],
})
export class WorklistPagesModule {}
