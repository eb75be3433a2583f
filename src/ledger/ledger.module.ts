import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';
import { LedgerQueries } from './ledger.queries';
import { LedgerWriter } from './ledger-writer';
import { YearCloseService } from './year-close.service';

/** The books: the one voucher writer, the journal, verification and year close. */
@Module({
  controllers: [LedgerController],
  providers: [LedgerWriter, LedgerQueries, YearCloseService],
  exports: [LedgerWriter, YearCloseService],
})
export class LedgerModule {}
