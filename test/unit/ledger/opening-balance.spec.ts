import { buildOpeningBalance, OpeningLine, openingBalanceIssues } from '../../../src/core/ledger/builders/opening-balance';
import { ValidationError } from '../../../src/core/errors';
import { cutoverDateIssue } from '../../../src/core/ledger/posting-dates';
import { rows } from './support';

const D = '2024-12-31';
/** V01 put in 500,000.00 by D, V02 nothing yet. */
const ctx = {
  date: D,
  capital: new Map([
    ['V01', 50000000n],
    ['V02', 0n],
  ]),
};
const dr = (account: string, fen: bigint): OpeningLine => ({ account, debit: fen, credit: 0n });
const cr = (account: string, fen: bigint): OpeningLine => ({ account, debit: 0n, credit: fen });
/** The smallest valid document: the bank holds V01's capital less the deficit. */
const valid = [dr('102', 25163936n), dr('322-02', 24836064n), cr('301-V01', 50000000n)];

describe('opening balance', () => {
  it('posts one voucher 期初余额 dated D, debits first', () => {
    const v = buildOpeningBalance(ctx, [
      cr('301-V01', 50000000n),
      ...valid.slice(0, 2),
      dr('151', 100n),
      cr('211-V01', 60n),
      cr('311', 40n),
    ]);
    expect([v.date, v.summary]).toEqual([D, '期初余额']);
    expect(rows(v)).toEqual([
      'Dr 102 251639.36',
      'Dr 151 1.00',
      'Dr 322-02 248360.64',
      'Cr 211-V01 0.60',
      'Cr 301-V01 500000.00',
      'Cr 311 0.40',
    ]);
  });

  it.each([
    // Capital carried in the books but not in the history the engine weighs: dividends on money nobody put in.
    [
      'capital differs from the history by a fen',
      [dr('102', 25163937n), dr('322-02', 24836064n), cr('301-V01', 50000001n)],
      'lines[2].credit',
    ],
    // A village's capital left out of the books while the engine still pays it a guaranteed dividend.
    ['a village with history has no 301 line', [dr('102', 1n), cr('311', 1n)], 'lines'],
    // Capital booked for a village that is not in the project: nobody would ever be paid on it.
    ['capital of a village not in the project', [...valid, dr('151', 5n), cr('301-V09', 5n)], 'lines[4].account'],
    // A surplus brought forward the rulebook cannot distribute: it would sit in 322-02 forever.
    ['322-02 in credit', [dr('102', 75163936n), cr('322-02', 25163936n), cr('301-V01', 50000000n)], 'lines[1].credit'],
    // The operator owing the park shown as the park owing the operator.
    ['112-OPERATOR in credit', [...valid, dr('151', 1n), cr('112-OPERATOR', 1n)], 'lines[4].credit'],
    // A dividend owed shown as paid in advance: the village would be "overpaid" from day one.
    ['211 in debit', [...valid, dr('211-V01', 1n), cr('311', 1n)], 'lines[3].debit'],
    // Income left open: the next year close would carry it into the wrong year's result.
    ['an income account', [...valid, dr('151', 1n), cr('501', 1n)], 'lines[4].account'],
    // A parent account without its sub-account: nobody could tell whom the money is owed to.
    ['211 without a payee', [...valid, cr('211', 1n), dr('151', 1n)], 'lines[3].account'],
    // Two lines for one account: the village's capital counted twice against one history.
    ['an account twice', [...valid, dr('102', 1n), cr('311', 1n)], 'lines[3].account'],
    // Unbalanced: the books would not balance from the first voucher on.
    ['debits differ from credits', [...valid, dr('151', 1n)], 'lines'],
    // A zero or two-sided line is not a balance.
    ['a line with no amount', [...valid, dr('151', 0n)], 'lines[3]'],
    ['a line on both sides', [...valid, { account: '151', debit: 1n, credit: 1n }], 'lines[3]'],
    ['no line at all', [], 'lines'],
  ])('refuses %s', (_why, lines: OpeningLine[], field) => {
    const issues = openingBalanceIssues(ctx, lines);
    expect(issues.map((i) => i.field)).toContain(field);
    expect(() => buildOpeningBalance(ctx, lines)).toThrow(ValidationError);
  });

  it('reports every problem at once, in line order', () => {
    const issues = openingBalanceIssues(ctx, [cr('322-02', 1n), cr('301-V01', 2n), cr('501', 3n)]);
    expect(issues.map((i) => i.field)).toEqual(['lines[0].credit', 'lines[1].credit', 'lines[2].account', 'lines']);
    expect(issues[1].message).toBe('村 V01 截至 2024-12-31 的出资记录合计 500000.00，期初资本 0.02 须与之相等');
    expect(issues[3].message).toBe('借贷不平：借方合计 0.00，贷方合计 0.06');
  });

  it('needs no line for a village whose history is zero', () => {
    expect(openingBalanceIssues(ctx, valid)).toEqual([]);
  });
});

describe('cut-over date', () => {
  it.each([
    ['2024-12-30', true],
    ['2024-12-31', true],
    ['2025-01-01', false],
  ])('%s is closed after a cut-over on 2024-12-31: %s', (date, closed) => {
    expect(cutoverDateIssue(date, D) !== null).toBe(closed);
  });
});
