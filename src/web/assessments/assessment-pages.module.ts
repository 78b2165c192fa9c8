import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { AccessModule } from '../../identity/access/access.module';
import { WebCoreModule } from '../web-core.module';
import { AssessmentPagesController } from './assessment-pages.controller';
import { AssessmentPagesService } from './assessment-pages.service';

/** The assessments, assessment and findings pages of a department. */
@Module({
  imports: [WebCoreModule, AssessmentsModule, AccessModule],
  controllers: [AssessmentPagesController],
  providers: [AssessmentPagesService],
})
export class AssessmentPagesModule {}
