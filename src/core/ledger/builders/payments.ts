/** Money that moves after a distribution: the operator's top-up, and cash paid or received against it. */
import { ValidationError } from '../../errors';
import { formatFen } from '../../money';
import { BANK, OPERATOR_RECEIVABLE, payable, UNDISTRIBUTED } from '../accounts';
import { cr, dr, makeVoucher, present, Voucher } from '../voucher';
import { checkNonNegative, checkPositive, checkYear } from './common';

/** 补齐: the operator owes T (Dr 112-OPERATOR), which counts as income to distribute (Cr 322-02). */
export function buildOperatorTopUp(t: { year: number; date: string; amount: bigint }): Voucher[] {
  const y = checkYear(t.year);
  const amount = checkNonNegative(t.amount, 'amount');
  return present([makeVoucher(t.date, `运营方补齐${y}年度保底分红差额`, [dr(OPERATOR_RECEIVABLE, amount), cr(UNDISTRIBUTED, amount)])]);
}

function notMoreThan(amount: bigint, limit: bigint, field: string, what: string): void {
  checkNonNegative(limit, field);
  if (amount > limit) throw ValidationError.of('amount', `${formatFen(amount)} 超过了${what}（${formatFen(limit)}）`);
}

/** Dr 211-village / Cr 102. `owed` is the village's 211 credit balance: never pay more than is owed. */
export function buildVillagePayment(p: { village: string; villageName?: string; date: string; amount: bigint; owed: bigint }): Voucher[] {
  const amount = checkPositive(p.amount, 'amount');
  const account = payable(p.village, 'village');
  notMoreThan(amount, p.owed, 'owed', `应付 ${p.village} 的金额`);
  return present([makeVoucher(p.date, `支付${p.villageName ?? p.village}分红款`, [dr(account, amount), cr(BANK, amount)])]);
}

/** Dr 102 / Cr 112-OPERATOR. `outstanding` is the 112-OPERATOR debit balance. */
export function buildOperatorPayment(p: { date: string; amount: bigint; outstanding: bigint }): Voucher[] {
  const amount = checkPositive(p.amount, 'amount');
  notMoreThan(amount, p.outstanding, 'outstanding', '运营方尚欠的金额');
  return present([makeVoucher(p.date, '收到运营方补齐款', [dr(BANK, amount), cr(OPERATOR_RECEIVABLE, amount)])]);
}
