/**
 * The vouchers a village books in its own books (农村集体经济组织会计制度) for
 * what the project books as owed and paid to it: the dividend as 应收款 against
 * 投资收益, the cash as 银行存款 against 应收款. buildVillageSideVouchers prints
 * them (plain objects, amounts as decimal strings); the build…() below are the
 * same vouchers posted into a village's own book once it is opened.
 */
import { dateIssue } from '../../dates';
import { ValidationError } from '../../errors';
import { formatFen } from '../../money';
import { codeIssue } from '../../codes';
import { cr, dr, makeVoucher, Voucher } from '../voucher';
import { checkPositive, checkYear } from './common';

/** The village's own chart: not the project's accounts (502 does not exist there). */
export const VILLAGE_BANK = { account: '102', name: '银行存款' } as const;
export const VILLAGE_RECEIVABLE = { account: '112', name: '应收款' } as const;
export const VILLAGE_INVESTMENT_INCOME = { account: '502', name: '投资收益' } as const;

/** A dividend of a posted run: what the project owes the village for a year. */
export interface VillageDividend {
  projectCode: string;
  year: number;
  /** The run's posting date. */
  date: string;
  amount: bigint;
}

/** A payment the village received from a project. */
export interface VillageReceipt {
  projectCode: string;
  date: string;
  amount: bigint;
  bankReference: string;
  /** The project's voucher number of the payment. */
  projectVoucher: string;
}

export interface VillageSideLine {
  account: string;
  name: string;
  debit: string;
  credit: string;
}

export interface VillageSideVoucher {
  date: string;
  summary: string;
  lines: VillageSideLine[];
}

function line(account: { account: string; name: string }, debit: bigint, credit: bigint): VillageSideLine {
  return { account: account.account, name: account.name, debit: formatFen(debit), credit: formatFen(credit) };
}

function checkDate(date: string, field: string): string {
  const issue = dateIssue(date);
  if (issue) throw ValidationError.of(field, issue);
  return date;
}

/** 应收 Dr 112 / Cr 502 for each dividend, 收款 Dr 102 / Cr 112 for each receipt; by date, dividends first on the same day. */
export function buildVillageSideVouchers(dividends: readonly VillageDividend[], receipts: readonly VillageReceipt[]): VillageSideVoucher[] {
  const vouchers: VillageSideVoucher[] = [];
  for (const [i, d] of dividends.entries()) {
    const amount = checkPositive(d.amount, `dividends[${i}].amount`);
    vouchers.push({
      date: checkDate(d.date, `dividends[${i}].date`),
      summary: `应收${d.projectCode}项目${checkYear(d.year, `dividends[${i}].year`)}年度分红`,
      lines: [line(VILLAGE_RECEIVABLE, amount, 0n), line(VILLAGE_INVESTMENT_INCOME, 0n, amount)],
    });
  }
  for (const [i, r] of receipts.entries()) {
    const amount = checkPositive(r.amount, `receipts[${i}].amount`);
    vouchers.push({
      date: checkDate(r.date, `receipts[${i}].date`),
      summary: `收到${r.projectCode}项目分红款 (${r.bankReference}, 项目凭证 ${r.projectVoucher})`,
      lines: [line(VILLAGE_BANK, amount, 0n), line(VILLAGE_RECEIVABLE, 0n, amount)],
    });
  }
  // A stable sort: the order given is kept within a day.
  return vouchers.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// Posted into the village's own book (a book of kind 'village', chartFor('village')): the same vouchers as printed
// above, the receivable opened per project (112-<project code>). The summaries are the printed ones.

/** 112-<project code>: what a project owes the village. */
export function villageReceivable(projectCode: string, field = 'projectCode'): string {
  const issue = codeIssue(projectCode);
  if (issue) throw ValidationError.of(field, issue);
  return `${VILLAGE_RECEIVABLE.account}-${projectCode}`;
}

/** 522 其他收入. */
export const VILLAGE_OTHER_INCOME = { account: '522', name: '其他收入' } as const;

/** 应收 Dr 112-<project> / Cr 502: a posted run's dividend to the village (fiscal year: the run's). */
export function buildVillageDeclaration(d: VillageDividend): Voucher {
  const amount = checkPositive(d.amount, 'amount');
  const receivable = villageReceivable(d.projectCode);
  const voucher = makeVoucher(
    checkDate(d.date, 'date'),
    `应收${d.projectCode}项目${checkYear(d.year)}年度分红`,
    [dr(receivable, amount), cr(VILLAGE_INVESTMENT_INCOME.account, amount)],
    'village',
  );
  return voucher!;
}

/** 收款 Dr 102 / Cr 112-<project>: a payment the village received from a project. */
export function buildVillageReceipt(r: VillageReceipt): Voucher {
  const amount = checkPositive(r.amount, 'amount');
  const voucher = makeVoucher(
    checkDate(r.date, 'date'),
    `收到${r.projectCode}项目分红款 (${r.bankReference}, 项目凭证 ${r.projectVoucher})`,
    [dr(VILLAGE_BANK.account, amount), cr(villageReceivable(r.projectCode), amount)],
    'village',
  );
  return voucher!;
}

/** 其他收入 Dr 102 / Cr 522. */
export function buildVillageOtherIncome(o: { date: string; amount: bigint; summary: string }): Voucher {
  const amount = checkPositive(o.amount, 'amount');
  if (typeof o.summary !== 'string' || o.summary.trim() === '') throw ValidationError.of('summary', '须写明摘要');
  if (o.summary.length > 200) throw ValidationError.of('summary', '摘要不能超过 200 个字');
  const voucher = makeVoucher(
    checkDate(o.date, 'date'),
    o.summary.trim(),
    [dr(VILLAGE_BANK.account, amount), cr(VILLAGE_OTHER_INCOME.account, amount)],
    'village',
  );
  return voucher!;
}
