import Decimal from 'decimal.js';

/**
 * Ratios the reports show next to exact amounts: a dividend as a percentage of
 * capital, a figure per mushroom log. They are presentations, rounded half-up
 * to two decimals with decimal.js, and never feed back into an amount
 * (docs/decisions.md). Amounts come in as bigint fen.
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/** `part / whole` as a percentage with two decimals ("6.00"); null when `whole` is zero. */
export function percentOf(partFen: bigint, wholeFen: bigint): string | null {
  if (wholeFen === 0n) return null;
  return new Exact(partFen.toString()).times(100).dividedBy(wholeFen.toString()).toFixed(2, Decimal.ROUND_HALF_UP);
}

/** Yuan per unit with two decimals ("1.23" yuan per log); null when there are no units. */
export function yuanPer(amountFen: bigint, units: bigint): string | null {
  if (units === 0n) return null;
  return new Exact(amountFen.toString()).dividedBy(100).dividedBy(units.toString()).toFixed(2, Decimal.ROUND_HALF_UP);
}

/** The exact sum of decimal strings (share units, weights: up to twelve decimals), as the shortest decimal string. */
export function decimalSum(values: readonly string[]): string {
  return values.reduce((sum, v) => sum.plus(v), new Exact(0)).toFixed();
}

/** The exact product of two decimal strings (units × a kind's weight), as the shortest decimal string ("7.5"). */
export function decimalProduct(a: string, b: string): string {
  return new Exact(a).times(b).toFixed();
}
