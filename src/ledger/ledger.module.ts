import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { JournalService } from './journal.service';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerWriter } from './ledger-writer';
import { PostedRunsRepository } from './posted-runs.repository';
import { YearCloseRepository } from './year-close.repository';
import { YearCloseService } from './year-close.service';

/** The books: the one voucher writer, the journal, verification and year close. */
@Module({
  imports: [ProjectsModule],
  controllers: [LedgerController],
  providers: [LedgerRepository, YearCloseRepository, PostedRunsRepository, LedgerWriter, JournalService, YearCloseService],
  exports: [LedgerWriter, LedgerRepository, PostedRunsRepository, YearCloseService],
})
export class LedgerModule {}
