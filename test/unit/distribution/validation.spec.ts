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
    ['amount as a JSON number', (d) => (d.contributions[0].amount = 333333.33), 'contributions[0].amount', /not a JSON number/],
    // A third decimal is a fraction of a fen that someone would have to round silently.
    ['three decimals', (d) => (d.result.revenue = '777777.775'), 'result.revenue', /at most two decimals/],
    // "1e5" is 100000 to one parser and 1 to another.
    ['an exponent', (d) => (d.contributions[1].amount = '1e5'), 'contributions[1].amount', /exponents are not allowed/],
    // A "+" sign is a sign some systems drop or misread.
    ['a plus sign', (d) => (d.result.costs = '+555555.55'), 'result.costs', /"\+" sign is not allowed/],
    // Padded strings hide copy-paste mistakes.
    ['spaces', (d) => (d.contributions[2].amount = ' 333333.34'), 'contributions[2].amount', /spaces are not allowed/],
    // NaN would poison every sum it touches.
    ['NaN', (d) => (d.result.revenue = 'NaN'), 'result.revenue', /is not an amount/],
    // Amounts of 10^13 yuan or more are typos and overflow downstream numeric columns.
    ['10^13 yuan', (d) => (d.result.revenue = '10000000000000.00'), 'result.revenue', /below 10\^13 yuan/],
    // Revenue below zero would be a cost booked in the wrong place.
    ['negative revenue', (d) => (d.result.revenue = '-1.00'), 'result.revenue', /must not be negative/],
    // A day that does not exist cannot be counted in days held.
    ['2025-02-30', (d) => (d.contributions[1].date = '2025-02-30'), 'contributions[1].date', /not a real calendar date/],
    // 2025 is not a leap year: a 29 February would shift days held by one.
    ['2025-02-29', (d) => (d.contributions[1].date = '2025-02-29'), 'contributions[1].date', /not a real calendar date/],
    // Taking out more than was put in would pay dividends on capital that does not exist.
    [
      'withdrawal driving capital negative',
      (d) => d.contributions.push({ village: 'H1', date: '2025-05-01', amount: '-400000.00' }),
      'contributions[8].amount',
      /village H1's capital would be -66666\.67 at the end of 2025-05-01.*never go below zero/,
    ],
    // Shares that do not sum to 1 would lose or invent part of the pool.
    [
      'shares not summing to 1',
      (d) => (d.policy.sharing[3].share = '0.2'),
      'policy.sharing',
      /shares must sum to exactly 1 \(they sum to 1\.1\)/,
    ],
    // Deductions of 100% or more would leave a negative pool for the villages.
    [
      'deduction highest rates summing to 1',
      (d) =>
        (d.policy.deductions = [
          { code: 'a', rate: '0.6' },
          { code: 'b', brackets: [{ upTo: '100.00', rate: '0.1' }, { rate: '0.4' }] },
        ]),
      'policy.deductions',
      /highest rates must sum to less than 1 \(they sum to 1\)/,
    ],
    // Two villages with one code would merge their money.
    ['duplicate village code', (d) => d.villages.push({ code: 'H1', name: 'again' }), 'villages[7].code', /duplicate village code "H1"/],
    // Two deductions with one code could not be told apart in the books.
    [
      'duplicate deduction code',
      (d) => d.policy.deductions.push({ code: 'reserve', rate: '0.01' }),
      'policy.deductions[1].code',
      /duplicate deduction code "reserve"/,
    ],
    // Two buckets with one code would merge their shares in each village line.
    ['duplicate bucket code', (d) => (d.policy.sharing[1].code = 'capital'), 'policy.sharing[1].code', /duplicate bucket code "capital"/],
    // A typo in a village code must not drop capital silently.
    ['event for an unknown village', (d) => (d.contributions[0].village = 'H9'), 'contributions[0].village', /unknown village "H9"/],
    // A typo in the weights must not hand a share to nobody.
    [
      'weights naming an unknown village',
      (d) => (d.policy.sharing[1].weights.H9 = '1'),
      'policy.sharing[1].weights.H9',
      /unknown village "H9"/,
    ],
    // A fixed guarantee for a village that does not exist would be paid to nobody.
    [
      'fixed amounts naming an unknown village',
      (d) => (d.policy.guaranteed = { type: 'fixed', amounts: { H1: '100.00', HX: '5.00' } }),
      'policy.guaranteed.amounts.HX',
      /unknown village "HX"/,
    ],
    // A misspelt optional field would otherwise fall back to a default unnoticed.
    ['unknown top-level field', (d) => (d.deficitBroughtForwrd = '100.00'), 'deficitBroughtForwrd', /unknown field/],
    // "wieghts" instead of "weights" must not turn a land bucket into something else.
    ['unknown nested field', (d) => (d.policy.sharing[0].wieghts = 'capital'), 'policy.sharing[0].wieghts', /unknown field/],
    // Limits out of order would apply a rate to a negative slice of the surplus.
    [
      'brackets not ascending',
      (d) =>
        (d.policy.deductions[0] = {
          code: 'op',
          brackets: [{ upTo: '200.00', rate: '0.05' }, { upTo: '100.00', rate: '0.08' }, { rate: '0.1' }],
        }),
      'policy.deductions[0].brackets[1].upTo',
      /strictly ascending/,
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
      /last bracket must not have "upTo"/,
    ],
    // A middle bracket without a limit leaves the brackets after it meaningless.
    [
      'middle bracket without upTo',
      (d) => (d.policy.deductions[0] = { code: 'op', brackets: [{ rate: '0.05' }, { rate: '0.1' }] }),
      'policy.deductions[0].brackets[0].upTo',
      /only the last bracket may omit "upTo"/,
    ],
    // Rate and brackets together leave it unclear which one applies.
    [
      'deduction with rate and brackets',
      (d) => (d.policy.deductions[0].brackets = [{ rate: '0.1' }]),
      'policy.deductions[0]',
      /exactly one of "rate" and "brackets"; this one has both/,
    ],
    // A bucket paid both to villages and to a payee would be paid twice.
    [
      'bucket with weights and payee',
      (d) => (d.policy.sharing[2].weights = 'capital'),
      'policy.sharing[2]',
      /exactly one of "weights" and "payee"; this one has both/,
    ],
    // A rate above 100% pays out more than the capital base's own size.
    ['rate above 1', (d) => (d.policy.guaranteed.rate = '1.5'), 'policy.guaranteed.rate', /between 0 and 1/],
    // A seventh decimal is beyond the precision the rulebook promises.
    ['rate with 7 decimals', (d) => (d.policy.deductions[0].rate = '0.0500001'), 'policy.deductions[0].rate', /at most 6 decimals/],
    // A negative weight would take money away from a village.
    ['negative weight', (d) => (d.policy.sharing[1].weights.H1 = '-1'), 'policy.sharing[1].weights.H1', /has no sign/],
    // Without a guarantee rule nobody knows what the villages are owed.
    ['missing guarantee', (d) => delete d.policy.guaranteed, 'policy.guaranteed', /is required/],
    // A fractional year cannot be a calendar year of books.
    ['fractional year', (d) => (d.year = 2025.5), 'year', /whole calendar year/],
    // A code with spaces or Chinese characters does not survive every export.
    ['bad village code', (d) => (d.villages[0].code = 'H 1'), 'villages[0].code', /is not a code/],
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
        message: expect.stringMatching(/bucket "land" has a positive amount .* all the weights of its participants are zero/),
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
      { field: 'body.guaranteed.rate', message: expect.stringMatching(/between 0 and 1/) },
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
    [12.5, /JSON number/],
    ['1.005', /at most two decimals/],
    ['1e5', /exponents/],
    ['+1', /"\+" sign/],
    ['1 000', /spaces/],
    ['NaN', /not an amount/],
    ['.5', /not an amount/],
    ['10000000000000', /below 10\^13/],
    ['-10000000000000.00', /below 10\^13/],
    [null, /decimal string/],
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
    expect(rateIssue('1.000001')).toMatch(/between 0 and 1/);
    expect(rateIssue('-0.1')).toMatch(/no sign/);
    expect(rateIssue('6e-2')).toMatch(/exponents/);
    expect(rateIssue(0.06)).toMatch(/JSON number/);
    expect(weightIssue('3.1234567')).toMatch(/at most 6 decimals/);
    expect(weightIssue('30')).toBeNull();
  });

  it.each<[unknown, string | null]>([
    ['2024-02-29', null],
    ['2025-02-28', null],
    ['2025-02-29', '2025-02-29 is not a real calendar date (2025-02 has 28 days)'],
    ['1900-02-29', '1900-02-29 is not a real calendar date (1900-02 has 28 days)'],
    ['2000-02-29', null],
    ['2025-13-01', '2025-13-01 is not a real calendar date (no month 13)'],
    ['2025-1-01', '"2025-1-01" is not a date of the form YYYY-MM-DD'],
    [20250101, 'must be a date string YYYY-MM-DD'],
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
