/** A village's member run and a household's payment as vouchers in the village's own book (issue 16). */
import { buildHouseholdPayment, buildVillageRunVouchers, chartFor } from '../../../src/core/ledger';

const lines = (v: { lines: ReadonlyArray<{ account: string; debit: bigint; credit: bigint }> }) =>
  v.lines.map((l) => [l.account, String(l.debit), String(l.credit)]);

describe('member distribution vouchers', () => {
  it('books each keep to 公积公益金 and each household to its payable, debits first; every account in the village chart', () => {
    const vouchers = buildVillageRunVouchers({
      year: 2025,
      date: '2026-04-10',
      keeps: [
        { code: 'reserve', name: '公积公益金', amount: '3450.00' },
        { code: 'welfare', name: '公益事业', amount: '2000.00' },
        { code: 'none', name: '不提', amount: '0.00' },
      ],
      households: [
        { code: 'H002', amount: '3789.13' },
        { code: 'H001', amount: '11367.39' },
        { code: 'H003', amount: '0.00' },
      ],
    });
    expect(vouchers.map((v) => v.summary)).toEqual(['提取2025年度公积公益金等', '2025年度成员分红（股金分红）']);
    expect(lines(vouchers[0])).toEqual([
      ['322-01-DED-reserve', '345000', '0'],
      ['322-01-DED-welfare', '200000', '0'],
      ['311', '0', '345000'],
      ['311', '0', '200000'],
    ]);
    expect(lines(vouchers[1])).toEqual([
      ['322-01-MEMBERS', '1515652', '0'],
      ['211-H001', '0', '1136739'],
      ['211-H002', '0', '378913'],
    ]);
    const chart = chartFor('village');
    for (const v of vouchers) for (const l of v.lines) expect([l.account, chart.isKnownAccount(l.account)]).toEqual([l.account, true]);
  });

  it('leaves out a voucher with nothing in it: no keeps, no voucher of keeps', () => {
    const vouchers = buildVillageRunVouchers({ year: 2025, date: '2026-04-10', keeps: [], households: [{ code: 'H001', amount: '1.00' }] });
    expect(vouchers.map((v) => v.summary)).toEqual(['2025年度成员分红（股金分红）']);
  });

  it('pays a household: Dr 211-<household> / Cr 102, and refuses nothing to pay', () => {
    const v = buildHouseholdPayment({ household: 'H004', headName: '李四', year: 2025, date: '2026-04-12', amount: 505218n });
    expect(v.summary).toBe('支付H004户（李四）2025年度分红款');
    expect(lines(v)).toEqual([
      ['211-H004', '505218', '0'],
      ['102', '0', '505218'],
    ]);
    expect(() => buildHouseholdPayment({ household: 'H004', headName: '李四', year: 2025, date: '2026-04-12', amount: 0n })).toThrow();
  });
});
