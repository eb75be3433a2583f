import { creditCodeIssue } from '../../../src/core/credit-code';

describe('creditCodeIssue (统一社会信用代码)', () => {
  it.each(['N2140431MF0000001C', 'N2140431MF0000002F', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(creditCodeIssue(code)).toBeNull();
  });
  it.each([
    // a mistyped check character would attach a payment to the wrong organisation
    ['N2140431MF0000001D', '第 18 位校验码应为 C，不是 D：请核对代码是否抄错'],
    ['N2140431MF000001C', '须为 18 位，只能由数字 0-9 和大写字母组成（不用 I、O、S、V、Z）'],
    ['n2140431mf0000001c', '须为 18 位，只能由数字 0-9 和大写字母组成（不用 I、O、S、V、Z）'],
    ['N2140431MF000000IC', '须为 18 位，只能由数字 0-9 和大写字母组成（不用 I、O、S、V、Z）'],
  ])('rejects %s', (code, reason) => {
    expect(creditCodeIssue(code)).toBe(reason);
  });
  it('rejects a non-string', () => {
    expect(creditCodeIssue(123)).toBe('须为 18 位的统一社会信用代码字符串');
  });
});
