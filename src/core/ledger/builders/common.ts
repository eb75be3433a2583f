/** Small checks shared by the builders: they refuse bad input before any voucher exists. */
import { ValidationError } from '../../errors';

export function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw ValidationError.of(field, `${year} is not a year`);
  return year;
}

export function checkNonNegative(amount: bigint, field: string): bigint {
  if (typeof amount !== 'bigint') throw ValidationError.of(field, 'must be a bigint amount in fen');
  if (amount < 0n) throw ValidationError.of(field, 'must not be negative');
  return amount;
}

export function checkPositive(amount: bigint, field: string): bigint {
  if (checkNonNegative(amount, field) === 0n) throw ValidationError.of(field, 'must be above zero');
  return amount;
}
