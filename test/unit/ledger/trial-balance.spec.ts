import fc from 'fast-check';
import {
  buildCapitalEvent,
  buildDistributionRun,
  buildYearClose,
  buildYearResult,
  PostedLine,
  trialBalance,
  TrialBalanceRow,
} from '../../../src/core/ledger';
import { InvariantError, ValidationError } from '../../../src/core/errors';
import { expectedResult, post } from './support';

function row(rows: TrialBalanceRow[], account: string): TrialBalanceRow {
  const r = rows.find((x) => x.account === account);
  if (!r) throw new Error(`no row ${account}`);
  return r;
}

/** Scenario 01's books: six villages at 500,000.00, the 2025 result, its close and distribution. */
function seedBooks(): PostedLine[] {
  const books: PostedLine[] = [];
  for (const v of ['V01', 'V02', 'V03', 'V04', 'V05', 'V06']) {
    post(books, buildCapitalEvent({ village: v, date: '2024-04-15', amount: 50000000n, kind: 'cash' }));
  }
  post(books, buildYearResult({ year: 2025, date: '2025-12-31', revenue: 186000000n, costs: 165000000n }));
  post(books, buildYearClose({ year: 2025, date: '2025-12-31', revenue: 186000000n, costs: 165000000n }));
  post(books, buildDistributionRun(expectedResult('01-seed-dinghu-2025'), { date: '2026-03-31' }));
  return books;
}

describe('trial balance', () => {
  const books = seedBooks();

  it('shows 2025 with the capital as opening and the year as movement', () => {
    const tb = trialBalance(books, '2025-12-31');
    expect(tb.periodStart).toBe('2025-01-01');
    expect(row(tb.rows, '102')).toMatchObject({
      name: '银行存款',
      level: 1,
      normalSide: 'debit',
      opening: { side: 'debit', amount: 300000000n },
      debit: 186000000n,
      credit: 165000000n,
      closing: { side: 'debit', amount: 321000000n },
    });
    expect(row(tb.rows, '301')).toMatchObject({ opening: { side: 'credit', amount: 300000000n }, debit: 0n, credit: 0n });
    expect(row(tb.rows, '301-V03')).toMatchObject({ name: '资本—V03', level: 2, closing: { side: 'credit', amount: 50000000n } });
    // Closed: 501 and 511 and 321 are flat, the result waits in 322-02 until distributed in 2026.
    expect(row(tb.rows, '501').closing).toEqual({ side: 'flat', amount: 0n });
    expect(row(tb.rows, '321').closing).toEqual({ side: 'flat', amount: 0n });
    expect(row(tb.rows, '322-02').closing).toEqual({ side: 'credit', amount: 21000000n });
    expect(tb.rows.some((r) => r.account.startsWith('211'))).toBe(false);
    expect(tb.totals).toEqual({
      openingDebit: 300000000n,
      openingCredit: 300000000n,
      debit: 186000000n + 165000000n + 186000000n + 165000000n + 21000000n,
      credit: 186000000n + 165000000n + 186000000n + 165000000n + 21000000n,
      closingDebit: 321000000n,
      closingCredit: 321000000n,
    });
  });

  it('rolls sub-accounts up into their parents after the distribution', () => {
    const tb = trialBalance(books, '2026-12-31');
    // 6 × 30,000.00 guaranteed + 6 × 4,500.00 profit = 207,000.00 owed; 3,000.00 to the reserve.
    expect(row(tb.rows, '211').closing).toEqual({ side: 'credit', amount: 20700000n });
    expect(row(tb.rows, '211-V01').closing).toEqual({ side: 'credit', amount: 3450000n });
    expect(row(tb.rows, '311').closing).toEqual({ side: 'credit', amount: 300000n });
    expect(row(tb.rows, '322-01')).toMatchObject({ debit: 21000000n, credit: 21000000n, closing: { side: 'flat', amount: 0n } });
    expect(row(tb.rows, '322-01-GUAR')).toMatchObject({ name: '收益分配—各项分配—保底分红', level: 3, debit: 18000000n });
    expect(row(tb.rows, '322')).toMatchObject({ opening: { side: 'credit', amount: 21000000n }, closing: { side: 'flat', amount: 0n } });
    // Parents come before their children, in code order.
    const codes = tb.rows.map((r) => r.account);
    expect(codes.slice(0, 4)).toEqual(['102', '211', '211-V01', '211-V02']);
    expect(codes.indexOf('322')).toBeLessThan(codes.indexOf('322-01'));
  });

  it('ignores lines after the as-of date and honours an explicit period start', () => {
    const tb = trialBalance(books, '2024-12-31', '2024-04-16');
    expect(row(tb.rows, '102')).toMatchObject({ opening: { side: 'debit', amount: 300000000n }, debit: 0n, credit: 0n });
    expect(tb.rows.find((r) => r.account === '501')).toBeUndefined();
  });

  it('refuses books that do not balance, by saying so', () => {
    const broken: PostedLine[] = [...books, { account: '102', debit: 1n, credit: 0n, date: '2025-06-30' }];
    expect(() => trialBalance(broken, '2025-12-31')).toThrow(InvariantError);
    expect(() => trialBalance(broken, '2025-12-31')).toThrow('本期借方 7230000.01 ≠ 贷方 7230000.00');
  });

  it.each([
    ['a date that does not exist', '2025-02-29', undefined, ValidationError],
    ['a period start after the as-of date', '2025-06-30', '2025-07-01', ValidationError],
  ])('refuses %s', (_n, asOf, start, error) => {
    expect(() => trialBalance(books, asOf, start)).toThrow(error);
  });

  it('refuses a line on an account outside the chart', () => {
    expect(() => trialBalance([{ account: '999', debit: 1n, credit: 0n, date: '2025-01-01' }], '2025-12-31')).toThrow(InvariantError);
  });

  it('balances for any set of balanced vouchers on any dates', () => {
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
      '511',
    );
    const voucherArb = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      legs: fc.array(fc.tuple(accountArb, accountArb, fc.bigInt({ min: 1n, max: 10n ** 12n })), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(voucherArb, { maxLength: 20 }), fc.integer({ min: 4, max: 12 }), (vouchers, m) => {
        const lines: PostedLine[] = vouchers.flatMap((v) => {
          const date = `2025-${String(v.month).padStart(2, '0')}-${String(v.day).padStart(2, '0')}`;
          return v.legs.flatMap(([a, b, amount]) => [
            { account: a, debit: amount, credit: 0n, date },
            { account: b, debit: 0n, credit: amount, date },
          ]);
        });
        const asOf = `2025-${String(m).padStart(2, '0')}-28`;
        const tb = trialBalance(lines, asOf, '2025-04-01');
        const inPeriod = lines.filter((l) => l.date >= '2025-04-01' && l.date <= asOf);
        expect(tb.totals.debit).toBe(inPeriod.reduce((s, l) => s + l.debit, 0n));
        expect(tb.totals.closingDebit).toBe(tb.totals.closingCredit);
      }),
      { numRuns: 200 },
    );
  });
});
