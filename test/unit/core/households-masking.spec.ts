/** Personal data kept to the minimum (spec/households.md): the masking rules and the identity-card check. */
import { bankAccountIssue, idLast4Issue, lastFourOf, maskAccount, maskName, normalizeAccount } from '../../../src/core/households/masking';

describe('maskAccount', () => {
  it.each([
    ['6217000012341234', '6217 **** **** 1234'],
    ['6217 0000 1234 1234', '6217 **** **** 1234'],
    ['6228480012345678901', '6228 **** **** 8901'],
    ['621700001234', '6217 **** **** 1234'],
    ['12345678', '**** **** 5678'],
    ['12345678901', '**** **** 8901'],
  ])('%s → %s', (account, masked) => {
    expect(maskAccount(account)).toBe(masked);
  });

  it('keeps null as null', () => {
    expect(maskAccount(null)).toBeNull();
  });

  it('never shows more than eight digits of a long number, nor its length', () => {
    const a = maskAccount('6217000012341234');
    const b = maskAccount('6217999999999999991234');
    expect(a).toBe(b);
    expect(a.replace(/[^0-9]/g, '')).toHaveLength(8);
  });
});

describe('maskName', () => {
  it.each([
    ['弓长东', '弓*东'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '*'],
    [' 李四 ', '李*'],
    ['𠮷野家', '𠮷*家'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('idLast4Issue', () => {
  it.each(['1234', '123X', '0000'])('accepts %s', (v) => {
    expect(idLast4Issue(v)).toBeNull();
  });

  it.each(['123', '12345', 'X123', '123x', 'abcd', ''])('refuses %s', (v) => {
    expect(idLast4Issue(v)).toMatch(/不是身份证号后四位/);
  });

  it('refuses a whole number, saying only the last four are kept', () => {
    expect(idLast4Issue('14043019800101123X')).toMatch(/只保存后四位/);
    expect(idLast4Issue('140430800101123')).toMatch(/只保存后四位/);
  });

  it('refuses what is not a string', () => {
    expect(idLast4Issue(1234)).toMatch(/字符串/);
  });
});

describe('lastFourOf (the import)', () => {
  it('cuts a whole number to its last four and says so', () => {
    expect(lastFourOf('14043019800101123x')).toEqual({ last4: '123X', cut: true, issue: null });
    expect(lastFourOf('140430800101123')).toEqual({ last4: '1123', cut: true, issue: null });
  });

  it('keeps the last four as they are, and names anything else', () => {
    expect(lastFourOf('123X')).toEqual({ last4: '123X', cut: false, issue: null });
    expect(lastFourOf('12X').issue).toMatch(/不是身份证号后四位/);
  });
});

describe('bank accounts', () => {
  it('takes 8 to 30 digits, spaces allowed', () => {
    expect(bankAccountIssue('6217 0000 1234 1234')).toBeNull();
    expect(bankAccountIssue('12345678')).toBeNull();
    expect(bankAccountIssue('1'.repeat(30))).toBeNull();
    expect(normalizeAccount('6217 0000 1234 1234')).toBe('6217000012341234');
  });

  it.each([
    ['1234567', /8 到 30 位/],
    ['1'.repeat(31), /8 到 30 位/],
    ['6217-0000-1234', /只能包含数字/],
    ['62170000123412３4', /只能包含数字/],
  ])('refuses %s', (v, why) => {
    expect(bankAccountIssue(v)).toMatch(why);
  });
});
