import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, assertGapless, balancedTrialBalance, buildPark, Park } from './ledger.fixture';

/** Concurrent requests against one project's books: the database serialises them, numbers stay gapless. */
describe('runs and payments under concurrency', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;
  const statuses = (rs: Array<{ status: number }>) => rs.map((r) => r.status).sort();

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
  });
  afterAll(async () => {
    await t.close();
  });

  async function approvedDraft(year: number): Promise<string> {
    const d = await t.http().post(`${base()}/runs`).send({ year }).expect(201);
    await checker.http().post(`${base()}/runs/${d.body.id}/approve`).expect(200);
    return d.body.id;
  }

  it('20 concurrent posts of the same run: exactly one succeeds, 19 get 409', async () => {
    const id = await approvedDraft(2024);
    const rs = await Promise.all(Array.from({ length: 20 }, () => t.http().post(`${base()}/runs/${id}/post`).send({ date: '2025-03-31' })));
    expect(statuses(rs)).toEqual([200, ...Array(19).fill(409)]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE source_id = $1`, [id]);
    expect(n).toBe(2); // guaranteed dividends and the close of 322-01 (nothing else is non-zero in 05a)
    await assertGapless(t, park.projectId);
  });

  it('two runs of the same year posted concurrently (10 requests each): exactly one posts', async () => {
    const a = await approvedDraft(2025);
    const b = await approvedDraft(2025);
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`${base()}/runs/${i % 2 ? a : b}/post`)
          .send({ date: '2026-03-31' }),
      ),
    );
    expect(statuses(rs)).toEqual([200, ...Array(19).fill(409)]);
    const posted = await t.db.query(`SELECT id FROM distribution_run WHERE project_id = $1 AND year = 2025 AND status = 'posted'`, [
      park.projectId,
    ]);
    expect(posted).toHaveLength(1);
    await assertGapless(t, park.projectId);
    await balancedTrialBalance(t, park.projectId, '2026-12-31');
  });

  it('20 concurrent payments of 5,000.00 to a village owed 84,639.35: 16 succeed, never more than owed', async () => {
    const v = park.villages[1];
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`${base()}/payments`)
          .send({ villageCode: v.code, amount: '5000.00', date: '2026-04-10', bankReference: `C-${i}` }),
      ),
    );
    expect(statuses(rs)).toEqual([...Array(16).fill(201), ...Array(4).fill(409)]);
    const more = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http().post(`${base()}/payments`).send({ villageCode: v.code, amount: '4639.35', date: '2026-04-10', bankReference: 'C-last' }),
      ),
    );
    expect(statuses(more)).toEqual([201, 409, 409, 409, 409]);
    const tb = await balancedTrialBalance(t, park.projectId, '2026-12-31');
    expect(tb.rows.find((r: { account: string }) => r.account === `211-${v.code}`).closing).toEqual({ side: 'flat', amount: '0.00' });
    await assertGapless(t, park.projectId);
  });

  it('the operator can never pay more than it owes (here nothing: 05 carries forward, no top-up)', async () => {
    const r = await t
      .http()
      .post(`${base()}/operator-payments`)
      .send({ amount: '0.01', date: '2026-04-10', bankReference: 'OP-1' })
      .expect(409);
    expect(r.body.message).toContain('超过了运营方应付的金额');
  });
});
