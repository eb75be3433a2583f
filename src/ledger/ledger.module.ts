import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { VillagesModule } from '../villages/villages.module';
import { GroupCommit } from './group-commit';
import { LedgerController } from './ledger.controller';
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerRepository } from './ledger.repository';
import { LedgerWriter } from './ledger-writer';
import { PostedRunsRepository } from './posted-runs.repository';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';
import { YearCloseRepository } from './year-close.repository';
import { YearCloseService } from './year-close.service';
import { BookRepository } from './book.repository';
import { VillageBookController } from './village-book.controller';
import { VillageBookService } from './village-book.service';

/** The books: the one voucher writer and event recorder, the journal, snapshots, verification and year close. */
@Module({
  imports: [ProjectsModule, VillagesModule],
  controllers: [LedgerController, VillageBookController],
  providers: [
    LedgerRepository,
    LedgerEventRepository,
    YearCloseRepository,
    PostedRunsRepository,
    VerificationRepository,
    GroupCommit,
    LedgerWriter,
    VerificationService,
    YearCloseService,
    BookRepository,
    VillageBookService,
  ],
  exports: [GroupCommit, LedgerWriter, LedgerRepository, PostedRunsRepository, YearCloseService, VillageBookService],
})
export class LedgerModule {}
