import { FixedClock } from '../../src/platform/clock/clock';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';
import { buildPark, Park } from './ledger.fixture';

/**
 * Year close (结账) and reopen (反结账), issue 9 bug 4: only a year that has
 * ended can be closed, years close in order, only the latest closed year can
 * be reopened, requested by one user and approved by another; each step is an
 * event in the project's chain, and verification still says ok.
 */
describe('year close and reopen', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;
  const capital = (date: string) => ({ villageCode: park.villages[0].code, date, amount: '1.00', kind: 'cash' });
  const events = async () =>
    (
      await t.db.query(
        `SELECT kind, subject_id AS "subjectId", payload, actor_login AS actor FROM ledger_event WHERE book_id = $1 ORDER BY sequence`,
        [park.projectId],
      )
    ).filter((e: { kind: string }) => e.kind.startsWith('year.'));

  beforeAll(async () => {
    // Today is 28 November 2026 in Beijing: 2024 and 2025 have ended, 2026 has not.
    t = await createTestApp({ clock: new FixedClock('2026-11-28') });
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await t.http().post(`${base()}/capital-events`).send(capital('2025-03-01')).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to close the current year or a future one, naming the year', async () => {
    for (const year of [2026, 2027]) {
      const r = await t.http().post(`${base()}/years/${year}/close`).expect(409);
      expect(JSON.stringify(r.body)).toContain('year');
      expect(JSON.stringify(r.body)).toMatch(/还没有结束/);
    }
    expect(await events()).toEqual([]);
  });

  it('closes years in order only: 2025 waits for 2024', async () => {
    const r = await t.http().post(`${base()}/years/2025/close`).expect(409);
    expect(JSON.stringify(r.body)).toMatch(/2024 年度还没有结账|请先结 2024 年度/);
    await t.http().post(`${base()}/years/2024/close`).expect(200);
    await t.http().post(`${base()}/years/2025/close`).expect(200);
    await t.http().post(`${base()}/capital-events`).send(capital('2025-06-01')).expect(409);
    expect((await events()).map((e: { kind: string; payload: string }) => [e.kind, e.payload])).toEqual([
      ['year.closed', '{"year":2024}'],
      ['year.closed', '{"year":2025}'],
    ]);
  });

  it('reopens only the latest closed year, and never on one user alone', async () => {
    await t.http().post(`${base()}/years/2024/reopen`).expect(409);
    await t.http().post(`${base()}/years/2025/reopen/approve`).expect(409); // nothing requested
    await t.http().post(`${base()}/years/2025/reopen`).expect(200);
    const alone = await t.http().post(`${base()}/years/2025/reopen/approve`).expect(409);
    expect(JSON.stringify(alone.body)).toMatch(/须由另一位用户审核/);
    await t.http().post(`${base()}/capital-events`).send(capital('2025-06-01')).expect(409);
  });

  it('reopens with a second user: 2025 takes vouchers again, and every step is in the chain', async () => {
    const r = await checker.http().post(`${base()}/years/2025/reopen/approve`).expect(200);
    expect(r.body).toMatchObject({ year: 2025, requestedBy: t.accountant.login, reopenedBy: checker.login });
    expect(await t.db.query('SELECT 1 FROM year_close WHERE book_id = $1 AND year = 2025', [park.projectId])).toHaveLength(0);
    await t.http().post(`${base()}/capital-events`).send(capital('2025-06-01')).expect(201);
    // 2024 stays closed.
    await t.http().post(`${base()}/capital-events`).send(capital('2024-06-01')).expect(409);
    expect((await events()).map((e: { kind: string; actor: string }) => [e.kind, e.actor])).toEqual([
      ['year.closed', t.accountant.login],
      ['year.closed', t.accountant.login],
      ['year.reopen-requested', t.accountant.login],
      ['year.reopened', checker.login],
    ]);
    const v = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: true, problems: [] });
    // Closed again, in order, and still verified.
    await t.http().post(`${base()}/years/2025/close`).expect(200);
    expect((await t.http().get(`${base()}/ledger/verify`).expect(200)).body.ok).toBe(true);
  });
});

/**
 * Issue 12: a project that moved in from older books (cut-over date D) closes from the year of the day after D: the
 * years up to D were closed in the old books. Nor does it take a result for such a year, even one that posts nothing.
 */
describe('year close and results of a project with a cut-over date', () => {
  let t: TestApp;
  const project = async (cutoverDate: string) =>
    (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('C'), name: '旧账项目', startDate: '2019-05-01', cutoverDate })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock('2026-11-28') });
  });
  afterAll(async () => {
    await t.close();
  });

  it("cut-over 2024-12-31: 2025 is the first year to close, 2024 and before are the old books'", async () => {
    const id = await project('2024-12-31');
    const early = await t.http().post(`/api/projects/${id}/years/2024/close`).expect(409);
    expect(early.body).toMatchObject({ code: 'BEFORE_FIRST_YEAR', message: '2024 年度早于项目的第一个年度 2025' });
    await t.http().post(`/api/projects/${id}/years/2019/close`).expect(409);
    await t.http().post(`/api/projects/${id}/years/2025/close`).expect(200);
  });

  it('cut-over 2024-06-30: 2024 is the first year to close, its second half being in these books', async () => {
    const id = await project('2024-06-30');
    const late = await t.http().post(`/api/projects/${id}/years/2025/close`).expect(409);
    expect(late.body.code).toBe('YEAR_OUT_OF_ORDER');
    await t.http().post(`/api/projects/${id}/years/2024/close`).expect(200);
  });

  it('refuses a result of a year ending on or before the cut-over, even of 0 revenue and 0 costs, before the opening is posted', async () => {
    const id = await project('2024-12-31');
    for (const year of [2024, 2020]) {
      const r = await t.http().post(`/api/projects/${id}/results`).send({ year, revenue: '0.00', costs: '0.00' }).expect(409);
      expect(r.body).toMatchObject({
        code: 'ON_OR_BEFORE_CUTOVER',
        message: `${year} 年度在期初日期 2024-12-31 及以前，属于旧账：它的经营成果已结转在期初余额的 322-02 中，不能再登记`,
      });
    }
    expect((await t.http().get(`/api/projects/${id}/results`).expect(200)).body).toEqual([]);
    await t.http().post(`/api/projects/${id}/results`).send({ year: 2025, revenue: '0.00', costs: '0.00' }).expect(201);
  });
});
