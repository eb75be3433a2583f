import { owedAsOf, paymentOwedIssue, reversalDateIssue } from '../../../src/core/ledger';

/** What a village is owed per day: +100.00 on 2025-03-31 (a run), −60.00 on 2026-05-01 (that run reversed), +80.00 on 2026-06-01. */
const movements = [
  { date: '2025-03-31', amount: 10_000n },
  { date: '2026-05-01', amount: -6_000n },
  { date: '2026-06-01', amount: 8_000n },
];
const TODAY = '2026-06-30';

describe('owed as of a date', () => {
  it('sums every movement dated on or before the date', () => {
    expect(owedAsOf(movements, '2025-03-30')).toBe(0n);
    expect(owedAsOf(movements, '2025-03-31')).toBe(10_000n);
    expect(owedAsOf(movements, '2026-05-01')).toBe(4_000n);
    expect(owedAsOf(movements, TODAY)).toBe(12_000n);
  });
});

describe('what a payment dated D may be', () => {
  const issue = (amount: bigint, date: string) => paymentOwedIssue({ amount, date, today: TODAY, movements });

  it('up to the least owed from D on: as of D, on each later day and today', () => {
    expect(issue(4_000n, '2025-03-31')).toBeNull();
    expect(issue(12_000n, '2026-06-01')).toBeNull();
    expect(issue(12_000n, TODAY)).toBeNull();
  });

  it('more than is owed today is the amount at fault', () => {
    expect(issue(12_001n, TODAY)).toEqual({ field: 'amount', on: TODAY, owed: 12_000n });
  });

  it('before the dividend was posted, or more than was owed on D, is the date at fault', () => {
    expect(issue(1n, '2025-03-30')).toEqual({ field: 'date', on: '2025-03-30', owed: 0n });
    expect(issue(10_001n, '2026-04-15')).toEqual({ field: 'date', on: '2026-04-15', owed: 10_000n });
  });

  it('more than a later day owes (a reversal in between) names that day', () => {
    expect(issue(10_000n, '2026-04-15')).toEqual({ field: 'date', on: '2026-05-01', owed: 4_000n });
    expect(issue(4_001n, '2025-03-31')).toEqual({ field: 'date', on: '2026-05-01', owed: 4_000n });
  });

  it('never counts a balance below zero as owed', () => {
    const over = [
      { date: '2025-01-01', amount: 100n },
      { date: '2025-02-01', amount: -300n },
    ];
    expect(paymentOwedIssue({ amount: 1n, date: '2025-01-01', today: TODAY, movements: over })).toEqual({
      field: 'amount',
      on: TODAY,
      owed: -200n,
    });
  });
});

describe('a reversal date', () => {
  it('is no earlier than the voucher it reverses', () => {
    expect(reversalDateIssue('2026-06-29', '2026-06-30')).toContain('2026-06-30');
    expect(reversalDateIssue('2026-06-30', '2026-06-30')).toBeNull();
    expect(reversalDateIssue('2026-07-01', '2026-06-30')).toBeNull();
  });
});
