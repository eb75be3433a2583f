/**
 * Bad scenarios are refused with the field and the rule named, before any
 * money moves. Each row says which money harm the rule prevents.
 */
import * as path from 'node:path';
import { ValidationError } from '../../../src/core/errors';
import { distribute, parsePolicy, parseScenario, runScenario } from '../../../src/core/distribution';
import {
  codeIssue,
  dateIssue,
  formatFen,
  moneyIssue,
  parseMoney,
  parseRate,
  parseWeight,
  rateIssue,
  weightIssue,
} from '../../../src/core/money';
import { FIXTURES, JsonDoc, readJson } from '../../support/scenarios';

const base = () => readJson(path.join(FIXTURES, '06-four-buckets-2025.json'));

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

type Mutation = (d: JsonDoc) => void;

describe('parseScenario refuses bad scenarios', () => {
  it.each<[string, Mutation, string, RegExp]>([
    // A float can't hold every fen: 0.1 + 0.2 != 0.3.
    ['amount as a JSON number', (d) => (d.contributions[0].amount = 333333.33), 'contributions[0].amount', /不能写成 JSON 数字/],
    // A third decimal is a fraction of a fen that someone would have to round silently.
    ['three decimals', (d) => (d.result.revenue = '777777.775'), 'result.revenue', /最多两位小数/],
    // "1e5" is 100000 to one parser and 1 to another.
    ['an exponent', (d) => (d.contributions[1].amount = '1e5'), 'contributions[1].amount', /不能用科学计数法/],
    // A "+" sign is a sign some systems drop or misread.
    ['a plus sign', (d) => (d.result.costs = '+555555.55'), 'result.costs', /不能加 "\+" 号/],
    // Padded strings hide copy-paste mistakes.
    ['spaces', (d) => (d.contributions[2].amount = ' 333333.34'), 'contributions[2].amount', /不能有空格/],
    // NaN would poison every sum it touches.
    ['NaN', (d) => (d.result.revenue = 'NaN'), 'result.revenue', /不是金额/],
    // Amounts of 10^13 yuan or more are typos and overflow downstream numeric columns.
    ['10^13 yuan', (d) => (d.result.revenue = '10000000000000.00'), 'result.revenue', /须小于 10\^13 元/],
    // Revenue below zero would be a cost booked in the wrong place.
    ['negative revenue', (d) => (d.result.revenue = '-1.00'), 'result.revenue', /经营收入不能为负数/],
    // A day that does not exist cannot be counted in days held.
    ['2025-02-30', (d) => (d.contributions[1].date = '2025-02-30'), 'contributions[1].date', /不是有效日期/],
    // 2025 is not a leap year: a 29 February would shift days held by one.
    ['2025-02-29', (d) => (d.contributions[1].date = '2025-02-29'), 'contributions[1].date', /2025-02 只有 28 天/],
    // Taking out more than was put in would pay dividends on capital that does not exist.
    [
      'withdrawal driving capital negative',
      (d) => d.contributions.push({ village: 'H1', date: '2025-05-01', amount: '-400000.00' }),
      'contributions[8].amount',
      /村 H1 的出资余额在 2025-05-01 日终将为 -66666\.67.*不能低于零/,
    ],
    // Shares that do not sum to 1 would lose or invent part of the pool.
    ['shares not summing to 1', (d) => (d.policy.sharing[3].share = '0.2'), 'policy.sharing', /share 之和须正好为 1（现在是 1\.1）/],
    // Deductions of 100% or more would leave a negative pool for the villages.
    [
      'deduction highest rates summing to 1',
      (d) =>
        (d.policy.deductions = [
          { code: 'a', rate: '0.6' },
          { code: 'b', brackets: [{ upTo: '100.00', rate: '0.1' }, { rate: '0.4' }] },
        ]),
      'policy.deductions',
      /最高比例之和须小于 1（现在是 1）/,
    ],
    // Two villages with one code would merge their money.
    ['duplicate village code', (d) => d.villages.push({ code: 'H1', name: 'again' }), 'villages[7].code', /村代码 "H1" 重复/],
    // Two deductions with one code could not be told apart in the books.
    [
      'duplicate deduction code',
      (d) => d.policy.deductions.push({ code: 'reserve', rate: '0.01' }),
      'policy.deductions[1].code',
      /提取项代码 "reserve" 重复/,
    ],
    // Two buckets with one code would merge their shares in each village line.
    ['duplicate bucket code', (d) => (d.policy.sharing[1].code = 'capital'), 'policy.sharing[1].code', /分配项代码 "capital" 重复/],
    // A typo in a village code must not drop capital silently.
    ['event for an unknown village', (d) => (d.contributions[0].village = 'H9'), 'contributions[0].village', /未知的村 "H9"/],
    // A typo in the weights must not hand a share to nobody.
    ['weights naming an unknown village', (d) => (d.policy.sharing[1].weights.H9 = '1'), 'policy.sharing[1].weights.H9', /未知的村 "H9"/],
    // A fixed guarantee for a village that does not exist would be paid to nobody.
    [
      'fixed amounts naming an unknown village',
      (d) => (d.policy.guaranteed = { type: 'fixed', amounts: { H1: '100.00', HX: '5.00' } }),
      'policy.guaranteed.amounts.HX',
      /未知的村 "HX"/,
    ],
    // A misspelt optional field would otherwise fall back to a default unnoticed.
    ['unknown top-level field', (d) => (d.deficitBroughtForwrd = '100.00'), 'deficitBroughtForwrd', /未知字段/],
    // "wieghts" instead of "weights" must not turn a land bucket into something else.
    ['unknown nested field', (d) => (d.policy.sharing[0].wieghts = 'capital'), 'policy.sharing[0].wieghts', /未知字段/],
    // Limits out of order would apply a rate to a negative slice of the surplus.
    [
      'brackets not ascending',
      (d) =>
        (d.policy.deductions[0] = {
          code: 'op',
          brackets: [{ upTo: '200.00', rate: '0.05' }, { upTo: '100.00', rate: '0.08' }, { rate: '0.1' }],
        }),
      'policy.deductions[0].brackets[1].upTo',
      /须逐档递增/,
    ],
    // A last bracket with a limit would leave the surplus above it undeducted.
    [
      'last bracket with upTo',
      (d) =>
        (d.policy.deductions[0] = {
          code: 'op',
          brackets: [
            { upTo: '100.00', rate: '0.05' },
            { upTo: '200.00', rate: '0.1' },
          ],
        }),
      'policy.deductions[0].brackets[1].upTo',
      /最后一档不能写 "upTo"/,
    ],
    // A middle bracket without a limit leaves the brackets after it meaningless.
    [
      'middle bracket without upTo',
      (d) => (d.policy.deductions[0] = { code: 'op', brackets: [{ rate: '0.05' }, { rate: '0.1' }] }),
      'policy.deductions[0].brackets[0].upTo',
      /只有最后一档可以不写 "upTo"/,
    ],
    // Rate and brackets together leave it unclear which one applies.
    [
      'deduction with rate and brackets',
      (d) => (d.policy.deductions[0].brackets = [{ rate: '0.1' }]),
      'policy.deductions[0]',
      /只能有其中一个；这一项两个都有/,
    ],
    // A bucket paid both to villages and to a payee would be paid twice.
    [
      'bucket with weights and payee',
      (d) => (d.policy.sharing[2].weights = 'capital'),
      'policy.sharing[2]',
      /"weights".*"payee".*只能有其中一个；这一项两个都有/,
    ],
    // A rate above 100% pays out more than the capital base's own size.
    ['rate above 1', (d) => (d.policy.guaranteed.rate = '1.5'), 'policy.guaranteed.rate', /须在 0 到 1 之间/],
    // A seventh decimal is beyond the precision the rulebook promises.
    ['rate with 7 decimals', (d) => (d.policy.deductions[0].rate = '0.0500001'), 'policy.deductions[0].rate', /最多 6 位小数/],
    // A negative weight would take money away from a village.
    ['negative weight', (d) => (d.policy.sharing[1].weights.H1 = '-1'), 'policy.sharing[1].weights.H1', /权重不能带正负号/],
    // Without a guarantee rule nobody knows what the villages are owed.
    ['missing guarantee', (d) => delete d.policy.guaranteed, 'policy.guaranteed', /必填/],
    // A fractional year cannot be a calendar year of books.
    ['fractional year', (d) => (d.year = 2025.5), 'year', /1900 到 9999 之间的整数年份/],
    // A code with spaces or Chinese characters does not survive every export.
    ['bad village code', (d) => (d.villages[0].code = 'H 1'), 'villages[0].code', /不是有效代码/],
  ])('%s', (_name, mutate, field, rule) => {
    const doc = base();
    mutate(doc);
    const issues = issuesOf(() => parseScenario(doc));
    expect(issues).toContainEqual({ field, message: expect.stringMatching(rule) });
  });

  it('collects every issue, not just the first', () => {
    const doc = base();
    doc.contributions[0].amount = 1;
    doc.contributions[1].date = '2025-02-30';
    doc.policy.sharing[0].share = '0.5';
    expect(issuesOf(() => parseScenario(doc)).map((i) => i.field)).toEqual([
      'policy.sharing',
      'contributions[0].amount',
      'contributions[1].date',
    ]);
  });

  it('accepts the unchanged document', () => {
    expect(parseScenario(base()).villages.map((v) => v.code)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7']);
  });
});

describe('distribution refuses what cannot be allocated', () => {
  // A positive bucket over weights that are all zero has nobody to go to: refuse rather than lose it.
  it('refuses a positive bucket whose participants all have weight zero', () => {
    const doc = base();
    doc.policy.sharing[1].weights = { H7: '3', H1: '0' }; // H7 has no capital in 2025: not a participant
    const s = parseScenario(doc);
    expect(issuesOf(() => distribute(s))).toEqual([
      {
        field: 'policy.sharing[1].weights',
        message: expect.stringMatching(/分配项 "land" 有金额要分，但所有参与村的权重.*都是零/),
      },
    ]);
  });

  it('gives zeros for a zero bucket over zero weights', () => {
    const doc = base();
    doc.policy.sharing[1].weights = { H1: '0' };
    doc.result.revenue = '0.00';
    doc.result.costs = '0.00';
    const r = runScenario(doc);
    expect(r.buckets.find((b) => b.code === 'land')!.amount).toBe('0.00');
    expect(r.villages.every((v) => v.shares.land === '0.00')).toBe(true);
  });
});

describe('parsePolicy', () => {
  it('applies the defaults', () => {
    const p = parsePolicy({ guaranteed: { type: 'rate', rate: '0.06' } });
    expect(p).toEqual({
      capitalBasis: 'time_weighted',
      guaranteed: { type: 'rate', rate: 60000n },
      shortfall: 'operator_tops_up',
      deductions: [],
      sharing: [{ code: 'capital', share: 1000000n, kind: 'capital' }],
    });
  });

  it('names the field under the given prefix', () => {
    expect(issuesOf(() => parsePolicy({ guaranteed: { type: 'rate', rate: '2' } }, undefined, 'body'))).toEqual([
      { field: 'body.guaranteed.rate', message: expect.stringMatching(/须在 0 到 1 之间/) },
    ]);
  });

  it('checks village codes only when it knows them', () => {
    const policy = { guaranteed: { type: 'fixed', amounts: { V9: '1.00' } } };
    expect(parsePolicy(policy).guaranteed).toEqual({ type: 'fixed', amounts: new Map([['V9', 100n]]) });
    expect(issuesOf(() => parsePolicy(policy, new Set(['V1'])))[0].field).toBe('policy.guaranteed.amounts.V9');
  });
});

describe('money, rates, weights, dates and codes', () => {
  it.each<[unknown, bigint]>([
    ['500000.00', 50000000n],
    ['12.5', 1250n],
    ['-12.5', -1250n],
    ['0', 0n],
    ['9999999999999.99', 999999999999999n],
    ['-9999999999999.99', -999999999999999n],
  ])('parseMoney(%p) = %p fen', (value, fen) => {
    expect(parseMoney(value, 'x')).toBe(fen);
  });

  it.each<[unknown, RegExp]>([
    [12.5, /不能写成 JSON 数字/],
    ['1.005', /^"1.005"：最多两位小数（到分），例如 "500000.00"$/],
    ['1e5', /科学计数法/],
    ['+1', /"\+" 号/],
    ['1 000', /空格/],
    ['NaN', /不是金额/],
    ['.5', /不是金额/],
    ['10000000000000', /须小于 10\^13 元/],
    [null, /带引号的金额字符串/],
    ['-10000000000000.00', /须小于 10\^13 元/],
  ])('moneyIssue(%p) explains the refusal', (value, reason) => {
    expect(moneyIssue(value)).toMatch(reason);
    expect(() => parseMoney(value, 'f')).toThrow(ValidationError);
  });

  it.each<[bigint, string]>([
    [0n, '0.00'],
    [5n, '0.05'],
    [-1250n, '-12.50'],
    [-5n, '-0.05'],
    [999999999999999n, '9999999999999.99'],
  ])('formatFen(%p) = %p', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('parses rates, shares and weights exactly in millionths', () => {
    expect(parseRate('0.06', 'r')).toBe(60000n);
    expect(parseRate('1', 'r')).toBe(1000000n);
    expect(parseRate('0.000001', 'r')).toBe(1n);
    expect(parseWeight('12.5', 'w')).toBe(12500000n);
    expect(rateIssue('1.000001')).toMatch(/须在 0 到 1 之间/);
    expect(rateIssue('-0.1')).toMatch(/比例不能带正负号/);
    expect(rateIssue('6e-2')).toMatch(/科学计数法/);
    expect(rateIssue(0.06)).toMatch(/不能写成 JSON 数字/);
    expect(weightIssue('3.1234567')).toMatch(/最多 6 位小数/);
    expect(weightIssue('30')).toBeNull();
  });

  it.each<[unknown, string | null]>([
    ['2024-02-29', null],
    ['2025-02-28', null],
    ['2025-02-29', '2025-02-29 不是有效日期（2025-02 只有 28 天）'],
    ['1900-02-29', '1900-02-29 不是有效日期（1900-02 只有 28 天）'],
    ['2000-02-29', null],
    ['2025-13-01', '2025-13-01 不是有效日期（没有 13 月）'],
    ['2025-1-01', '"2025-1-01" 不是 YYYY-MM-DD 格式的日期，例如 "2025-03-01"'],
    [20250101, '须为日期字符串，格式 YYYY-MM-DD，例如 "2025-03-01"'],
  ])('dateIssue(%p)', (value, issue) => {
    expect(dateIssue(value)).toBe(issue);
  });

  it.each<[unknown, boolean]>([
    ['V01', true],
    ['FUND-POOR', true],
    ['a_b', true],
    ['x'.repeat(32), true],
    ['x'.repeat(33), false],
    ['', false],
    ['村1', false],
    ['V 1', false],
    [1, false],
  ])('codeIssue(%p) accepts: %p', (value, ok) => {
    expect(codeIssue(value) === null).toBe(ok);
  });
});
