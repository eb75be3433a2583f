/**
 * The opening balance (期初余额, spec onboarding.md): what the old books held on
 * the cut-over date D, posted as one voucher dated D, the first of the
 * project's chain. Only the balance-sheet accounts the old books hand over are
 * allowed, each on its normal side, and each village's capital (301-<village>)
 * must equal its capital history to the fen: the engine weighs that history,
 * the books carry the voucher, and the two must never disagree.
 */
import { FieldIssue, ValidationError } from '../../errors';
import { formatFen } from '../../money';
import { BANK, FIXED_ASSETS, OPERATOR_RECEIVABLE, RESERVE, UNDISTRIBUTED } from '../accounts';
import { isKnownAccount } from '../chart';
import { cr, dr, makeVoucher, Voucher } from '../voucher';

export const OPENING_SUMMARY = '期初余额';

export interface OpeningLine {
  account: string;
  debit: bigint;
  credit: bigint;
}

export interface OpeningContext {
  /** The cut-over date D: the voucher's date. */
  date: string;
  /** Each participating village's capital on D, by code: the sum of its capital events dated on or before D (fen). */
  capital: ReadonlyMap<string, bigint>;
}

const ALLOWED = '102、112-OPERATOR、151、211-<代码>、301-<村代码>、311、322-02';

/** The side an account takes in an opening balance, or why it cannot be in one. */
function sideOf(account: string, capital: ReadonlyMap<string, bigint>): { side: 'debit' | 'credit' } | { issue: string } {
  if (account === BANK || account === OPERATOR_RECEIVABLE || account === FIXED_ASSETS || account === UNDISTRIBUTED) {
    return { side: 'debit' };
  }
  if (account === RESERVE) return { side: 'credit' };
  if (/^211-./.test(account) && isKnownAccount(account)) return { side: 'credit' };
  if (/^301-./.test(account) && isKnownAccount(account)) {
    const village = account.slice(4);
    return capital.has(village) ? { side: 'credit' } : { issue: `村 ${village} 没有参与本项目，不能有期初资本` };
  }
  return { issue: `期初余额不能记入科目 ${JSON.stringify(account.slice(0, 64))}：只能记 ${ALLOWED}` };
}

/** Why a side is wrong for the account: 322-02 gets its own reason, the others their normal side. */
function wrongSide(account: string, side: 'debit' | 'credit'): string {
  if (account === UNDISTRIBUTED) {
    // The rulebook has a deficit brought forward, never a surplus: a credit here could never be distributed.
    return '未分配收益（322-02）只能是借方（以前年度结转的亏损）：旧账中未分配的盈余请先在旧账中分配（记入 211 应付款），再记期初余额';
  }
  return side === 'debit' ? `科目 ${account} 的期初余额须在借方` : `科目 ${account} 的期初余额须在贷方`;
}

/** Every problem of the lines at once, each naming its line (`lines[2].credit`); empty when they can be posted. */
export function openingBalanceIssues(ctx: OpeningContext, lines: readonly OpeningLine[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (lines.length === 0) return [{ field: 'lines', message: '期初余额至少要有一行' }];
  const seen = new Map<string, number>();
  let debit = 0n;
  let credit = 0n;
  lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    const first = seen.get(l.account);
    if (first !== undefined) issues.push({ field: `${at}.account`, message: `科目 ${l.account} 已在第 ${first + 1} 行：每个科目只写一行` });
    else seen.set(l.account, i);
    if (l.debit < 0n || l.credit < 0n || l.debit > 0n === l.credit > 0n) {
      issues.push({ field: at, message: '须借贷二选一：一方金额大于零，另一方为零' });
      return;
    }
    debit += l.debit;
    credit += l.credit;
    const rule = sideOf(l.account, ctx.capital);
    if ('issue' in rule) {
      issues.push({ field: `${at}.account`, message: rule.issue });
      return;
    }
    const side = l.debit > 0n ? 'debit' : 'credit';
    if (side !== rule.side) issues.push({ field: `${at}.${side}`, message: wrongSide(l.account, rule.side) });
    else if (l.account.startsWith('301-')) {
      const village = l.account.slice(4);
      const history = ctx.capital.get(village)!;
      if (l.credit !== history) {
        issues.push({
          field: `${at}.credit`,
          message: `村 ${village} 截至 ${ctx.date} 的出资记录合计 ${formatFen(history)}，期初资本 ${formatFen(l.credit)} 须与之相等`,
        });
      }
    }
  });
  for (const [village, amount] of ctx.capital) {
    if (amount !== 0n && !seen.has(`301-${village}`)) {
      issues.push({
        field: 'lines',
        message: `村 ${village} 截至 ${ctx.date} 有出资 ${formatFen(amount)}，期初余额缺少 301-${village} 一行`,
      });
    }
  }
  if (debit !== credit) issues.push({ field: 'lines', message: `借贷不平：借方合计 ${formatFen(debit)}，贷方合计 ${formatFen(credit)}` });
  return issues;
}

/** The opening voucher, 摘要 "期初余额", dated D; every problem of the lines in one ValidationError. */
export function buildOpeningBalance(ctx: OpeningContext, lines: readonly OpeningLine[]): Voucher {
  const issues = openingBalanceIssues(ctx, lines);
  if (issues.length > 0) throw new ValidationError(issues, 'OPENING_BALANCE_INVALID');
  const v = makeVoucher(
    ctx.date,
    OPENING_SUMMARY,
    lines.map((l) => (l.debit > 0n ? dr(l.account, l.debit) : cr(l.account, l.credit))),
  );
  // Lines checked above are each positive, so the voucher is never empty.
  return v!;
}
