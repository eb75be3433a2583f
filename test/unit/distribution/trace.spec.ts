/**
 * The traces and explanations are in Chinese, so a treasurer (村报账员) can
 * follow every figure with a calculator; the numbers in them are the computed
 * ones. They are part of resultHash (docs/hashing.md).
 */
import * as path from 'node:path';
import { allocateQuotas, type DistributionResult, runScenario } from '../../../src/core/distribution';
import { ROUNDING_RULE, roundingText } from '../../../src/core/distribution/trace';
import { FIXTURES, JsonDoc, readJson, scenarioFiles } from '../../support/scenarios';

const fixture = (name: string): JsonDoc => readJson(path.join(FIXTURES, `${name}.json`));

/** Every text of a result meant for people: the village traces and the explanation. */
function texts(r: DistributionResult): string[] {
  const { explanation: e } = r;
  return [
    e.year,
    ...e.waterfall,
    ...e.deductions,
    ...e.buckets,
    ...e.checks,
    e.rounding,
    ...r.villages.flatMap((v) => [
      ...v.trace.capital,
      v.trace.capitalBase,
      v.trace.guaranteed,
      ...Object.values(v.trace.shares),
      v.trace.total,
    ]),
  ];
}

/** Words that are data, not prose: codes from the scenario, and the policy's own keywords as written in it. */
function dataWords(doc: JsonDoc): Set<string> {
  const words = new Set(['min', 'time', 'weighted', 'year', 'end', 'operator', 'tops', 'up', 'carry', 'forward', 'genesis', 'ASCII']);
  const add = (code: unknown) => typeof code === 'string' && code.split(/[^A-Za-z]+/).forEach((w) => words.add(w));
  doc.villages.forEach((v: JsonDoc) => add(v.code));
  (doc.policy.deductions ?? []).forEach((d: JsonDoc) => add(d.code));
  (doc.policy.sharing ?? [{ code: 'capital' }]).forEach((b: JsonDoc) => (add(b.code), add(b.payee?.code)));
  return words;
}

describe('distribution traces in Chinese', () => {
  it.each(scenarioFiles())('%s: no English prose left in any trace or explanation', (file) => {
    const doc = readJson(path.join(FIXTURES, file));
    const allowed = dataWords(doc);
    const english = texts(runScenario(doc)).flatMap((t) => (t.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !allowed.has(w)));
    expect(english).toEqual([]);
  });

  it('explains a withdrawal and a capital base of several events', () => {
    const v = runScenario(fixture('02-capital-ratio-midyear-2025')).villages[2];
    expect(v.trace.capital).toEqual(['2023-06-01 出资 100000.00 × 365/365', '2025-10-20 减资 -30000.00 × 73/365']);
    expect(v.trace.capitalBase).toBe('出资基数 C = (100000.00 × 365 − 30000.00 × 73)/365 = 94000.00，四舍五入显示为 94000.00');
    expect(v.trace.guaranteed).toBe('C × 6% = 5640.00 → 四舍五入 5640.00');
    expect(v.trace.total).toBe('保底 5640.00 + 分成 3389.31 = 9029.31');
  });

  it('explains a year_end capital base', () => {
    const doc = fixture('02-capital-ratio-midyear-2025');
    doc.policy.capitalBasis = 'year_end';
    const r = runScenario(doc);
    expect(r.explanation.year).toMatch(/出资基数按年末余额计算（year_end）/);
    expect(r.villages[2].trace.capital).toEqual(['2023-06-01 出资 100000.00', '2025-10-20 减资 -30000.00']);
    expect(r.villages[2].trace.capitalBase).toBe('出资基数 C = 100000.00 − 30000.00 = 70000.00，四舍五入显示为 70000.00');
  });

  it('explains fixed guarantees, agreed weights and payee buckets', () => {
    expect(runScenario(fixture('03-fixed-guarantee-2024')).villages[0].trace.guaranteed).toBe('分配方案约定的固定保底金额：220000.00');
    const r = runScenario(fixture('06-four-buckets-2025'));
    const t = r.villages[0].trace;
    expect(t.shares.land).toBe(
      '35767.18 × 权重 / 权重合计 = 35767.18 × 12.5 / 68.75 = 应分额 6503.123636…，向下取整 6503.12，未分到余下的分（小数部分 0.363636… 分，在 6 方中排第 3；余下 2 分，排前 2 的各得 1 分）= 6503.12',
    );
    expect(t.shares.poor).toBe('本项整项付给收款方 FUND-POOR，各村 0.00');
    expect(r.explanation.buckets[2]).toBe(
      'poor：提取后余额 119223.94 × 比例 0.20 = 应分额 23844.788，向下取整 23844.78 + 余下的分 0.01（小数部分 0.8 分，在 4 方中排第 1；余下 2 分，排前 2 的各得 1 分）= 23844.79，整项付给收款方 FUND-POOR',
    );
    expect(r.explanation.deductions[1]).toBe(
      '提取后余额：S1 − 各项提取的精确额 = 应分额 119223.936，向下取整 119223.93 + 余下的分 0.01（小数部分 0.6 分，在 2 方中排第 1；余下 1 分，归排第 1 的一方）= 119223.94',
    );
  });

  it('explains the waterfall when the guarantees exceed the net profit', () => {
    expect(runScenario(fixture('05a-carry-forward-loss-2024')).explanation.waterfall.slice(3)).toEqual([
      'N < G：保底分红照常足额支付；可分配盈余 S1 = 0.00，弥补亏损 R = 0.00',
      '差额处理 carry_forward（结转亏损）：本年新增亏损 I = G − N = 128360.64 − (-120000.00) = 248360.64；运营方补齐 T = 0.00',
      "结转下年亏损 B' = B − R + I = 0.00 − 0.00 + 248360.64 = 248360.64",
    ]);
    expect(runScenario(fixture('04b-tiered-operator-2025')).explanation.waterfall[4]).toBe(
      '差额处理 operator_tops_up（运营方补齐）：运营方补齐 T = G − N = 1254000.00 − 900000.00 = 354000.00；本年新增亏损 I = 0.00',
    );
  });

  it('states the rounding rule and the checks', () => {
    const r = runScenario(fixture('01-seed-dinghu-2025'));
    expect(r.explanation.rounding).toBe(ROUNDING_RULE);
    expect(ROUNDING_RULE).toMatch(/^三层分配.*都用最大余数法：各方先得其精确应分额向下取整到分/);
    expect(r.explanation.checks[0]).toBe('N + T + I = G + R + S1：210000.00 = 210000.00 ✓');
  });

  it('says when a tie on the fractional part was settled by the larger quota', () => {
    // quotas 1.5, 2.5 and 1.0 fen: one leftover fen; the two halves tie and 2.5 is the larger quota
    const a = allocateQuotas(5n, [3n, 5n, 2n], 2n);
    expect(roundingText(a, 1)).toBe(
      '应分额 0.025，向下取整 0.02 + 余下的分 0.01（小数部分 0.5 分，在 3 方中排第 1；余下 1 分，归排第 1 的一方；分界处小数部分平局，应分额较大者优先）= 0.03',
    );
    expect(roundingText(a, 0)).toBe(
      '应分额 0.015，向下取整 0.01，未分到余下的分（小数部分 0.5 分，在 3 方中排第 2；余下 1 分，归排第 1 的一方；分界处小数部分平局，应分额较大者优先）= 0.01',
    );
    expect(roundingText(a, 2)).toBe('应分额 0.01，恰好到分：0.01');
  });
});
