import { Injectable } from '@nestjs/common';
import { Balance, trialBalance } from '../core/ledger';
import { trialBalanceOfSums } from '../core/ledger/trial-balance';
import { formatFen } from '../core/money';
import { LedgerRepository } from '../ledger/ledger.repository';
import { VillageBookService } from '../ledger/village-book.service';
import { Clock } from '../platform/clock/clock';
import { Snapshot } from '../platform/database/snapshot';
import { VillagesService } from '../villages/villages.service';
import { ReportsRepository } from './reports.repository';

const bal = (b: Balance) => ({ side: b.side, amount: formatFen(b.amount) });

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
      const tb = trialBalanceOfSums(
        sums.map((s) => ({
          account: s.account,
          openingDebit: BigInt(s.openingDebit),
          openingCredit: BigInt(s.openingCredit),
          debit: BigInt(s.debit),
          credit: BigInt(s.credit),
        })),
        on,
        start,
        'village',
      );
      const t = tb.totals;
      return {
        project: village.code,
        projectName: village.name,
        periodStart: tb.periodStart,
        asOf: tb.asOf,
        rows: tb.rows.map((r) => ({
          account: r.account,
          name: r.name,
          level: r.level,
          normalSide: r.normalSide,
          opening: bal(r.opening),
          debit: formatFen(r.debit),
          credit: formatFen(r.credit),
          closing: bal(r.closing),
        })),
        totals: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, formatFen(v)])),
        balanced: t.openingDebit === t.openingCredit && t.debit === t.credit && t.closingDebit === t.closingCredit,
        digest: await this.books.digest(villageId),
      };
    });
  }
}
