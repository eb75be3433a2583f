/**
 * Voucher numbers (凭证号): `YYYY-MM-NNNN`, gapless per project per month. The
 * database allocates n inside the posting transaction; this only formats it.
 */
import { dateIssue } from '../dates';
import { ValidationError } from '../errors';

const NUMBER = /^([0-9]{4})-([0-9]{2})-([0-9]{4,})$/;

/** `formatVoucherNumber('2025-12-31', 3)` → `2025-12-0003`; past 9999 the counter just widens. */
export function formatVoucherNumber(date: string, n: number): string {
  const issue = dateIssue(date);
  if (issue) throw ValidationError.of('date', issue);
  if (!Number.isSafeInteger(n) || n < 1) throw ValidationError.of('n', `${n} 不是有效的凭证序号（须为从 1 起的整数）`);
  return `${date.slice(0, 7)}-${String(n).padStart(4, '0')}`;
}

/** The month and counter of a voucher number, or null when it is not one. */
export function parseVoucherNumber(value: string): { month: string; n: number } | null {
  const m = NUMBER.exec(value);
  if (!m) return null;
  const n = Number(m[3]);
  const month = Number(m[2]);
  // No leading zeros beyond the 4-digit padding: one counter, one spelling.
  if (month < 1 || month > 12 || n < 1 || !Number.isSafeInteger(n) || String(n).padStart(4, '0') !== m[3]) return null;
  return { month: `${m[1]}-${m[2]}`, n };
}
