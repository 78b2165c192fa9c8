import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { WebCoreModule } from '../web-core.module';
import { FilePageService } from './file-page.service';
import { FilePagesController } from './file-pages.controller';

@Module({
  imports: [WebCoreModule, AssessmentsModule],
  controllers: [FilePagesController],
  providers: [FilePageService],
})
export class FilePagesModule {}
