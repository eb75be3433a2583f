import { ValidationError } from '../../../src/core/errors';
import {
  buildChartYearClose,
  buildVillageDeclaration,
  buildVillageOtherIncome,
  buildVillageReceipt,
  reverse,
} from '../../../src/core/ledger';

const lines = (v: { lines: readonly { account: string; debit: bigint; credit: bigint }[] }) =>
  v.lines.map((l) => [l.account, l.debit, l.credit]);

describe('village book vouchers (village chart)', () => {
  it('declares a dividend: Dr 112-<project> / Cr 502', () => {
    const v = buildVillageDeclaration({ projectCode: 'P01', year: 2025, date: '2026-03-31', amount: 2139344n });
    expect(v.summary).toBe('应收P01项目2025年度分红');
    expect(lines(v)).toEqual([
      ['112-P01', 2139344n, 0n],
      ['502', 0n, 2139344n],
    ]);
  });

  it('receives a payment: Dr 102 / Cr 112-<project>; its reversal is by the village chart too', () => {
    const v = buildVillageReceipt({
      projectCode: 'P01',
      date: '2026-04-10',
      amount: 3000000n,
      bankReference: 'B-1',
      projectVoucher: '2026-04-0001',
    });
    expect(lines(v)).toEqual([
      ['102', 3000000n, 0n],
      ['112-P01', 0n, 3000000n],
    ]);
    expect(lines(reverse(v, '2026-04-11', 'village'))).toEqual([
      ['112-P01', 3000000n, 0n],
      ['102', 0n, 3000000n],
    ]);
    expect(() => reverse(v, '2026-04-11')).toThrow(ValidationError); // 112-P01 is not a project account
  });

  it('other income: Dr 102 / Cr 522; refuses a zero amount and an empty summary, naming the field', () => {
    expect(lines(buildVillageOtherIncome({ date: '2025-06-30', amount: 120000n, summary: '租金' }))).toEqual([
      ['102', 120000n, 0n],
      ['522', 0n, 120000n],
    ]);
    expect(() => buildVillageOtherIncome({ date: '2025-06-30', amount: 0n, summary: '租金' })).toThrow(/amount/);
    expect(() => buildVillageOtherIncome({ date: '2025-06-30', amount: 1n, summary: ' ' })).toThrow(/summary/);
  });

  it('closes a year by the chart: income accounts to 321, 321 to 322-02; balance-sheet accounts untouched', () => {
    const balances = new Map<string, bigint>([
      ['102', 3120000n],
      ['112-P01', 5463935n],
      ['502', -2139344n],
      ['502-P02', -100n],
      ['522', -120000n],
    ]);
    const vouchers = buildChartYearClose('village', 2025, balances);
    expect(vouchers.map((v) => [v.date, v.summary, lines(v)])).toEqual([
      [
        '2025-12-31',
        '结转2025年度收入',
        [
          ['502', 2139344n, 0n],
          ['502-P02', 100n, 0n],
          ['522', 120000n, 0n],
          ['321', 0n, 2259444n],
        ],
      ],
      [
        '2025-12-31',
        '结转2025年度本年收益',
        [
          ['321', 2259444n, 0n],
          ['322-02', 0n, 2259444n],
        ],
      ],
    ]);
    expect(buildChartYearClose('village', 2024, new Map([['102', 5n]]))).toEqual([]);
  });

  it('closes a project book’s 501 and 511 as buildYearClose does', () => {
    const vouchers = buildChartYearClose(
      'project',
      2025,
      new Map([
        ['501', -265000000n],
        ['511', 200000000n],
      ]),
    );
    expect(vouchers.map(lines)).toEqual([
      [
        ['501', 265000000n, 0n],
        ['321', 0n, 265000000n],
      ],
      [
        ['321', 200000000n, 0n],
        ['511', 0n, 200000000n],
      ],
      [
        ['321', 65000000n, 0n],
        ['322-02', 0n, 65000000n],
      ],
    ]);
  });
});
