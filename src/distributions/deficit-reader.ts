import { Injectable } from '@nestjs/common';
import { ConflictError } from '../core/errors';
import { accounts, deficitFromBalance } from '../core/ledger';
import { formatFen } from '../core/money';
import { LedgerRepository } from '../ledger/ledger.repository';
import { postedOpening } from '../ledger/opening-voucher';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { ScenarioRepository } from './scenario.repository';

/**
 * The deficit brought forward into a year (B), read from the books: the 322-02
 * debit balance left by the previous year's posted run (docs/ledger.md, "322-02
 * and the deficit carried forward"). Vouchers of later distribution years
 * (the year's own close and top-up) are excluded by their fiscal year, so the
 * answer does not depend on when it is asked. A project that moved in from
 * older books starts from its opening balance's 322-02 instead of zero.
 */
@Injectable()
export class DeficitReader {
  constructor(
    private readonly books: LedgerRepository,
    private readonly postedRuns: PostedRunsRepository,
    private readonly records: ScenarioRepository,
  ) {}

  async broughtForward(projectId: string, year: number): Promise<string> {
    const opening = await postedOpening(this.books, projectId);
    // The first distributed year starts from zero, or from what the old books carried forward (the opening voucher).
    if (!opening && !(await this.postedRuns.everPostedBefore(projectId, year))) return '0.00';
    // A year with a result but no posted run leaves 322-02 holding that year's
    // result, not B' — reading it would be silently wrong (pitfall 3). A year
    // that ended by the cut-over was distributed in the old books.
    const previousInOldBooks = opening !== undefined && `${year - 1}-12-31` <= opening.date;
    const previousHasResult = !previousInOldBooks && (await this.records.yearResult(projectId, year - 1)) !== undefined;
    if (previousHasResult && !(await this.postedRuns.first(projectId, { year: year - 1 }))) {
      throw new ConflictError(
        `${year - 1} 年度有经营成果，但没有已入账的分红计算：请先把 ${year - 1} 年度入账（或重新计算），再计算 ${year} 年度`,
        'year',
        'PREVIOUS_YEAR_NOT_POSTED',
      );
    }
    const net = await this.books.accountNet(projectId, accounts.UNDISTRIBUTED, { fiscalYearBefore: year });
    return formatFen(deficitFromBalance(net));
  }
}
