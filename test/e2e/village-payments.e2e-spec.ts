/**
 * Village runs' refusals and reversals (issue 16): a run whose records changed after it was drafted is not posted,
 * and recompute names what changed; concurrent payments of the same household spend its balance once; a bank
 * reference entered twice is refused; a paid run is reversed only after its payments; the dates are checked.
 * The village's income here is other income entered in its book (Dr 102 / Cr 522), no project needed.
 */
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

const POLICY = { keeps: [{ code: 'reserve', name: '公积公益金', rate: '0.05' }], weights: { POP: '1' } };

describe('village runs: refusals, concurrency and reversal', () => {
  let t: TestApp;
  let villageId: string;
  let treasurer: SignedInUser;
  let checker: SignedInUser;
  const vbase = () => `/api/villages/${villageId}`;
  const register = (registeredOn: string, h2: string) =>
    treasurer
      .http()
      .post(`${vbase()}/share-registers`)
      .send({
        registeredOn,
        kinds: [{ code: 'POP', name: '人口股' }],
        holdings: [
          { household: 'H1', kind: 'POP', units: '3' },
          { household: 'H2', kind: 'POP', units: h2 },
        ],
      })
      .expect(201);
  const draft = async (postingDate?: string) =>
    (await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025, postingDate }).expect(201)).body;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    const code = uniqueCode('V');
    villageId = (await t.http().post('/api/villages').send({ code, name: '南庄村' }).expect(201)).body.id;
    treasurer = await t.signIn('treasurer', code);
    await treasurer.http().post(`${vbase()}/book`).send({ openedOn: '2025-01-01' }).expect(201);
    await treasurer
      .http()
      .post(`${vbase()}/book/other-income`)
      .send({ date: '2025-06-01', amount: '10000.00', summary: '集体土地租金' })
      .expect(201);
    await treasurer.http().post(`${vbase()}/policies`).send({ effectiveFromYear: 2025, policy: POLICY }).expect(201);
    for (const [c, name, bankAccount] of [
      ['H1', '弓长东', '6217000012341234'],
      ['H2', '张三', '6217000056785678'],
    ]) {
      await treasurer.http().post(`${vbase()}/households`).send({ code: c, headName: name, bankName: '农行', bankAccount }).expect(201);
    }
    await register('2025-01-01', '2');
  });
  afterAll(async () => {
    await t.close();
  });

  let runId: string;
  it('a run whose share register changed after it was drafted is not posted; recompute names the change', async () => {
    const stale = await draft();
    // 10,000.00 less 5% = 9,500.00 by 3 : 2.
    expect(stale.households.map((h: { code: string; amount: string }) => [h.code, h.amount])).toEqual([
      ['H1', '5700.00'],
      ['H2', '3800.00'],
    ]);
    await checker.http().post(`${vbase()}/runs/${stale.id}/approve`).expect(200);
    await register('2025-12-01', '7');
    const refused = await treasurer.http().post(`${vbase()}/runs/${stale.id}/post`).send({ date: '2026-01-10' }).expect(409);
    expect(refused.body.code).toBe('RUN_OUTDATED');
    const rc = await t.http().get(`${vbase()}/runs/${stale.id}/recompute`).expect(200);
    expect(rc.body.identical).toBe(true);
    expect(rc.body.records.identical).toBe(false);
    expect(rc.body.records.differences.map((d: { path: string }) => d.path)).toEqual(['register', 'holdings[H2 POP]']);
    expect(rc.body.records.differences[1]).toEqual({
      path: 'holdings[H2 POP]',
      stored: { household: 'H2', kind: 'POP', units: '2' },
      now: { household: 'H2', kind: 'POP', units: '7' },
    });

    const inYear = await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025, postingDate: '2025-12-31' }).expect(400);
    expect(inYear.body.errors[0].field).toBe('postingDate');
    const fresh = await draft('2026-01-10');
    runId = fresh.id;
    expect(fresh.households.map((h: { amount: string }) => h.amount)).toEqual(['2850.00', '6650.00']);
    await checker.http().post(`${vbase()}/runs/${runId}/approve`).expect(200);
    const early = await treasurer.http().post(`${vbase()}/runs/${runId}/post`).send({ date: '2025-12-31' }).expect(400);
    expect(early.body.errors[0].field).toBe('date');
    // Posted on the date proposed with the draft.
    const posted = await treasurer.http().post(`${vbase()}/runs/${runId}/post`).send({}).expect(200);
    expect(posted.body).toMatchObject({ plannedPostingDate: '2026-01-10', postingDate: '2026-01-10' });
    // The stale one cannot be posted now either: the year is taken.
    expect((await treasurer.http().post(`${vbase()}/runs/${stale.id}/post`).send({ date: '2026-01-10' }).expect(409)).body.code).toBe(
      'YEAR_ALREADY_POSTED',
    );
  });

  it('two concurrent payments of a household’s whole amount: one is posted, the other refused', async () => {
    const pay = (ref: string) =>
      treasurer
        .http()
        .post(`${vbase()}/runs/${runId}/payments`)
        .send({ household: 'H1', amount: '2850.00', date: '2026-01-12', bankReference: ref });
    const results = await Promise.all([pay('A-1'), pay('A-2')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE book_id = $1 AND source_type = 'village-payment'`, [
      villageId,
    ]);
    expect(n).toBe(1);
  });

  it('refuses a payment before the run was posted, and the same bank reference for the same amount twice', async () => {
    const base = `${vbase()}/runs/${runId}/payments`;
    const early = await treasurer
      .http()
      .post(base)
      .send({ household: 'H2', amount: '100.00', date: '2026-01-09', bankReference: 'B-1' })
      .expect(400);
    expect(early.body.errors[0].field).toBe('date');
    const unknown = await treasurer
      .http()
      .post(base)
      .send({ household: 'H9', amount: '100.00', date: '2026-01-12', bankReference: 'B-1' })
      .expect(400);
    expect(unknown.body.errors[0].field).toBe('household');
    await treasurer.http().post(base).send({ household: 'H2', amount: '100.00', date: '2026-01-12', bankReference: 'B-1' }).expect(201);
    const twice = await treasurer
      .http()
      .post(base)
      .send({ household: 'H2', amount: '100.00', date: '2026-01-12', bankReference: ' b-1 ' })
      .expect(409);
    expect(twice.body.code).toBe('DUPLICATE_PAYMENT');
  });

  it('a paid run is reversed only after its payments; the accountant reverses it and the year is free again', async () => {
    const base = `${vbase()}/runs/${runId}`;
    expect((await checker.http().post(`${base}/reverse`).send({ reason: '股权登记更正' }).expect(409)).body.code).toBe('RUN_PAID');
    await treasurer.http().post(`${base}/reverse`).send({ reason: '股权登记更正' }).expect(403);
    const payments = (await t.http().get(`${base}/payments`).expect(200)).body;
    expect(payments).toHaveLength(2);
    // Reversing a payment is a correction of the books: the accountant's (roles.ts `money`), not the treasurer's.
    await treasurer.http().post(`${base}/payments/${payments[0].id}/reverse`).send({ date: '2026-01-20' }).expect(403);
    for (const p of payments) {
      const r = await checker.http().post(`${base}/payments/${p.id}/reverse`).send({ date: '2026-01-20' }).expect(200);
      expect(r.body).toMatchObject({ status: 'reversed', reversalVoucher: expect.any(String) });
    }
    await checker.http().post(`${base}/payments/${payments[0].id}/reverse`).send({ date: '2026-01-20' }).expect(409);
    const s = (await t.http().get(base).expect(200)).body;
    expect(s.totals).toEqual({ amount: '9500.00', paid: '0.00', outstanding: '9500.00' });

    const reversed = await checker.http().post(`${base}/reverse`).send({ reason: '股权登记更正', date: '2026-01-21' }).expect(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', reversalReason: '股权登记更正', reversalDate: '2026-01-21' });
    expect(reversed.body.vouchers).toHaveLength(2);
    // The households' payables and the distribution accounts are back to nothing.
    const rows = await t.db.query(
      `SELECT l.account, sum(l.credit - l.debit)::text AS net FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.book_id = $1 AND (l.account LIKE '211-%' OR l.account LIKE '322-01%' OR l.account = '311') GROUP BY l.account ORDER BY l.account`,
      [villageId],
    );
    expect(rows.every((r: { net: string }) => r.net === '0.00')).toBe(true);
    await treasurer
      .http()
      .post(`${base}/payments`)
      .send({ household: 'H2', amount: '1.00', date: '2026-01-22', bankReference: 'C-1' })
      .expect(409);
    expect((await treasurer.http().get(`${vbase()}/ledger/verify`).expect(200)).body.ok).toBe(true);
    await draft();
  });

  it('keeps beyond the income are the policy’s mistake: 400 naming policy.keeps, nothing stored', async () => {
    const code = uniqueCode('V');
    const id = (await t.http().post('/api/villages').send({ code, name: '北坡村' }).expect(201)).body.id;
    const base = `/api/villages/${id}`;
    await t.http().post(`${base}/book`).send({ openedOn: '2025-01-01' }).expect(201);
    await t.http().post(`${base}/book/other-income`).send({ date: '2025-03-01', amount: '100.00', summary: '租金' }).expect(201);
    const policy = { keeps: [{ code: 'welfare', name: '公益事业', amount: '2000.00' }], weights: { POP: '1' } };
    await t.http().post(`${base}/policies`).send({ effectiveFromYear: 2025, policy }).expect(201);
    await t.http().post(`${base}/households`).send({ code: 'H1', headName: '赵六' }).expect(201);
    await t
      .http()
      .post(`${base}/share-registers`)
      .send({
        registeredOn: '2025-01-01',
        kinds: [{ code: 'POP', name: '人口股' }],
        holdings: [{ household: 'H1', kind: 'POP', units: '1' }],
      })
      .expect(201);
    const res = await t.http().post(`${base}/runs`).send({ year: 2025 }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['policy.keeps']);
    expect((await t.http().get(`${base}/runs`).expect(200)).body).toEqual([]);
  });
});
