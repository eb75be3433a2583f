/**
 * Level 1: each deduction's exact amount on S1, as a numerator over one
 * million (rates are in millionths): `rate * S1`, tiered brackets where
 * each bracket's rate applies to the part of S1 between the previous limit
 * and its own `upTo`, or (the member distribution's only) a fixed amount.
 */
import { MICRO, formatFen, formatPercent } from '../money';
import { Deduction } from './policy';

/**
 * A deduction at level 1. The project's policy parser makes only rates and brackets; a fixed amount (quota = the
 * amount exactly) is the member distribution's alone (a village keeps 2,000.00 for public welfare).
 */
export type SplitDeduction = Deduction | { code: string; name?: string; kind: 'amount'; amount: bigint };

export interface DeductionQuota {
  /** Exact amount in fen = num / MICRO. */
  num: bigint;
  /** How it was computed, with numbers. */
  formula: string;
}

export function deductionQuota(d: SplitDeduction, S1: bigint): DeductionQuota {
  if (d.kind === 'rate') return { num: S1 * d.rate, formula: `${formatPercent(d.rate)} × ${formatFen(S1)}` };
  if (d.kind === 'amount') return { num: d.amount * MICRO, formula: `固定金额 ${formatFen(d.amount)}` };
  let num = 0n;
  let lower = 0n;
  const parts: string[] = [];
  for (const b of d.brackets) {
    const upper = b.upTo === null || b.upTo > S1 ? S1 : b.upTo;
    if (upper > lower) {
      const portion = upper - lower;
      num += portion * b.rate;
      parts.push(`${formatPercent(b.rate)} × ${lower === 0n ? formatFen(portion) : `(${formatFen(upper)} − ${formatFen(lower)})`}`);
    }
    if (b.upTo === null || b.upTo >= S1) break;
    lower = b.upTo;
  }
  return { num, formula: parts.length ? parts.join(' + ') : `S1 = ${formatFen(S1)}，没有落入任何一档的部分` };
}
