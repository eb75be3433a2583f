import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, assertGapless, balancedTrialBalance, buildPark, closing, expectedFields, Park, rulebookFields } from './ledger.fixture';

interface VoucherView {
  date: string;
  lines: Array<{ account: string; debit: string; credit: string }>;
}

/**
 * Scenarios 05a then 05b end to end through the API: the 2024 loss is carried
 * forward in the books (322-02 debit 248,360.64) and the 2025 draft reads B
 * from there, not from a typed-in number.
 */
describe('ledger: 05a → 05b through the books', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('books capital and results as they are recorded, balanced after every step', async () => {
    let tb = await balancedTrialBalance(t, park.projectId, '2024-12-31');
    expect(closing(tb, '301')).toEqual({ side: 'credit', amount: '3000000.00' });
    // A village's sub-account carries the village's name, as an accountant writes it.
    expect(tb.rows.find((r: { account: string }) => r.account === `301-${park.villages[0].code}`).name).toBe('资本—程壁村');
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    tb = await balancedTrialBalance(t, park.projectId, '2024-12-31');
    expect(closing(tb, '501')).toEqual({ side: 'credit', amount: '980000.00' });
    expect(closing(tb, '511')).toEqual({ side: 'debit', amount: '1100000.00' });
    await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
    await balancedTrialBalance(t, park.projectId, '2025-12-31');
  });

  let run2024: string;
  it('drafts 2024 with the exact 05a result; the preparer cannot approve it; another accountant can; it posts', async () => {
    const draft = await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201);
    run2024 = draft.body.id;
    expect(draft.body.status).toBe('draft');
    expect(rulebookFields(draft.body.result, park.prefix)).toEqual(expectedFields('05a-carry-forward-loss-2024.expected.json'));
    expect(draft.body.inputsHash).toBe(draft.body.result.inputsHash);
    expect(draft.body.policyHash).toMatch(/^[0-9a-f]{64}$/);
    await t.http().post(`${base()}/runs/${run2024}/post`).send({ date: '2025-03-31' }).expect(409); // not approved
    const self = await t.http().post(`${base()}/runs/${run2024}/approve`).expect(409);
    expect(self.body.message).toContain('不能审核');
    await checker.http().post(`${base()}/runs/${run2024}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${run2024}/post`).send({ date: '2024-12-31' }).expect(400); // must be after the year
    const posted = await t.http().post(`${base()}/runs/${run2024}/post`).send({ date: '2025-03-31' }).expect(200);
    expect(posted.body.status).toBe('posted');
    // close (revenue, costs, loss) + guaranteed + close of 322-01; zero profit and reserve post nothing.
    expect(posted.body.vouchers).toEqual(['2024-12-0003', '2024-12-0004', '2024-12-0005', '2025-03-0001', '2025-03-0002']);
    const tb = await balancedTrialBalance(t, park.projectId, '2025-03-31');
    expect(closing(tb, '322-02')).toEqual({ side: 'debit', amount: '248360.64' });
    expect(closing(tb, '211')).toEqual({ side: 'credit', amount: '128360.64' });
    expect(closing(tb, '501')).toEqual({ side: 'flat', amount: '0.00' });
  });

  it('refuses to edit what the posted run used: the result and capital dated up to 2024-12-31 (409)', async () => {
    await t.http().patch(`${base()}/results/2024`).send({ revenue: '990000.00' }).expect(409);
    const events = await t.http().get(`${base()}/capital-events`).expect(200);
    await t.http().patch(`${base()}/capital-events/${events.body.items[0].id}`).send({ amount: '400000.00' }).expect(409);
  });

  let run2025: string;
  it('drafts 2025 with B = 248,360.64 read from the books, and recovers it when posted', async () => {
    const draft = await t.http().post(`${base()}/runs`).send({ year: 2025 }).expect(201);
    run2025 = draft.body.id;
    expect(draft.body.scenario.deficitBroughtForward).toBe('248360.64');
    expect(rulebookFields(draft.body.result, park.prefix)).toEqual(expectedFields('05b-carry-forward-recovery-2025.expected.json'));
    await checker.http().post(`${base()}/runs/${run2025}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${run2025}/post`).send({ date: '2026-03-31' }).expect(200);
    const tb = await balancedTrialBalance(t, park.projectId, '2026-03-31');
    expect(closing(tb, '322-02')).toEqual({ side: 'flat', amount: '0.00' });
    expect(closing(tb, '311')).toEqual({ side: 'credit', amount: '22163.94' });
    // 2024's guaranteed 128,360.64 + 2025's 379,475.42 to the villages.
    expect(closing(tb, '211')).toEqual({ side: 'credit', amount: '507836.06' });
    await assertGapless(t, park.projectId);
  });

  it('verifies the chain and reproduces both runs byte for byte', async () => {
    const v = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(v.body).toMatchObject({ ok: true, count: 22, digest: { sequence: 22 } });
    for (const id of [run2024, run2025]) {
      const r = await t.http().get(`${base()}/runs/${id}/recompute`).expect(200);
      expect(r.body.identical).toBe(true);
      expect(r.body.resultHash.recomputed).toBe(r.body.resultHash.stored);
    }
  });

  it('pays a village never more than it is owed; the statements show paid and outstanding', async () => {
    const v1 = park.villages[0];
    // owed: 21,393.44 (2024) + 63,245.91 (2025) = 84,639.35
    await t
      .http()
      .post(`${base()}/payments`)
      .send({ villageCode: v1.code, amount: '84639.36', date: '2026-04-10', bankReference: 'B-1' })
      .expect(409);
    const paid = await t
      .http()
      .post(`${base()}/payments`)
      .send({ villageCode: v1.code, amount: '30000.00', date: '2026-04-10', bankReference: 'B-1' })
      .expect(201);
    expect(paid.body).toMatchObject({ amount: '30000.00', status: 'posted', voucher: '2026-04-0001' });
    const st = await t.http().get(`${base()}/runs/${run2024}/statement`).expect(200);
    expect(st.body.villages[0]).toMatchObject({ code: v1.code, total: '21393.44', paid: '21393.44', outstanding: '0.00' });
    expect(st.body.digest.sequence).toBe(23);
    const st25 = await t.http().get(`${base()}/runs/${run2025}/statement`).expect(200);
    expect(st25.body.villages[0]).toMatchObject({ total: '63245.91', paid: '8606.56', outstanding: '54639.35' });
    // 63,245.91 on a full year's 500,000.00 of capital; 2024's 21,393.44 is 6% on the day-weighted base.
    expect([st.body.villages[0].capitalBase, st.body.villages[0].yieldPercent]).toEqual(['356557.38', '6.00']);
    expect([st25.body.villages[0].capitalBase, st25.body.villages[0].yieldPercent]).toEqual(['500000.00', '12.65']);
    const vs = await t.http().get(`/api/villages/${v1.id}/statement`).expect(200);
    expect(vs.body.dividends.map((d: { year: number; total: string; paid: string }) => [d.year, d.total, d.paid])).toEqual([
      [2024, '21393.44', '21393.44'],
      [2025, '63245.91', '8606.56'],
    ]);
    expect(vs.body.villageVouchers.map((x: VoucherView) => [x.date, x.lines[0].account, x.lines[1].account, x.lines[0].debit])).toEqual([
      ['2025-03-31', '112', '502', '21393.44'],
      ['2026-03-31', '112', '502', '63245.91'],
      ['2026-04-10', '102', '112', '30000.00'],
    ]);
    await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: '2026-04-11' }).expect(200);
    await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: '2026-04-11' }).expect(409);
    await balancedTrialBalance(t, park.projectId, '2026-12-31');
  });

  it('shows a treasurer only their own village, and refuses them writes and other villages', async () => {
    const [v1, v2] = park.villages;
    const tr = await t.signIn('treasurer', v1.code);
    const st = await tr.http().get(`${base()}/runs/${run2025}/statement`).expect(200);
    expect(st.body.villages.map((v: { code: string }) => v.code)).toEqual([v1.code]);
    await tr.http().get(`/api/villages/${v1.id}/statement`).expect(200);
    await tr.http().get(`/api/villages/${v2.id}/statement`).expect(403);
    await tr.http().post(`${base()}/runs`).send({ year: 2025 }).expect(403);
  });

  it('reverses 2025 and frees the year, refuses to reverse 2024 first, and closes a year against any voucher', async () => {
    await t.http().post(`${base()}/runs/${run2024}/reverse`).send({ date: '2026-05-01' }).expect(409);
    const rev = await t.http().post(`${base()}/runs/${run2025}/reverse`).send({ date: '2026-05-01' });
    expect([rev.status, rev.body.message]).toEqual([200, undefined]);
    const tb = await balancedTrialBalance(t, park.projectId, '2026-05-01');
    expect(closing(tb, '322-02')).toEqual({ side: 'debit', amount: '248360.64' });
    const again = await t.http().post(`${base()}/runs`).send({ year: 2025 }).expect(201);
    expect(again.body.scenario.deficitBroughtForward).toBe('248360.64');
    await t.http().post(`${base()}/years/2024/close`).expect(200);
    await t.http().post(`${base()}/years/2024/close`).expect(409);
    await t
      .http()
      .post(`${base()}/capital-events`)
      .send({ villageCode: park.villages[0].code, date: '2024-06-01', amount: '1.00', kind: 'cash' })
      .expect(409);
    await balancedTrialBalance(t, park.projectId, '2026-05-01');
    const v = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(v.body.ok).toBe(true);
    const j = await t.http().get(`${base()}/ledger/vouchers?account=211&from=2026-01-01`).expect(200);
    expect(j.body.items.every((x: VoucherView) => x.lines.some((l) => l.account.startsWith('211-')))).toBe(true);
    expect(j.body.digest.sequence).toBe(v.body.digest.sequence);
  });
});
