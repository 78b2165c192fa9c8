import { Global, Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService } from './idempotency.service';
import { IdempotentInterceptor } from './idempotent.decorator';

/** Global: any controller's creating POST may declare @Idempotent(). */
@Global()
@Module({
  providers: [IdempotencyRepository, IdempotencyService, IdempotentInterceptor],
  exports: [IdempotencyService, IdempotentInterceptor],
})
export class IdempotencyModule {}
