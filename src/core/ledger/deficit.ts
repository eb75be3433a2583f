/**
 * B, the deficit brought forward, is read from the books: after a year is
 * distributed, 322-02 未分配收益 holds exactly the rulebook's B' as a debit
 * balance (see docs/ledger.md for why, and when it does not).
 */
import { ValidationError } from '../errors';
import { formatFen } from '../money';

/** `balance322_02` is signed debit minus credit. Returns B for the next year. */
export function deficitFromBalance(balance322_02: bigint): bigint {
  if (typeof balance322_02 !== 'bigint') throw ValidationError.of('322-02', '余额须为以分为单位的整数（bigint）');
  if (balance322_02 >= 0n) return balance322_02;
  // A credit balance can only be a closed result not (yet) distributed, or a
  // reversed run: the rulebook has no "surplus brought forward", so using 0
  // would silently drop that money from every future distribution.
  throw ValidationError.of(
    '322-02',
    `未分配收益（322-02）有贷方余额 ${formatFen(-balance322_02)}：请先完成上一年度的分红（或重新计算），再计算下一年度`,
  );
}
