/**
 * A distribution run's vouchers, from the engine's result document. Posted
 * together in one transaction: the operator's top-up (if any), the guaranteed
 * dividends, the profit shares (villages and payee buckets), one voucher per
 * deduction, and the close of 322-01 into 322-02.
 */
import {
  DISTRIBUTION_GUARANTEED,
  DISTRIBUTION_PROFIT,
  deductionDistribution,
  payable,
  RESERVE,
  RESERVE_DEDUCTION,
  UNDISTRIBUTED,
} from '../accounts';
import { cr, dr, makeVoucher, present, Voucher, VoucherLine } from '../voucher';
import { DistributionResultDocument, readDistributionResult } from './distribution-result';
import { buildOperatorTopUp } from './payments';

export interface DistributionRunOptions {
  date: string;
  /** Display names for summaries, e.g. { operator: '运营方分成' }; codes are used otherwise. */
  deductionNames?: Record<string, string>;
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

export function buildDistributionRun(doc: DistributionResultDocument, opts: DistributionRunOptions): Voucher[] {
  const f = readDistributionResult(doc);
  const y = f.year;
  const { date } = opts;

  const guaranteed = f.villages.map((v) => cr(payable(v.code), v.guaranteed));
  const profit = [...f.villages.map((v) => cr(payable(v.code), v.profit)), ...f.payees.map((p) => cr(payable(p.code), p.amount, p.bucket))];
  const deductionVouchers = f.deductions.map((d) => {
    const name = opts.deductionNames?.[d.code] ?? (d.code === RESERVE_DEDUCTION ? '公积公益金' : d.code);
    const to = d.code === RESERVE_DEDUCTION ? RESERVE : payable(d.code);
    return makeVoucher(date, `${y}年度提取${name}`, [dr(deductionDistribution(d.code), d.amount), cr(to, d.amount)]);
  });

  // Everything debited to 322-01 this run is closed into 322-02, sub-account by sub-account.
  const closing: VoucherLine[] = [
    cr(DISTRIBUTION_GUARANTEED, f.guaranteedTotal),
    cr(DISTRIBUTION_PROFIT, sum(profit.map((l) => l.credit))),
    ...f.deductions.map((d) => cr(deductionDistribution(d.code), d.amount)),
  ];

  return [
    ...buildOperatorTopUp({ year: y, date, amount: f.operatorTopUp }),
    ...present([
      makeVoucher(date, `${y}年度保底分红`, [dr(DISTRIBUTION_GUARANTEED, f.guaranteedTotal), ...guaranteed]),
      makeVoucher(date, `${y}年度利润分成`, [dr(DISTRIBUTION_PROFIT, sum(profit.map((l) => l.credit))), ...profit]),
      ...deductionVouchers,
      makeVoucher(date, `结转${y}年度各项分配`, [dr(UNDISTRIBUTED, sum(closing.map((l) => l.credit))), ...closing]),
    ]),
  ];
}
