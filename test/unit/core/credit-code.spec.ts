import { creditCodeIssue } from '../../../src/core/credit-code';

describe('creditCodeIssue (统一社会信用代码)', () => {
  it.each(['N2140431MF0000001C', 'N2140431MF0000002F', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(creditCodeIssue(code)).toBeNull();
  });
  it.each([
    // a mistyped check character would attach a payment to the wrong organisation
    ['N2140431MF0000001D', 'check character should be C, not D'],
    ['N2140431MF000001C', 'must be 18 characters of 0-9 and upper-case letters other than I, O, S, V, Z'],
    ['n2140431mf0000001c', 'must be 18 characters of 0-9 and upper-case letters other than I, O, S, V, Z'],
    ['N2140431MF000000IC', 'must be 18 characters of 0-9 and upper-case letters other than I, O, S, V, Z'],
  ])('rejects %s', (code, reason) => {
    expect(creditCodeIssue(code)).toBe(reason);
  });
  it('rejects a non-string', () => {
    expect(creditCodeIssue(123)).toBe('must be a string of 18 characters');
  });
});
