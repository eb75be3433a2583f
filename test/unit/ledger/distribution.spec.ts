import { buildDistributionRun, DistributionResultDocument } from '../../../src/core/ledger';
import { InvariantError, ValidationError } from '../../../src/core/errors';
import { expectedResult, rows } from './support';

const D = '2026-03-20';

describe('distribution run vouchers', () => {
  it('posts scenario 06 (four buckets, two payees, a reserve) exactly', () => {
    const vs = buildDistributionRun(expectedResult('06-four-buckets-2025'), { date: D });
    expect(vs.map((v) => [v.date, v.summary])).toEqual([
      [D, '2025年度保底分红'],
      [D, '2025年度利润分成'],
      [D, '2025年度提取公积公益金'],
      [D, '结转2025年度各项分配'],
    ]);
    expect(vs.map(rows)).toEqual([
      [
        'Dr 322-01-GUAR 96723.34',
        'Cr 211-H1 18333.33',
        'Cr 211-H2 15420.09',
        'Cr 211-H3 15369.86',
        'Cr 211-H4 150.68',
        'Cr 211-H5 6790.12',
        'Cr 211-H6 40659.26',
      ],
      [
        'Dr 322-01-PROFIT 119223.94',
        'Cr 211-FUND-POOR 23844.79 (poor)',
        'Cr 211-FUND-RISK 11922.39 (risk)',
        'Cr 211-H1 15542.39',
        'Cr 211-H2 23210.40',
        'Cr 211-H3 11349.94',
        'Cr 211-H4 74.30',
        'Cr 211-H5 13232.63',
        'Cr 211-H6 20047.10',
      ],
      ['Dr 322-01-DED-reserve 6274.94', 'Cr 311 6274.94'],
      // G + S1 = 96723.34 + 125498.88
      ['Dr 322-02 222222.22', 'Cr 322-01-DED-reserve 6274.94', 'Cr 322-01-GUAR 96723.34', 'Cr 322-01-PROFIT 119223.94'],
    ]);
  });

  it('posts only the guaranteed dividends in a loss year (05a), nothing for zero shares', () => {
    const vs = buildDistributionRun(expectedResult('05a-carry-forward-loss-2024'), { date: '2025-03-01' });
    expect(vs.map((v) => v.summary)).toEqual(['2024年度保底分红', '结转2024年度各项分配']);
    expect(rows(vs[1])).toEqual(['Dr 322-02 128360.64', 'Cr 322-01-GUAR 128360.64']);
  });

  it('posts the top-up first and a non-reserve deduction to its payable', () => {
    const doc: DistributionResultDocument = {
      year: 2025,
      netProfit: '100.00',
      guaranteedTotal: '150.00',
      operatorTopUp: '50.00',
      deficit: { broughtForward: '0.00', recovered: '0.00', incurred: '0.00', carriedForward: '0.00' },
      surplus: '0.00',
      deductions: [{ code: 'operator', amount: '0.00' }],
      buckets: [{ code: 'capital', amount: '0.00' }],
      villages: [{ code: 'V01', guaranteed: '150.00', shares: { capital: '0.00' }, total: '150.00' }],
      payees: [],
    };
    const vs = buildDistributionRun(doc, { date: D });
    expect(vs.map((v) => v.summary)).toEqual(['运营方补齐2025年度保底分红差额', '2025年度保底分红', '结转2025年度各项分配']);
    expect(rows(vs[0])).toEqual(['Dr 112-OPERATOR 50.00', 'Cr 322-02 50.00']);

    const withDeduction = {
      ...doc,
      netProfit: '250.00',
      operatorTopUp: '0.00',
      surplus: '100.00',
      deductions: [{ code: 'operator', amount: '100.00' }],
    };
    const [, ded] = buildDistributionRun(withDeduction, { date: D, deductionNames: { operator: '运营方分成' } });
    expect(ded.summary).toBe('2025年度提取运营方分成');
    expect(rows(ded)).toEqual(['Dr 322-01-DED-operator 100.00', 'Cr 211-operator 100.00']);
  });

  const base = expectedResult('06-four-buckets-2025');
  it.each<[string, (d: DistributionResultDocument) => void, typeof InvariantError | typeof ValidationError, string]>([
    // Each would post a different amount out of 322-01 than the engine computed.
    ['a village total that is not guaranteed + shares', (d) => (d.villages[0].total = '33875.73'), InvariantError, 'H1 合计 = 保底 + 分成'],
    ['a guaranteedTotal off by a fen', (d) => (d.guaranteedTotal = '96723.35'), InvariantError, 'guaranteedTotal'],
    ['a bucket whose shares do not add up', (d) => (d.payees[0].amount = '23844.78'), InvariantError, '分配项 poor'],
    ['a surplus that is not deductions + buckets', (d) => (d.deductions[0].amount = '6274.95'), InvariantError, 'surplus'],
    ['a broken N + T + I = G + R + S1', (d) => (d.netProfit = '222222.23'), InvariantError, 'N + T + I'],
    ["a broken B' = B - R + I", (d) => (d.deficit.carriedForward = '0.01'), InvariantError, "B' = B - R + I"],
    // Amounts that are not fen strings must never be coerced.
    ['a number amount', (d) => ((d.villages[0].guaranteed as unknown) = 18333.33), ValidationError, '不能写成 JSON 数字'],
    ['a negative share', (d) => (d.villages[0].shares.capital = '-1.00'), ValidationError, '不能为负数'],
    ['a share in an unknown bucket', (d) => (d.villages[0].shares.other = '0.00'), ValidationError, '未知的分配项'],
    // 211-H1 would then mix a fund's money with the village's dividends.
    ['a payee coded like a village', (d) => (d.payees[0].code = 'H1'), ValidationError, '同时是村代码'],
  ])('refuses %s', (_name, mutate, error, message) => {
    const doc = structuredClone(base);
    mutate(doc);
    expect(() => buildDistributionRun(doc, { date: D })).toThrow(error);
    expect(() => buildDistributionRun(doc, { date: D })).toThrow(message);
  });
});
