import { accountName, chartAccountOf, isKnownAccount, lineageOf, parentOf } from '../../../src/core/ledger';
import { ValidationError } from '../../../src/core/errors';

describe('chart of accounts', () => {
  it.each([
    ['102', true],
    ['112-OPERATOR', true],
    ['112-V01', false], // only the operator owes a top-up: a typo must not open a receivable
    ['211-V01', true],
    ['211-FUND-POOR', true],
    ['301-V01', true],
    ['322-01', true],
    ['322-01-GUAR', true],
    ['322-01-PROFIT', true],
    ['322-01-DED-reserve', true],
    ['322-01-OTHER', false],
    ['322-02', true],
    ['322-02-X', false], // 322-02 has no sub-accounts
    ['322-03', false],
    ['999', false],
    ['211-', false],
    ['211-a b', false],
    ['211-' + 'x'.repeat(33), false],
    ['', false],
  ])('isKnownAccount(%j) is %s', (code, known) => {
    expect(isKnownAccount(code)).toBe(known);
  });

  it('finds the parent by the longest chart code', () => {
    expect(parentOf('322-01-DED-op-x')).toBe('322-01');
    expect(parentOf('322-01')).toBe('322');
    expect(parentOf('211-FUND-POOR')).toBe('211');
    expect(parentOf('102')).toBeNull();
    expect(lineageOf('322-01-GUAR')).toEqual(['322', '322-01', '322-01-GUAR']);
  });

  it('names accounts as an accountant writes them', () => {
    expect(accountName('322-01-GUAR')).toBe('收益分配—各项分配—保底分红');
    expect(accountName('322-01-DED-reserve')).toBe('收益分配—各项分配—提取公积公益金');
    expect(accountName('322-01-DED-operator')).toBe('收益分配—各项分配—DED-operator');
    expect(accountName('211-V01')).toBe('应付款—V01');
    expect(accountName('112-OPERATOR')).toBe('应收款—运营方');
    expect(accountName('102')).toBe('银行存款');
  });

  it('gives sub-accounts the side of the account they are opened under', () => {
    expect(chartAccountOf('211-V01')).toMatchObject({ code: '211', type: 'liability', normalSide: 'credit' });
    expect(chartAccountOf('322-01-GUAR').normalSide).toBe('debit');
    expect(chartAccountOf('322-02').normalSide).toBe('credit');
    expect(chartAccountOf('511').type).toBe('expense');
  });

  it('refuses unknown codes by name', () => {
    expect(() => parentOf('999')).toThrow(ValidationError);
    expect(() => accountName('211-a b')).toThrow('"211-a b" 不是科目表中的科目');
  });
});
