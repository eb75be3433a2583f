/**
 * The year's result and its close. Revenue and costs are posted separately
 * (Dr 102 / Cr 501; Dr 511 / Cr 102), then closed through 321 into 322-02.
 */
import { BANK, COSTS, REVENUE, UNDISTRIBUTED, YEAR_RESULT } from '../accounts';
import { cr, dr, makeVoucher, present, Voucher } from '../voucher';
import { checkNonNegative, checkYear } from './common';

export interface YearResult {
  year: number;
  date: string;
  revenue: bigint;
  costs: bigint;
}

export function buildYearResult(r: YearResult): Voucher[] {
  const y = checkYear(r.year);
  const revenue = checkNonNegative(r.revenue, 'revenue');
  const costs = checkNonNegative(r.costs, 'costs');
  return present([
    makeVoucher(r.date, `${y}年度经营收入`, [dr(BANK, revenue), cr(REVENUE, revenue)]),
    makeVoucher(r.date, `${y}年度经营支出`, [dr(COSTS, costs), cr(BANK, costs)]),
  ]);
}

/**
 * Year-end close. `revenue` and `costs` must be the year's 501 and 511
 * balances in the books, so that N closed into 322-02 is the N the
 * distribution engine is given.
 */
export function buildYearClose(r: YearResult): Voucher[] {
  const y = checkYear(r.year);
  const revenue = checkNonNegative(r.revenue, 'revenue');
  const costs = checkNonNegative(r.costs, 'costs');
  const net = revenue - costs;
  const toRetained =
    net >= 0n
      ? makeVoucher(r.date, `结转${y}年度本年收益`, [dr(YEAR_RESULT, net), cr(UNDISTRIBUTED, net)])
      : makeVoucher(r.date, `结转${y}年度本年亏损`, [dr(UNDISTRIBUTED, -net), cr(YEAR_RESULT, -net)]);
  return present([
    makeVoucher(r.date, `结转${y}年度经营收入`, [dr(REVENUE, revenue), cr(YEAR_RESULT, revenue)]),
    makeVoucher(r.date, `结转${y}年度经营支出`, [dr(YEAR_RESULT, costs), cr(COSTS, costs)]),
    toRetained,
  ]);
}
