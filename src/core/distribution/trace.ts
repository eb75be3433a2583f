/**
 * Explanations a treasurer can follow with a calculator. Exact values that do
 * not end within the shown digits are truncated and marked with "…"; the
 * amounts themselves are never computed from these texts.
 */
import { formatFen, formatPercent } from '../money';
import { Allocation, tieAtBoundary } from './allocation';
import { HeldEvents } from './capital';

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

/**
 * Each event as it counts in the year ("2024-04-15: 500000.00 × 261/366") and
 * the capital base as one expression: "500000.00 × 261/366",
 * "(a × 365 − b × 73)/365", or for year_end "a − b".
 */
export function capitalTexts({ events, days }: HeldEvents, D: number, timeWeighted: boolean): { lines: string[]; expr: string } {
  const lines = new Array<string>(events.length);
  let sum = '';
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const neg = e.amount < 0n;
    const amt = formatFen(neg ? -e.amount : e.amount);
    const signed = neg ? '-' + amt : amt;
    lines[i] = timeWeighted ? `${e.date}: ${signed} × ${days[i]}/${D}` : `${e.date}: ${signed}`;
    const term = timeWeighted ? `${amt} × ${days[i]}` : amt;
    sum += i === 0 ? (neg ? '−' + term : term) : (neg ? ' − ' : ' + ') + term;
  }
  if (events.length === 0) return { lines, expr: '0.00' };
  if (timeWeighted && events.length === 1) return { lines, expr: `${sum}/${D}` };
  return { lines, expr: timeWeighted ? `(${sum})/${D}` : sum };
}

export function rateGuaranteeText(expr: string, rate: bigint, num: bigint, den: bigint, g: bigint): string {
  return `${expr} × ${formatPercent(rate)} = ${formatExact(num * rate, den * 1_000_000n)} → HALF_UP ${formatFen(g)}`;
}

/**
 * Why a party got its amount: quota, floor, and whether one leftover fen came
 * to it (ranked by fractional part, then larger quota, then code order).
 */
export function roundingText(a: Allocation, i: number, lastTie = 'smaller code'): string {
  const rem = a.rems[i];
  const quota = `quota ${formatExact(a.nums[i], a.den)}`;
  if (rem === 0n) return `${quota}, exact: ${formatFen(a.amounts[i])}`;
  const got = a.rank[i] < a.leftover;
  const floor = got ? a.amounts[i] - 1n : a.amounts[i];
  const place = `fractional part ${formatFraction(rem, a.den)} fen ranks ${a.rank[i] + 1} of ${a.nums.length}, ${a.leftover} leftover fen`;
  const tie = tieAtBoundary(a, i);
  const why = tie ? `; tied on fractional part at the cut-off, settled by ${tie === 'quota' ? 'the larger quota' : lastTie}` : '';
  return got
    ? `${quota}, floor ${formatFen(floor)} + 0.01 leftover fen (${place}${why}) = ${formatFen(a.amounts[i])}`
    : `${quota}, floor ${formatFen(floor)}, no leftover fen (${place}${why}) = ${formatFen(a.amounts[i])}`;
}

export const ROUNDING_RULE =
  'Largest remainder at every level: each party gets the floor of its exact quota in fen; the leftover fen go one each to the largest fractional parts; ties go to the larger quota, then the smaller code (ASCII order); at level 1 the pool sorts after every deduction.';
