import { buildVillageSideVouchers } from '../../../src/core/ledger';
import { ValidationError } from '../../../src/core/errors';

describe('village-side vouchers', () => {
  const dividends = [
    { projectCode: 'HANHONG-P1', year: 2024, date: '2025-03-31', amount: 2139344n },
    { projectCode: 'HANHONG-P1', year: 2025, date: '2026-03-31', amount: 6324591n },
  ];
  const receipt = { projectCode: 'HANHONG-P1', date: '2026-04-10', amount: 3000000n, bankReference: 'B-1', projectVoucher: '2026-04-0001' };

  it('books each dividend as 应收款 against 投资收益 and each receipt as 银行存款 against 应收款, by date', () => {
    expect(buildVillageSideVouchers(dividends, [receipt])).toEqual([
      {
        date: '2025-03-31',
        summary: '应收HANHONG-P1项目2024年度分红',
        lines: [
          { account: '112', name: '应收款', debit: '21393.44', credit: '0.00' },
          { account: '502', name: '投资收益', debit: '0.00', credit: '21393.44' },
        ],
      },
      {
        date: '2026-03-31',
        summary: '应收HANHONG-P1项目2025年度分红',
        lines: [
          { account: '112', name: '应收款', debit: '63245.91', credit: '0.00' },
          { account: '502', name: '投资收益', debit: '0.00', credit: '63245.91' },
        ],
      },
      {
        date: '2026-04-10',
        summary: '收到HANHONG-P1项目分红款 (B-1, 项目凭证 2026-04-0001)',
        lines: [
          { account: '102', name: '银行存款', debit: '30000.00', credit: '0.00' },
          { account: '112', name: '应收款', debit: '0.00', credit: '30000.00' },
        ],
      },
    ]);
  });

  it('sorts receipts among dividends by date, keeping the given order within a day', () => {
    const early = { ...receipt, date: '2025-03-31', amount: 1n, bankReference: 'B-0', projectVoucher: '2025-03-0009' };
    const out = buildVillageSideVouchers(dividends, [receipt, early]);
    expect(out.map((v) => [v.date, v.lines[0].account, v.lines[0].debit])).toEqual([
      ['2025-03-31', '112', '21393.44'],
      ['2025-03-31', '102', '0.01'],
      ['2026-03-31', '112', '63245.91'],
      ['2026-04-10', '102', '30000.00'],
    ]);
  });

  it('refuses a zero amount and a date that is not one', () => {
    expect(() => buildVillageSideVouchers([{ ...dividends[0], amount: 0n }], [])).toThrow(ValidationError);
    expect(() => buildVillageSideVouchers([], [{ ...receipt, date: '2026-02-30' }])).toThrow(ValidationError);
    expect(buildVillageSideVouchers([], [])).toEqual([]);
  });
});
