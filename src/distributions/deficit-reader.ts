import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError } from '../core/errors';
import { accounts, deficitFromBalance } from '../core/ledger';
import { formatFen } from '../core/money';
import { accountNet } from '../ledger/ledger-reader';

/**
 * The deficit brought forward into a year (B), read from the books: the 322-02
 * debit balance left by the previous year's posted run (docs/ledger.md, "322-02
 * and the deficit carried forward"). Vouchers of later distribution years
 * (the year's own close and top-up) are excluded by their fiscal year, so the
 * answer does not depend on when it is asked.
 */
@Injectable()
export class DeficitReader {
  async broughtForward(m: EntityManager, projectId: string, year: number): Promise<string> {
    const [state] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM year_result WHERE project_id = $1 AND year = $2 - 1) AS "previousHasResult",
              EXISTS (SELECT 1 FROM distribution_run WHERE project_id = $1 AND year = $2 - 1 AND status = 'posted') AS "previousPosted",
              EXISTS (SELECT 1 FROM distribution_run WHERE project_id = $1 AND year < $2 AND status IN ('posted', 'reversed')) AS "booksInUse"`,
      [projectId, year],
    );
    // The first distributed year starts from zero: there is nothing before it.
    if (!state.booksInUse) return '0.00';
    // A year with a result but no posted run leaves 322-02 holding that year's
    // result, not B' — reading it would be silently wrong (pitfall 3).
    if (state.previousHasResult && !state.previousPosted) {
      throw new ConflictError(`year ${year - 1} has a result but no posted distribution run: post (or re-run) ${year - 1} before computing ${year}`, 'year');
    }
    const net = await accountNet(m, projectId, accounts.UNDISTRIBUTED, 'v.fiscal_year IS NULL OR v.fiscal_year < $4', [year]);
    return formatFen(deficitFromBalance(net));
  }
}
