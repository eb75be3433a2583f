import { Injectable } from '@nestjs/common';
import { chartFor, trialBalance } from '../core/ledger';
import { trialBalanceOfSums } from '../core/ledger/trial-balance';
import { LedgerRepository } from '../ledger/ledger.repository';
import { VillageBookService } from '../ledger/village-book.service';
import { Clock } from '../platform/clock/clock';
import { Snapshot } from '../platform/database/snapshot';
import { VillagesService } from '../villages/villages.service';
import { ReportsRepository } from './reports.repository';
import { accountSums, trialBalanceAnswer } from './trial-balance-answer';

/**
 * A village's own book's reports: its trial balance (科目余额表) by the village chart, read as a project's is
 * (ReportsRepository.accountSums: the book's closed years carried forward, then its lines), in one snapshot with its
 * digest. Same answer shape as the project's (`project` is the village's code), so the same documents print it.
 */
@Injectable()
export class VillageBookReports {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly books: LedgerRepository,
    private readonly villageBooks: VillageBookService,
    private readonly villages: VillagesService,
    private readonly snapshot: Snapshot,
    private readonly clock: Clock,
  ) {}

  async trialBalance(villageId: string, asOf?: string, periodStart?: string) {
    await this.villageBooks.openBook(villageId);
    return this.snapshot.read(async () => {
      const village = await this.villages.get(villageId);
      const on = asOf ?? this.clock.today();
      const start = trialBalance([], on, periodStart, 'village').periodStart; // the core checks both dates before SQL
      const sums = await this.reports.accountSums(villageId, start, on);
      const tb = trialBalanceOfSums(accountSums(sums), on, start, 'village');
      const chart = chartFor('village');
      return trialBalanceAnswer(village, tb, tb.rows, (account) => chart.accountName(account), await this.books.digest(villageId));
    });
  }
}
