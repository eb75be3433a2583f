/**
 * Every worked example in fixtures/scenarios must come out field for field.
 * The expected files were worked out independently of this code: a mismatch
 * is a bug in the code, never in the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runScenario } from '../../../src/core/distribution';
import { FIXTURES, projectOnto, readJson, scenarioFiles } from '../../support/scenarios';

const RESULT_FIELDS = [
  'project',
  'year',
  'netProfit',
  'guaranteedTotal',
  'operatorTopUp',
  'deficit',
  'surplus',
  'deductions',
  'pool',
  'buckets',
  'villages',
  'payees',
];

describe('scenario fixtures', () => {
  const files = scenarioFiles();

  it('has the worked examples, each with its expected result', () => {
    expect(files).toEqual([
      '01-seed-dinghu-2025.json',
      '02-capital-ratio-midyear-2025.json',
      '03-fixed-guarantee-2024.json',
      '04a-tiered-operator-2025.json',
      '04b-tiered-operator-2025.json',
      '05a-carry-forward-loss-2024.json',
      '05b-carry-forward-recovery-2025.json',
      '06-four-buckets-2025.json',
      '07-tie-break-2025.json',
    ]);
    for (const f of files) expect(existsSync(path.join(FIXTURES, f.replace(/\.json$/, '.expected.json')))).toBe(true);
  });

  it.each(files)('%s gives its expected result', (file) => {
    const expected = readJson(path.join(FIXTURES, file.replace(/\.json$/, '.expected.json')));
    const actual = runScenario(readJson(path.join(FIXTURES, file)));
    expect(projectOnto(actual, expected)).toEqual(expected);
    // The rulebook's fields come first and in its order; additions follow.
    expect(Object.keys(actual).slice(0, RESULT_FIELDS.length)).toEqual(RESULT_FIELDS);
    for (const v of actual.villages) {
      expect(Object.keys(v).slice(0, 5)).toEqual(['code', 'capitalBase', 'guaranteed', 'shares', 'total']);
      expect(Object.keys(v.shares)).toEqual(actual.buckets.map((b) => b.code));
    }
    expect(actual.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(actual.resultHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(files)('%s gives byte-identical output whatever the order of villages and events', (file) => {
    const input = readJson(path.join(FIXTURES, file));
    const reordered = { ...input, villages: [...input.villages].reverse(), contributions: [...input.contributions].reverse() };
    expect(JSON.stringify(runScenario(reordered))).toBe(JSON.stringify(runScenario(input)));
  });

  const shared = path.resolve(__dirname, '../../../../shared/scenarios');
  (existsSync(shared) ? it : it.skip)('fixtures are identical to the shared scenarios', () => {
    const sharedFiles = scenarioFiles(shared);
    expect(files).toEqual(sharedFiles);
    for (const f of files.flatMap((x) => [x, x.replace(/\.json$/, '.expected.json')])) {
      expect(readFileSync(path.join(FIXTURES, f), 'utf8')).toBe(readFileSync(path.join(shared, f), 'utf8'));
    }
  });

  it('explains the seed village line so a treasurer can redo it', () => {
    const r = runScenario(readJson(path.join(FIXTURES, '05a-carry-forward-loss-2024.json')));
    const t = r.villages[0].trace;
    expect(t.capital).toEqual(['2024-04-15 出资 500000.00 × 261/366']);
    expect(t.capitalBase).toBe('出资基数 C = 500000.00 × 261/366 = 356557.377049…，四舍五入显示为 356557.38');
    expect(t.guaranteed).toBe('500000.00 × 261/366 × 6% = 21393.442622… → 四舍五入 21393.44');
  });

  it('explains which villages got the leftover fen and why', () => {
    const r = runScenario(readJson(path.join(FIXTURES, '07-tie-break-2025.json')));
    expect(r.villages.map((v) => v.trace.shares.capital)).toEqual([
      '0.11 × C / ΣC = 0.11 × 100.00 / 300.00 = 应分额 0.036666…，向下取整 0.03 + 余下的分 0.01（小数部分 0.666666… 分，在 3 方中排第 1；余下 2 分，排前 2 的各得 1 分；分界处小数部分与应分额都平局，代码较小者优先）= 0.04',
      '0.11 × C / ΣC = 0.11 × 100.00 / 300.00 = 应分额 0.036666…，向下取整 0.03 + 余下的分 0.01（小数部分 0.666666… 分，在 3 方中排第 2；余下 2 分，排前 2 的各得 1 分；分界处小数部分与应分额都平局，代码较小者优先）= 0.04',
      '0.11 × C / ΣC = 0.11 × 100.00 / 300.00 = 应分额 0.036666…，向下取整 0.03，未分到余下的分（小数部分 0.666666… 分，在 3 方中排第 3；余下 2 分，排前 2 的各得 1 分；分界处小数部分与应分额都平局，代码较小者优先）= 0.03',
    ]);
  });

  it('explains the tiered deduction with its brackets', () => {
    const r = runScenario(readJson(path.join(FIXTURES, '04a-tiered-operator-2025.json')));
    expect(r.explanation.deductions[0]).toBe(
      'operator：5% × 2000000.00 + 10% × (2746000.00 − 2000000.00) = 应分额 174600.00，恰好到分：174600.00',
    );
  });
});
