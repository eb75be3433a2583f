import {
  buildCapitalEvent,
  buildOperatorPayment,
  buildOperatorTopUp,
  buildVillagePayment,
  buildYearClose,
  buildYearResult,
  reverse,
} from '../../../src/core/ledger';
import { ValidationError } from '../../../src/core/errors';
import { rows } from './support';

const D = '2025-12-31';

describe('capital events', () => {
  it.each([
    ['cash', 50000000n, '收到程壁村现金出资', ['Dr 102 500000.00', 'Cr 301-V01 500000.00']],
    ['cash', -12345n, '退还程壁村现金出资', ['Dr 301-V01 123.45', 'Cr 102 123.45']],
    ['asset', 20000000n, '程壁村以资产作价出资', ['Dr 151 200000.00', 'Cr 301-V01 200000.00']],
    ['asset', -1n, '程壁村撤回资产出资', ['Dr 301-V01 0.01', 'Cr 151 0.01']],
  ] as const)('%s %s posts %s', (kind, amount, summary, expected) => {
    const [v, ...more] = buildCapitalEvent({ village: 'V01', villageName: '程壁村', date: '2024-04-15', amount, kind });
    expect(more).toEqual([]);
    expect(v.summary).toBe(summary);
    expect(v.date).toBe('2024-04-15');
    expect(rows(v)).toEqual(expected);
  });

  it('posts nothing for a zero amount and refuses a bad village code', () => {
    expect(buildCapitalEvent({ village: 'V01', date: D, amount: 0n, kind: 'cash' })).toEqual([]);
    expect(() => buildCapitalEvent({ village: 'V 01', date: D, amount: 1n, kind: 'cash' })).toThrow(ValidationError);
  });
});

describe('year result and close', () => {
  const profit = { year: 2025, date: D, revenue: 186000000n, costs: 165000000n };

  it('posts revenue and costs through the bank', () => {
    const vs = buildYearResult(profit);
    expect(vs.map((v) => v.summary)).toEqual(['2025年度经营收入', '2025年度经营支出']);
    expect(vs.map(rows)).toEqual([
      ['Dr 102 1860000.00', 'Cr 501 1860000.00'],
      ['Dr 511 1650000.00', 'Cr 102 1650000.00'],
    ]);
  });

  it('closes a profit into 322-02 as a credit', () => {
    const vs = buildYearClose(profit);
    expect(vs.map((v) => v.summary)).toEqual(['结转2025年度经营收入', '结转2025年度经营支出', '结转2025年度本年收益']);
    expect(vs.map(rows)).toEqual([
      ['Dr 501 1860000.00', 'Cr 321 1860000.00'],
      ['Dr 321 1650000.00', 'Cr 511 1650000.00'],
      ['Dr 321 210000.00', 'Cr 322-02 210000.00'],
    ]);
  });

  it('closes a loss into 322-02 as a debit (scenario 05a: -120000.00)', () => {
    const vs = buildYearClose({ year: 2024, date: '2024-12-31', revenue: 98000000n, costs: 110000000n });
    expect(vs[2].summary).toBe('结转2024年度本年亏损');
    expect(rows(vs[2])).toEqual(['Dr 322-02 120000.00', 'Cr 321 120000.00']);
  });

  it('skips what is zero: no revenue, no costs, break-even', () => {
    expect(buildYearResult({ year: 2025, date: D, revenue: 0n, costs: 0n })).toEqual([]);
    expect(buildYearClose({ year: 2025, date: D, revenue: 500n, costs: 500n }).map((v) => v.summary)).toEqual([
      '结转2025年度经营收入',
      '结转2025年度经营支出',
    ]);
  });

  it.each([
    [{ revenue: -1n, costs: 0n }], // negative revenue would reverse the books' sign of profit
    [{ revenue: 0n, costs: -1n }],
  ])('refuses %p', (bad) => {
    expect(() => buildYearResult({ year: 2025, date: D, ...bad })).toThrow(ValidationError);
    expect(() => buildYearClose({ year: 2025, date: D, ...bad })).toThrow(ValidationError);
  });
});

describe('operator top-up and payments', () => {
  it('books the top-up as owed by the operator and distributable', () => {
    const [v] = buildOperatorTopUp({ year: 2025, date: D, amount: 1234567n });
    expect(v.summary).toBe('运营方补齐2025年度保底分红差额');
    expect(rows(v)).toEqual(['Dr 112-OPERATOR 12345.67', 'Cr 322-02 12345.67']);
    expect(buildOperatorTopUp({ year: 2025, date: D, amount: 0n })).toEqual([]);
  });

  it('pays a village what it is owed, and no more', () => {
    const [v] = buildVillagePayment({ village: 'V01', villageName: '程壁村', date: '2026-01-10', amount: 3450000n, owed: 3450000n });
    expect(v.summary).toBe('支付程壁村分红款');
    expect(rows(v)).toEqual(['Dr 211-V01 34500.00', 'Cr 102 34500.00']);
    // One fen over would pay money the village is not owed.
    expect(() => buildVillagePayment({ village: 'V01', date: D, amount: 3450001n, owed: 3450000n })).toThrow(
      '34500.01 超过了应付 V01 的金额（34500.00）',
    );
    expect(() => buildVillagePayment({ village: 'V01', date: D, amount: 0n, owed: 5n })).toThrow(ValidationError);
  });

  it('receives the operator payment against its receivable', () => {
    const [v] = buildOperatorPayment({ date: D, amount: 100n, outstanding: 100n });
    expect(v.summary).toBe('收到运营方补齐款');
    expect(rows(v)).toEqual(['Dr 102 1.00', 'Cr 112-OPERATOR 1.00']);
    expect(() => buildOperatorPayment({ date: D, amount: 101n, outstanding: 100n })).toThrow(ValidationError);
  });
});

describe('reverse', () => {
  it('swaps the sides of every line and says what it reverses', () => {
    const [original] = buildYearResult({ year: 2025, date: D, revenue: 100n, costs: 0n });
    const r = reverse(original, '2026-01-05');
    expect(r.summary).toBe('冲销: 2025年度经营收入');
    expect(r.date).toBe('2026-01-05');
    expect(rows(r)).toEqual(['Dr 501 1.00', 'Cr 102 1.00']);
    expect(reverse(original).date).toBe(D);
    // Reversing the reversal gives back the original lines.
    expect(reverse(r).lines).toEqual(original.lines);
  });
});
