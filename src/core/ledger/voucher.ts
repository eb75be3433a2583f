/**
 * The voucher (记账凭证) value object and the double-entry rule every posting
 * obeys. Amounts are bigint fen; a line is a debit or a credit of a positive
 * amount, never both, never zero.
 */
import { compareCodes } from '../codes';
import { dateIssue } from '../dates';
import { InvariantError, ValidationError } from '../errors';
import { formatFen } from '../money';
import { BookKind, chartFor } from './chart';

export interface VoucherLine {
  account: string;
  debit: bigint;
  credit: bigint;
  memo?: string;
}

export interface Voucher {
  date: string;
  summary: string;
  lines: readonly VoucherLine[];
}

export function dr(account: string, amount: bigint, memo?: string): VoucherLine {
  return memo === undefined ? { account, debit: amount, credit: 0n } : { account, debit: amount, credit: 0n, memo };
}

export function cr(account: string, amount: bigint, memo?: string): VoucherLine {
  return memo === undefined ? { account, debit: 0n, credit: amount } : { account, debit: 0n, credit: amount, memo };
}

/** Sums of a voucher's sides. */
export function totals(v: Voucher): { debit: bigint; credit: bigint } {
  let debit = 0n;
  let credit = 0n;
  for (const l of v.lines) {
    debit += l.debit;
    credit += l.credit;
  }
  return { debit, credit };
}

/** Double entry: each line one positive side, sum of debits = sum of credits > 0. */
export function assertBalanced(v: Voucher): void {
  const where = `凭证 ${JSON.stringify(v.summary)}（${v.date}）`;
  if (!Array.isArray(v.lines) || v.lines.length === 0) throw new InvariantError(`${where}没有分录`);
  v.lines.forEach((l, i) => {
    // typeof guards against a number sneaking in: 0.1 + 0.2 would never balance in fen.
    if (typeof l.debit !== 'bigint' || typeof l.credit !== 'bigint') {
      throw new InvariantError(`${where}第 ${i + 1} 行（${l.account}）：金额须为以分为单位的整数（bigint）`);
    }
    if (l.debit < 0n || l.credit < 0n) throw new InvariantError(`${where}第 ${i + 1} 行（${l.account}）：金额为负数`);
    if (l.debit > 0n === l.credit > 0n) {
      throw new InvariantError(`${where}第 ${i + 1} 行（${l.account}）：须借贷二选一，且金额大于零`);
    }
  });
  const t = totals(v);
  if (t.debit !== t.credit) {
    throw new InvariantError(`${where}借贷不平：借方 ${formatFen(t.debit)} ≠ 贷方 ${formatFen(t.credit)}`);
  }
}

/** Debits first (先借后贷), then account code, then memo: the same lines always print the same way. */
function compareLines(a: VoucherLine, b: VoucherLine): number {
  const side = (l: VoucherLine) => (l.debit > 0n ? 0 : 1);
  return side(a) - side(b) || compareCodes(a.account, b.account) || compareCodes(a.memo ?? '', b.memo ?? '');
}

/**
 * Builds a checked, frozen voucher. Zero lines are dropped (a zero share is not
 * a posting); when nothing non-zero is left the result is null, not a voucher. Its accounts are checked against
 * the chart of the kind of book it is meant for (a project's unless said).
 */
export function makeVoucher(date: string, summary: string, lines: VoucherLine[], book: BookKind = 'project'): Voucher | null {
  const dateProblem = dateIssue(date);
  if (dateProblem) throw ValidationError.of('date', dateProblem);
  if (typeof summary !== 'string' || summary.trim() === '') throw ValidationError.of('summary', '凭证须有摘要');
  const kept = lines.filter((l) => l.debit !== 0n || l.credit !== 0n);
  if (kept.length === 0) return null;
  const chart = chartFor(book);
  for (const l of kept) {
    if (!chart.isKnownAccount(l.account)) throw ValidationError.of('account', `${JSON.stringify(l.account)} 不是科目表中的科目`);
  }
  const sorted = kept.map((l) => Object.freeze({ ...l })).sort(compareLines);
  const voucher: Voucher = Object.freeze({ date, summary, lines: Object.freeze(sorted) });
  assertBalanced(voucher);
  return voucher;
}

/** Drops the nulls of vouchers that had nothing to post. */
export function present(vouchers: (Voucher | null)[]): Voucher[] {
  return vouchers.filter((v): v is Voucher => v !== null);
}
