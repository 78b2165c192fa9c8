import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { IdempotentInterceptor } from './idempotent.decorator';

/** Global: any controller's creating POST may declare @Idempotent(). */
@Global()
@Module({
  providers: [IdempotencyService, IdempotentInterceptor],
  exports: [IdempotencyService, IdempotentInterceptor],
})
export class IdempotencyModule {}
