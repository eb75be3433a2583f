/**
 * The year's result and its close. Revenue and costs are posted separately
 * (Dr 102 / Cr 501; Dr 511 / Cr 102), then closed through 321 into 322-02.
 */
import { BANK, COSTS, REVENUE, UNDISTRIBUTED, YEAR_RESULT } from '../accounts';
import { compareCodes } from '../../codes';
import { BookKind, chartFor } from '../chart';
import { cr, dr, makeVoucher, present, Voucher, VoucherLine } from '../voucher';
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

/**
 * A year-end close by the chart: each income account's balance (credit) and expense account's (debit) as of the
 * year's end goes to 321 本年收益, and 321's to 322-02 未分配收益 (a village book's 502 and 522). `balances`: the
 * signed (debit − credit) balance of each account or sub-account as posted up to 31 December; the others are ignored.
 */
export function buildChartYearClose(kind: BookKind, year: number, balances: ReadonlyMap<string, bigint>): Voucher[] {
  const y = checkYear(year);
  const date = `${y}-12-31`;
  const chart = chartFor(kind);
  const incomes: VoucherLine[] = [];
  const expenses: VoucherLine[] = [];
  let income = 0n;
  let expense = 0n;
  for (const account of [...balances.keys()].sort(compareCodes)) {
    const net = balances.get(account)!;
    if (net === 0n) continue;
    const type = chart.chartAccountOf(account).type;
    if (type === 'income') {
      incomes.push(net < 0n ? dr(account, -net) : cr(account, net));
      income -= net;
    } else if (type === 'expense') {
      expenses.push(net > 0n ? cr(account, net) : dr(account, -net));
      expense += net;
    }
  }
  const withResult = (lines: VoucherLine[], result: bigint) =>
    result === 0n ? lines : [...lines, result > 0n ? cr(YEAR_RESULT, result) : dr(YEAR_RESULT, -result)];
  const net = income - expense;
  return present([
    incomes.length ? makeVoucher(date, `结转${y}年度收入`, withResult(incomes, income), kind) : null,
    expenses.length ? makeVoucher(date, `结转${y}年度支出`, withResult(expenses, -expense), kind) : null,
    net >= 0n
      ? makeVoucher(date, `结转${y}年度本年收益`, [dr(YEAR_RESULT, net), cr(UNDISTRIBUTED, net)], kind)
      : makeVoucher(date, `结转${y}年度本年亏损`, [dr(UNDISTRIBUTED, -net), cr(YEAR_RESULT, -net)], kind),
  ]);
}
