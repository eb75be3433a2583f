/** Small checks shared by the builders: they refuse bad input before any voucher exists. */
import { ValidationError } from '../../errors';

export function checkYear(year: number, field = 'year'): number {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw ValidationError.of(field, `${year} 不是有效年份（须为 1 到 9999 的整数）`);
  return year;
}

export function checkNonNegative(amount: bigint, field: string): bigint {
  if (typeof amount !== 'bigint') throw ValidationError.of(field, '须为以分为单位的金额（bigint）');
  if (amount < 0n) throw ValidationError.of(field, '不能为负数');
  return amount;
}

export function checkPositive(amount: bigint, field: string): bigint {
  if (checkNonNegative(amount, field) === 0n) throw ValidationError.of(field, '须大于零');
  return amount;
}
