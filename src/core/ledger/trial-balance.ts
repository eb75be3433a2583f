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
import { BookKind, chartFor, Side } from './chart';

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
 * One account's lines summed before it reaches the fold: its debits and credits dated before the period (the opening)
 * and from the period's start to `asOf` (the movement). Every amount a sum of posted amounts, so none is negative.
 */
export interface AccountSums {
  account: string;
  openingDebit: bigint;
  openingCredit: bigint;
  debit: bigint;
  credit: bigint;
}

/**
 * `periodStart` defaults to 1 January of `asOf`'s year (年初): lines before it
 * make up the opening balance, lines from it to `asOf` inclusive the period's
 * movement, later lines are ignored.
 */
export function trialBalance(
  lines: readonly PostedLine[],
  asOf: string,
  periodStart = `${asOf.slice(0, 4)}-01-01`,
  kind: BookKind = 'project',
): TrialBalance {
  checkDate(asOf, 'asOf');
  checkDate(periodStart, 'periodStart');
  const sums: AccountSums[] = [];
  for (const l of lines) {
    if (l.date > asOf) continue;
    sums.push(
      l.date < periodStart
        ? { account: l.account, openingDebit: l.debit, openingCredit: l.credit, debit: 0n, credit: 0n }
        : { account: l.account, openingDebit: 0n, openingCredit: 0n, debit: l.debit, credit: l.credit },
    );
  }
  return trialBalanceOfSums(sums, asOf, periodStart, kind);
}

/**
 * The trial balance of lines already summed per account (in the database, or carried forward at a year close): the
 * same rows, parents, totals and refusals as folding the lines themselves, since sums commute. An account may come
 * in several rows (they add up).
 */
export function trialBalanceOfSums(
  sums: Iterable<AccountSums>,
  asOf: string,
  periodStart = `${asOf.slice(0, 4)}-01-01`,
  kind: BookKind = 'project',
): TrialBalance {
  const chart = chartFor(kind);
  checkDate(asOf, 'asOf');
  checkDate(periodStart, 'periodStart');
  if (periodStart > asOf) throw ValidationError.of('periodStart', `期初日期 ${periodStart} 晚于截止日期 ${asOf}`);

  type Acc = { code: string; level: number; parent: Acc | null; opening: bigint; debit: bigint; credit: bigint };
  const acc = new Map<string, Acc>();
  // An account's accumulator, linked to its parent's: the chart is consulted once an account, not once a row.
  const accOf = (code: string): Acc => {
    const known = acc.get(code);
    if (known) return known;
    if (!chart.isKnownAccount(code)) throw new InvariantError(`已记账分录用了科目表中没有的科目 ${JSON.stringify(code)}`);
    const parentCode = chart.parentOf(code);
    const parent = parentCode === null ? null : accOf(parentCode);
    const own: Acc = { code, level: parent ? parent.level + 1 : 1, parent, opening: 0n, debit: 0n, credit: 0n };
    acc.set(code, own);
    return own;
  };
  for (const s of sums) {
    const own = accOf(s.account);
    if (s.openingDebit < 0n || s.openingCredit < 0n || s.debit < 0n || s.credit < 0n) {
      throw new InvariantError(`科目 ${s.account} 上的已记账分录金额为负数`);
    }
    // Zeros are skipped: a bigint sum allocates, and most rows have one or two of the four.
    const opening = s.openingDebit - s.openingCredit;
    for (let a: Acc | null = own; a !== null; a = a.parent) {
      if (opening !== 0n) a.opening += opening;
      if (s.debit !== 0n) a.debit += s.debit;
      if (s.credit !== 0n) a.credit += s.credit;
    }
  }

  const rows = [...acc.values()]
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((a): TrialBalanceRow => ({
      account: a.code,
      name: chart.accountName(a.code),
      level: a.level,
      normalSide: chart.chartAccountOf(a.code).normalSide,
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
