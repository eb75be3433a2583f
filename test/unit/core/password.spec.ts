import { hashPassword, passwordIssue, verifyNothing, verifyPassword } from '../../../src/core/password';

describe('passwords', () => {
  it('refuses a password made only of whitespace, however long', () => {
    expect(passwordIssue(' '.repeat(12))).toBe('不能只由空白字符组成');
    expect(passwordIssue('\t \u3000\u00a0'.repeat(4))).toBe('不能只由空白字符组成');
    expect(passwordIssue('  a-real-password  ')).toBeNull();
    expect(passwordIssue('short')).toBe('至少 10 个字符');
  });

  it('checks a password against its hash, and the stand-in check says no at the same cost', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('wrong horse battery', hash)).toBe(false);
    await verifyNothing('warm-up');
    const time = async (f: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      await f();
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const real = await time(() => verifyPassword('wrong horse battery', hash));
    const stand = await time(() => verifyNothing('wrong horse battery'));
    expect(await verifyNothing('')).toBe(false);
    expect(stand).toBeGreaterThan(real * 0.5);
  });
});
