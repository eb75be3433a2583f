/**
 * Explanations a treasurer can follow with a calculator. Exact values that do
 * not end within the shown digits are truncated and marked with "…"; the
 * amounts themselves are never computed from these texts.
 */
import { formatFen, formatPercent } from '../money';
import { Allocation, tieAtBoundary } from './allocation';
import { HeldEvent } from './capital';

/** An exact amount num/den fen in yuan, with up to 6 decimals ("356557.377049…", "500000.00"). */
export function formatExact(num: bigint, den: bigint): string {
  const neg = num < 0n;
  const a = neg ? -num : num;
  const scaled = (a * 10_000n) / den;
  const exact = scaled * den === a * 10_000n;
  const s = scaled.toString().padStart(7, '0');
  let frac = s.slice(-6);
  if (exact) frac = frac.replace(/0{1,4}$/, '');
  return `${neg ? '-' : ''}${s.slice(0, -6)}.${frac}${exact ? '' : '…'}`;
}

/** A fraction rem/den in [0, 1) with 6 decimals ("0.333333…"). */
export function formatFraction(rem: bigint, den: bigint): string {
  if (rem === 0n) return '0';
  const scaled = (rem * 1_000_000n) / den;
  const exact = scaled * den === rem * 1_000_000n;
  const digits = scaled.toString().padStart(6, '0');
  return `0.${exact ? digits.replace(/0+$/, '') : digits + '…'}`;
}

/** "a × d1 + b × d2" style numerator of C_v, with signs written as an accountant would. */
function sumOfTerms(events: HeldEvent[], withDays: boolean): string {
  return events
    .map((e, i) => {
      const amt = formatFen(e.amount < 0n ? -e.amount : e.amount);
      const term = withDays ? `${amt} × ${e.days}` : amt;
      return i === 0 ? (e.amount < 0n ? `−${term}` : term) : `${e.amount < 0n ? ' − ' : ' + '}${term}`;
    })
    .join('');
}

export function capitalLines(events: HeldEvent[], D: number, timeWeighted: boolean): string[] {
  return events.map((e) => (timeWeighted ? `${e.date}: ${formatFen(e.amount)} × ${e.days}/${D}` : `${e.date}: ${formatFen(e.amount)}`));
}

/** The capital base as an expression: "500000.00 × 261/366", "(a × 365 − b × 73)/365", "a − b". */
export function capitalExpression(events: HeldEvent[], D: number, timeWeighted: boolean): string {
  if (events.length === 0) return '0.00';
  if (!timeWeighted) return sumOfTerms(events, false);
  if (events.length === 1) return `${formatFen(events[0].amount)} × ${events[0].days}/${D}`;
  return `(${sumOfTerms(events, true)})/${D}`;
}

export function rateGuaranteeText(expr: string, rate: bigint, num: bigint, den: bigint, g: bigint): string {
  return `${expr} × ${formatPercent(rate)} = ${formatExact(num * rate, den * 1_000_000n)} → HALF_UP ${formatFen(g)}`;
}

/**
 * Why a party got its amount: quota, floor, and whether one leftover fen came
 * to it (ranked by fractional part, then larger quota, then code order).
 */
export function roundingText(a: Allocation, i: number, lastTie = 'smaller code'): string {
  const num = a.nums[i];
  const floor = num / a.den;
  const rem = num - floor * a.den;
  const quota = `quota ${formatExact(num, a.den)}`;
  if (rem === 0n) return `${quota}, exact: ${formatFen(a.amounts[i])}`;
  const got = a.rank[i] < a.leftover;
  const place = `fractional part ${formatFraction(rem, a.den)} fen ranks ${a.rank[i] + 1} of ${a.nums.length}, ${a.leftover} leftover fen`;
  const tie = tieAtBoundary(a, i);
  const why = tie ? `; tied on fractional part at the cut-off, settled by ${tie === 'quota' ? 'the larger quota' : lastTie}` : '';
  return got
    ? `${quota}, floor ${formatFen(floor)} + 0.01 leftover fen (${place}${why}) = ${formatFen(a.amounts[i])}`
    : `${quota}, floor ${formatFen(floor)}, no leftover fen (${place}${why}) = ${formatFen(a.amounts[i])}`;
}

export const ROUNDING_RULE =
  'Largest remainder at every level: each party gets the floor of its exact quota in fen; the leftover fen go one each to the largest fractional parts; ties go to the larger quota, then the smaller code (ASCII order); at level 1 the pool sorts after every deduction.';
