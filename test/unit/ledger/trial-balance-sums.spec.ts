import fc from 'fast-check';
import { PostedLine, trialBalance } from '../../../src/core/ledger';
import { AccountSums, trialBalanceOfSums } from '../../../src/core/ledger/trial-balance';
import { InvariantError, ValidationError } from '../../../src/core/errors';

/** The lines summed per account as the database sums them: opening (before the period) and the period's, to asOf. */
function summed(lines: readonly PostedLine[], asOf: string, periodStart: string): AccountSums[] {
  const by = new Map<string, AccountSums>();
  for (const l of lines) {
    if (l.date > asOf) continue;
    const s = by.get(l.account) ?? { account: l.account, openingDebit: 0n, openingCredit: 0n, debit: 0n, credit: 0n };
    if (l.date < periodStart) {
      s.openingDebit += l.debit;
      s.openingCredit += l.credit;
    } else {
      s.debit += l.debit;
      s.credit += l.credit;
    }
    by.set(l.account, s);
  }
  return [...by.values()];
}

const sums = (account: string, openingDebit: bigint, openingCredit: bigint, debit: bigint, credit: bigint): AccountSums => ({
  account,
  openingDebit,
  openingCredit,
  debit,
  credit,
});

describe('trial balance of pre-summed rows', () => {
  it('rolls a sub-account and a deeper one up into their parents, with totals over the top level', () => {
    const tb = trialBalanceOfSums(
      [
        sums('102', 300000000n, 0n, 2100000n, 0n),
        sums('301-V01', 0n, 300000000n, 0n, 0n),
        sums('322-01-GUAR', 0n, 0n, 0n, 2100000n),
        sums('322-01-GUAR', 0n, 0n, 0n, 0n), // a second row for an account adds nothing here
      ],
      '2026-06-30',
    );
    expect(tb.rows.map((r) => [r.account, r.level, r.normalSide])).toEqual([
      ['102', 1, 'debit'],
      ['301', 1, 'credit'],
      ['301-V01', 2, 'credit'],
      ['322', 1, 'credit'],
      ['322-01', 2, 'debit'],
      ['322-01-GUAR', 3, 'debit'],
    ]);
    expect(tb.rows.find((r) => r.account === '322-01-GUAR')).toMatchObject({ name: '收益分配—各项分配—保底分红', credit: 2100000n });
    expect(tb.rows.find((r) => r.account === '322')?.closing).toEqual({ side: 'credit', amount: 2100000n });
    expect(tb.rows.find((r) => r.account === '301')?.opening).toEqual({ side: 'credit', amount: 300000000n });
    expect(tb.totals).toEqual({
      openingDebit: 300000000n,
      openingCredit: 300000000n,
      debit: 2100000n,
      credit: 2100000n,
      closingDebit: 302100000n,
      closingCredit: 302100000n,
    });
  });

  it.each([
    // A negative sum means a line the books forbid: refused, not netted into the balance.
    ['a negative opening credit', sums('102', 0n, -1n, 0n, 0n), InvariantError, '科目 102 上的已记账分录金额为负数'],
    ['a negative period debit', sums('211-V01', 0n, 0n, -5n, 0n), InvariantError, '科目 211-V01 上的已记账分录金额为负数'],
    ['an account outside the chart', sums('999', 1n, 0n, 0n, 0n), InvariantError, '科目表中没有的科目 "999"'],
  ])('refuses %s', (_what, row, error, message) => {
    expect(() => trialBalanceOfSums([row], '2025-12-31')).toThrow(error);
    expect(() => trialBalanceOfSums([row], '2025-12-31')).toThrow(message);
  });

  it('refuses sums that do not balance, saying which', () => {
    expect(() => trialBalanceOfSums([sums('102', 0n, 0n, 100n, 0n), sums('501', 0n, 0n, 0n, 99n)], '2025-12-31')).toThrow(
      '本期借方 1.00 ≠ 贷方 0.99',
    );
  });

  it.each([
    ['a date that does not exist', '2025-02-29', undefined],
    ['a period start after the as-of date', '2025-06-30', '2025-07-01'],
  ])('refuses %s', (_n, asOf, start) => {
    expect(() => trialBalanceOfSums([], asOf, start)).toThrow(ValidationError);
  });

  it('gives the line fold’s answer for any balanced vouchers on any dates', () => {
    const accountArb = fc.constantFrom(
      '102',
      '112-OPERATOR',
      '151',
      '211-V01',
      '211-FUND',
      '301-V02',
      '311',
      '322-01-GUAR',
      '322-02',
      '501',
    );
    const voucherArb = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      legs: fc.array(fc.tuple(accountArb, accountArb, fc.bigInt({ min: 1n, max: 10n ** 12n })), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(voucherArb, { maxLength: 20 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (vouchers, a, b) => {
          const lines: PostedLine[] = vouchers.flatMap((v) => {
            const date = `2025-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}`;
            return v.legs.flatMap(([x, y, amount]) => [
              { account: x, debit: amount, credit: 0n, date },
              { account: y, debit: 0n, credit: amount, date },
            ]);
          });
          const [from, to] = a <= b ? [a, b] : [b, a];
          const start = `2025-${String(from).padStart(2, '0')}-01`;
          const asOf = `2025-${String(to).padStart(2, '0')}-15`;
          expect(trialBalanceOfSums(summed(lines, asOf, start), asOf, start)).toEqual(trialBalance(lines, asOf, start));
        },
      ),
      { numRuns: 200 },
    );
  });
});
