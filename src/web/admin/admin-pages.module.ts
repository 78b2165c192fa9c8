import { Module } from '@nestjs/common';
import { WebCoreModule } from '../web-core.module';

@Module({
  imports: [WebCoreModule],
  controllers: [],
  providers: [],
})
export class AdminPagesModule {}
