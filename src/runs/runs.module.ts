import { Module } from '@nestjs/common';
import { DeficitReader } from '../distributions/deficit-reader';
import { DistributionsModule } from '../distributions/distributions.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RunsController } from './runs.controller';
import { RunsQueries } from './runs.queries';
import { RunsService } from './runs.service';

@Module({
  imports: [DistributionsModule, LedgerModule, IdempotencyModule],
  controllers: [RunsController],
  // DeficitReader is stateless; the distributions module keeps its own instance for the scenario builder.
  providers: [RunsService, RunsQueries, DeficitReader],
  exports: [RunsService],
})
export class RunsModule {}
