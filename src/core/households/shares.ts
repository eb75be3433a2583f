import { formatMicro, MICRO, weightIssue } from '../money';

/**
 * Share units (股数) of a household's holding: a decimal string above zero with at most 6 decimals, kept exact as
 * millionths (bigint) in code and numeric(18,6) in the database.
 */

/** Below 10^12 units: numeric(18,6) holds 12 integer digits. */
const UNITS_LIMIT = 10n ** 12n * MICRO;

/** Why `value` is not a number of share units, or null. */
export function unitsIssue(value: unknown): string | null {
  const issue = weightIssue(value);
  if (issue) return issue.replace(/权重/g, '股数');
  const micro = toMicro(value as string);
  if (micro === 0n) return '股数须大于零：没有该股种的户不必登记';
  if (micro >= UNITS_LIMIT) return '股数须小于 10^12';
  return null;
}

/** Units in millionths ("1.5" → 1500000n); call after unitsIssue said null. */
export function toMicro(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int) * MICRO + BigInt(frac.padEnd(6, '0'));
}

/** Millionths as the shortest decimal string ("1500000" → "1.5"). */
export function formatUnits(micro: bigint): string {
  return formatMicro(micro);
}
