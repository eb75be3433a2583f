import { Module } from '@nestjs/common';
import { DistributionsModule } from '../distributions/distributions.module';
import { LedgerModule } from '../ledger/ledger.module';
import { RunsController } from './runs.controller';
import { RunsQueries } from './runs.queries';
import { RunsService } from './runs.service';

@Module({
  imports: [DistributionsModule, LedgerModule],
  controllers: [RunsController],
  providers: [RunsService, RunsQueries],
  exports: [RunsService],
})
export class RunsModule {}
