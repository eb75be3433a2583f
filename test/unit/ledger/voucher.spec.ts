import { assertBalanced, cr, dr, makeVoucher, Voucher, VoucherLine } from '../../../src/core/ledger';
import { InvariantError, ValidationError } from '../../../src/core/errors';
import { rows } from './support';

const v = (lines: VoucherLine[]): Voucher => ({ date: '2025-12-31', summary: '测试', lines });

describe('assertBalanced', () => {
  it.each<[string, VoucherLine[], string]>([
    // Money created from nothing: one side bigger than the other.
    ['unbalanced by one fen', [dr('102', 100n), cr('501', 99n)], '借贷不平：借方 1.00 ≠ 贷方 0.99'],
    // A voucher that moves nothing hides a missing posting.
    ['no lines', [], '没有分录'],
    ['a zero line', [dr('102', 0n), cr('501', 0n)], '须借贷二选一'],
    // A negative debit is a credit in disguise and flips a balance silently.
    ['a negative debit', [dr('102', -100n), cr('501', -100n)], '金额为负数'],
    ['a negative credit balancing a debit', [dr('102', 100n), cr('501', 200n), cr('511', -100n)], '金额为负数'],
    // A line on both sides cannot be read as a debit or a credit.
    ['a line with both sides', [{ account: '102', debit: 100n, credit: 100n }, dr('511', 1n), cr('501', 1n)], '须借贷二选一'],
    // JavaScript numbers lose fen; they must never reach a voucher.
    ['a number amount', [{ account: '102', debit: 1 as unknown as bigint, credit: 0n }, cr('501', 1n)], 'bigint'],
  ])('refuses %s', (_name, lines, message) => {
    expect(() => assertBalanced(v(lines))).toThrow(InvariantError);
    expect(() => assertBalanced(v(lines))).toThrow(message);
  });

  it('accepts a balanced voucher with several lines', () => {
    expect(() => assertBalanced(v([dr('322-01-GUAR', 300n), cr('211-V01', 100n), cr('211-V02', 200n)]))).not.toThrow();
  });
});

describe('makeVoucher', () => {
  it('orders debits first, then by account code and memo, whatever the input order', () => {
    const lines = [
      cr('211-V02', 200n),
      cr('211-FUND', 50n, 'risk'),
      dr('322-01-PROFIT', 350n),
      cr('211-FUND', 50n, 'poor'),
      cr('211-V01', 50n),
    ];
    const made = makeVoucher('2025-12-31', '2025年度利润分成', lines)!;
    expect(rows(made)).toEqual([
      'Dr 322-01-PROFIT 3.50',
      'Cr 211-FUND 0.50 (poor)',
      'Cr 211-FUND 0.50 (risk)',
      'Cr 211-V01 0.50',
      'Cr 211-V02 2.00',
    ]);
    expect(makeVoucher('2025-12-31', '2025年度利润分成', [...lines].reverse())).toEqual(made);
  });

  it('drops zero lines and returns null when nothing is left', () => {
    expect(rows(makeVoucher('2025-12-31', 'x', [dr('102', 5n), cr('501', 5n), cr('211-V01', 0n)])!)).toEqual([
      'Dr 102 0.05',
      'Cr 501 0.05',
    ]);
    expect(makeVoucher('2025-12-31', 'x', [dr('102', 0n), cr('501', 0n)])).toBeNull();
  });

  it('is frozen: a posted voucher cannot be edited in memory either', () => {
    const made = makeVoucher('2025-12-31', 'x', [dr('102', 5n), cr('501', 5n)])!;
    expect(Object.isFrozen(made) && Object.isFrozen(made.lines) && Object.isFrozen(made.lines[0])).toBe(true);
  });

  it.each([
    ['2025-02-29', '测试', '102', ValidationError], // not a calendar date: the period would be wrong
    ['2025-12-31', ' ', '102', ValidationError], // a voucher without 摘要 cannot be audited
    ['2025-12-31', '测试', '999', ValidationError], // an account outside the chart
  ])('refuses date %s, summary %j, account %s', (date, summary, account, error) => {
    expect(() => makeVoucher(date, summary, [dr(account, 1n), cr('501', 1n)])).toThrow(error);
  });

  it('still refuses an unbalanced voucher', () => {
    expect(() => makeVoucher('2025-12-31', 'x', [dr('102', 2n), cr('501', 1n)])).toThrow(InvariantError);
  });
});
