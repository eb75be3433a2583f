/**
 * 科目余额表: per account, opening balance, the period's debits and credits,
 * and closing balance, with sub-accounts rolled up into their parents. Totals
 * are taken over top-level accounts only (each posting counted once) and must
 * balance; if they do not, the books are broken and we say so.
 */
import { compareCodes } from '../codes';
import { dateIssue } from '../dates';
import { InvariantError, ValidationError } from '../errors';
import { formatFen } from '../money';
import { accountName, chartAccountOf, isKnownAccount, lineageOf, Side } from './chart';

export interface PostedLine {
  account: string;
  debit: bigint;
  credit: bigint;
  date: string;
}

export interface Balance {
  side: Side | 'flat';
  amount: bigint;
}

export interface TrialBalanceRow {
  account: string;
  name: string;
  /** 1 for a chart top-level account, 2 for its sub-account, and so on. */
  level: number;
  normalSide: Side;
  opening: Balance;
  debit: bigint;
  credit: bigint;
  closing: Balance;
}

export interface TrialBalance {
  periodStart: string;
  asOf: string;
  rows: TrialBalanceRow[];
  totals: {
    openingDebit: bigint;
    openingCredit: bigint;
    debit: bigint;
    credit: bigint;
    closingDebit: bigint;
    closingCredit: bigint;
  };
}

/** Signed debit-minus-credit as a side and an amount (平 when zero). */
export function toBalance(net: bigint): Balance {
  return net > 0n ? { side: 'debit', amount: net } : net < 0n ? { side: 'credit', amount: -net } : { side: 'flat', amount: 0n };
}

/** Back to signed debit-minus-credit. */
export function netOf(b: Balance): bigint {
  return b.side === 'debit' ? b.amount : b.side === 'credit' ? -b.amount : 0n;
}

function checkDate(value: string, field: string): void {
  const issue = dateIssue(value);
  if (issue) throw ValidationError.of(field, issue);
}

/**
 * `periodStart` defaults to 1 January of `asOf`'s year (年初): lines before it
 * make up the opening balance, lines from it to `asOf` inclusive the period's
 * movement, later lines are ignored.
 */
export function trialBalance(lines: readonly PostedLine[], asOf: string, periodStart = `${asOf.slice(0, 4)}-01-01`): TrialBalance {
  checkDate(asOf, 'asOf');
  checkDate(periodStart, 'periodStart');
  if (periodStart > asOf) throw ValidationError.of('periodStart', `期初日期 ${periodStart} 晚于截止日期 ${asOf}`);

  const acc = new Map<string, { opening: bigint; debit: bigint; credit: bigint }>();
  for (const l of lines) {
    if (l.date > asOf) continue;
    if (!isKnownAccount(l.account)) throw new InvariantError(`已记账分录用了科目表中没有的科目 ${JSON.stringify(l.account)}`);
    if (l.debit < 0n || l.credit < 0n) throw new InvariantError(`科目 ${l.account} 上的已记账分录金额为负数`);
    for (const code of lineageOf(l.account)) {
      const a = acc.get(code) ?? { opening: 0n, debit: 0n, credit: 0n };
      if (l.date < periodStart) a.opening += l.debit - l.credit;
      else {
        a.debit += l.debit;
        a.credit += l.credit;
      }
      acc.set(code, a);
    }
  }

  const rows = [...acc.entries()]
    .sort(([a], [b]) => compareCodes(a, b))
    .map(([code, a]): TrialBalanceRow => ({
      account: code,
      name: accountName(code),
      level: lineageOf(code).length,
      normalSide: chartAccountOf(code).normalSide,
      opening: toBalance(a.opening),
      debit: a.debit,
      credit: a.credit,
      closing: toBalance(a.opening + a.debit - a.credit),
    }));

  const totals = { openingDebit: 0n, openingCredit: 0n, debit: 0n, credit: 0n, closingDebit: 0n, closingCredit: 0n };
  for (const r of rows.filter((r) => r.level === 1)) {
    if (r.opening.side === 'debit') totals.openingDebit += r.opening.amount;
    if (r.opening.side === 'credit') totals.openingCredit += r.opening.amount;
    totals.debit += r.debit;
    totals.credit += r.credit;
    if (r.closing.side === 'debit') totals.closingDebit += r.closing.amount;
    if (r.closing.side === 'credit') totals.closingCredit += r.closing.amount;
  }
  const pairs: [string, bigint, bigint][] = [
    ['期初', totals.openingDebit, totals.openingCredit],
    ['本期', totals.debit, totals.credit],
    ['期末', totals.closingDebit, totals.closingCredit],
  ];
  for (const [what, d, c] of pairs) {
    if (d !== c) throw new InvariantError(`截至 ${asOf} 的科目余额表不平：${what}借方 ${formatFen(d)} ≠ 贷方 ${formatFen(c)}`);
  }
  return { periodStart, asOf, rows, totals };
}

/** Signed (debit minus credit) balance of one account, sub-accounts included, over lines dated up to `asOf`. */
export function accountBalance(lines: readonly PostedLine[], account: string, asOf?: string): bigint {
  let net = 0n;
  for (const l of lines) {
    if (asOf !== undefined && l.date > asOf) continue;
    if (l.account === account || l.account.startsWith(account + '-')) net += l.debit - l.credit;
  }
  return net;
}
