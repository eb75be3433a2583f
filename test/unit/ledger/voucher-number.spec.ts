import { formatVoucherNumber, parseVoucherNumber } from '../../../src/core/ledger';
import { ValidationError } from '../../../src/core/errors';

describe('voucher numbers', () => {
  it.each([
    ['2025-12-31', 3, '2025-12-0003'],
    ['2025-01-01', 1, '2025-01-0001'],
    ['2024-02-29', 9999, '2024-02-9999'],
    ['2024-02-29', 10000, '2024-02-10000'],
  ])('formatVoucherNumber(%s, %d) = %s', (date, n, expected) => {
    expect(formatVoucherNumber(date, n)).toBe(expected);
    expect(parseVoucherNumber(expected)).toEqual({ month: date.slice(0, 7), n });
  });

  it.each([
    ['2025-02-29', 1], // not a calendar date
    ['2025-12-31', 0], // counters start at 1: 0000 would be a gap
    ['2025-12-31', 1.5],
    ['2025-12-31', -1],
  ])('refuses (%s, %d)', (date, n) => {
    expect(() => formatVoucherNumber(date, n)).toThrow(ValidationError);
  });

  it.each(['2025-12-003', '2025-13-0001', '2025-12-0000', '2025-12-00001', '2025/12/0001', ''])('does not parse %j', (s) => {
    expect(parseVoucherNumber(s)).toBeNull();
  });
});
