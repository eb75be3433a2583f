import { Global, Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerController } from './ledger.controller';
import { LedgerQueries } from './ledger.queries';
import { LedgerWriter } from './ledger-writer';
import { YearCloseService } from './year-close.service';

/** Global: capital and results post their vouchers through LedgerWriter in their own transactions. */
@Global()
@Module({
  imports: [IdempotencyModule],
  controllers: [LedgerController],
  providers: [LedgerWriter, LedgerQueries, YearCloseService],
  exports: [LedgerWriter, YearCloseService],
})
export class LedgerModule {}
