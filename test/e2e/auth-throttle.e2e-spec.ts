import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, TEST_PASSWORD, TestApp, uniqueCode } from '../support/test-app';

/**
 * The sign-in throttle under concurrency (issue 10, sign-in 1–3): counted in PostgreSQL, a slot reserved
 * before each password check, so that no more than 5 failures per login (20 per address) in 15 minutes are
 * ever checked, however many arrive at once. Every test signs in from an address of its own
 * (X-Forwarded-For: the app trusts its loopback proxy), so tests and files never share a count.
 */
describe('auth: the sign-in throttle holds under concurrency', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date());
  let addressCount = 0;
  const addresses: string[] = [];

  /** An address no other test signs in from. */
  function address(): string {
    addressCount += 1;
    const a = `198.51.${100 + (process.pid % 50)}.${addressCount}`;
    addresses.push(a);
    return a;
  }

  const login = (who: string, password: string, ip: string) =>
    t.anonymous().post('/api/auth/login').set('X-Forwarded-For', ip).send({ login: who, password });

  const statuses = (responses: Array<{ status: number }>) =>
    responses.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

  async function auditActions(ip: string): Promise<Record<string, number>> {
    const rows: Array<{ action: string; n: number }> = await t.db.query(
      'SELECT action, count(*)::int AS n FROM audit_log WHERE ip = $1 GROUP BY action',
      [ip],
    );
    return Object.fromEntries(rows.map((r) => [r.action, r.n]));
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => {
    await t.db.query('DELETE FROM sign_in_attempt WHERE ip = ANY($1)', [addresses]);
    await t.close();
  });

  it('60 concurrent wrong passwords from one address against one user: 5 are checked (401), 55 refused unchecked (429)', async () => {
    const user = await t.signIn('auditor');
    const ip = address();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 60 }, () => login(user.login, 'wrong-password', ip)));
    expect(statuses(answers)).toEqual({ 401: 5, 429: 55 });
    // 5 scrypt checks, not 60: the refused ones cost no hashing.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(answers.find((r) => r.status === 429)!.body.message).toMatch(/密码错误次数太多，请 15 分钟后再试/);
    // Locked now, even with the right password.
    await login(user.login, TEST_PASSWORD, ip).expect(429);
    // Who, when and from where: every failure, the lockout, every refusal.
    expect(await auditActions(ip)).toEqual({ 'sign-in-failed': 5, 'sign-in-locked': 1, 'sign-in-refused': 56 });
    const [locked] = await t.db.query(`SELECT entity_id, changes, at FROM audit_log WHERE ip = $1 AND action = 'sign-in-locked'`, [ip]);
    expect(locked).toMatchObject({ entity_id: user.id, changes: { login: user.login, lockedBy: 'login', failures: 5 } });
    expect(locked.at).toBeInstanceOf(Date);
  });

  it.each(['last', 'middle', 'first'])('30 parallel wrong passwords plus the right one (sent %s) never sign in', async (position) => {
    const user = await t.signIn('accountant');
    const ip = address();
    const requests = Array.from({ length: 30 }, () => ({ password: 'wrong-password' }));
    const at = position === 'first' ? 0 : position === 'middle' ? 15 : 30;
    requests.splice(at, 0, { password: TEST_PASSWORD });
    const answers = await Promise.all(requests.map((r) => login(user.login, r.password, ip)));
    expect(answers[at].status).toBe(429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(0);
    // The right one may have held one of the 5 slots (checked, then refused: a burst came in meanwhile). It is no
    // failure, so one more guess may be checked; never more than 5 failures in all, and then the login is locked.
    const more = await Promise.all(Array.from({ length: 10 }, () => login(user.login, 'wrong-password', ip)));
    expect([...answers, ...more].filter((r) => r.status === 401)).toHaveLength(5);
    await login(user.login, TEST_PASSWORD, ip).expect(429);
  });

  it('counts per address too: 20 failures from one address, on any logins, then it is refused', async () => {
    const ip = address();
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => login(`nobody-${uniqueCode('x')}-${i}`, 'wrong-password', ip)));
    expect(statuses(answers)).toEqual({ 401: 20, 429: 5 });
    const user = await t.signIn('auditor');
    await login(user.login, TEST_PASSWORD, ip).expect(429);
    await login(user.login, TEST_PASSWORD, address()).expect(200);
    expect(await auditActions(ip)).toMatchObject({ 'sign-in-failed': 20, 'sign-in-locked': 1, 'sign-in-refused': 6 });
  });

  it('lets the rightful user in after 4 mistakes, and a success clears them', async () => {
    const user = await t.signIn('auditor');
    const ip = address();
    for (let i = 0; i < 4; i++) await login(user.login, 'wrong-password', ip).expect(401);
    await login(user.login, TEST_PASSWORD, ip).expect(200);
    for (let i = 0; i < 4; i++) await login(user.login, 'wrong-password', ip).expect(401);
    await login(user.login, TEST_PASSWORD, ip).expect(200);
    expect(await auditActions(ip)).toEqual({ 'sign-in-failed': 8, 'sign-in': 2 });
  });

  it('lifts the lock when the window has passed, and not before', async () => {
    const user = await t.signIn('auditor');
    const ip = address();
    for (let i = 0; i < 5; i++) await login(user.login, 'wrong-password', ip).expect(401);
    await login(user.login, TEST_PASSWORD, ip).expect(429);
    const now = clock.now();
    try {
      clock.set(new Date(now.getTime() + 14 * 60_000));
      await login(user.login, TEST_PASSWORD, ip).expect(429);
      clock.set(new Date(now.getTime() + 15 * 60_000 + 1000));
      await login(user.login, TEST_PASSWORD, ip).expect(200);
    } finally {
      clock.set(now);
    }
  });

  it('throttles POST /auth/password like sign-in: a wrong current password counts, and locks sign-in too', async () => {
    const user = await t.signIn('accountant');
    const ip = address();
    const change = (currentPassword: string) =>
      user.http().post('/api/auth/password').set('X-Forwarded-For', ip).send({ currentPassword, newPassword: 'a-brand-new-password' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => change('wrong-password')));
    expect(statuses(answers)).toEqual({ 401: 5, 429: 7 });
    await change(TEST_PASSWORD).expect(429);
    await login(user.login, TEST_PASSWORD, ip).expect(429);
    expect(await auditActions(ip)).toEqual({
      'change-password-failed': 5,
      'sign-in-locked': 1,
      'change-password-refused': 8,
      'sign-in-refused': 1,
    });
    // A wrong current password is recorded once, in detail, not also as a refused request.
    const refused: Array<{ n: number }> = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE ip = $1 AND action = 'refused-401'`,
      [ip],
    );
    expect(refused[0].n).toBe(0);
  });
});
