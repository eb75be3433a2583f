import { Client } from 'pg';
import { FixedClock } from '../../src/platform/clock/clock';
import { countRows, createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, balancedTrialBalance, buildPark, closing, Park } from './ledger.fixture';

const TODAY = '2026-06-30';

interface Issue {
  field: string;
  message: string;
}

/**
 * Payments and their reversals against the books' calendar (issue 9, bugs 2, 3
 * and 7): nothing dated after today or before the project's start; a payment
 * never more than the village is owed as of its date, as of today, or on any
 * day in between; a reversal never dated before its payment; and statements
 * that read "paid" from the vouchers, not from the payment table.
 * Scenario 05: 2024 posted 2025-03-31; 2025 posted 2026-03-31, reversed
 * 2026-05-01 and posted again 2026-06-01. Today is 2026-06-30 in Beijing.
 */
describe('payments: dates and what is owed as of them', () => {
  const clock = new FixedClock(TODAY);
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let su: Client;
  let run2024: string;
  let run2025: string;
  let rerun2025: string;
  /** Each village's dividend per year, from the run statements. */
  const owed = new Map<string, { 2024: string; 2025: string }>();
  const base = () => `/api/projects/${park.projectId}`;
  const village = (i: number) => park.villages[i].code;
  const fields = (body: { errors?: Issue[] }) => (body.errors ?? []).map((e) => e.field);

  async function postRun(year: number, date: string): Promise<string> {
    const d = await t.http().post(`${base()}/runs`).send({ year }).expect(201);
    await checker.http().post(`${base()}/runs/${d.body.id}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${d.body.id}/post`).send({ date }).expect(200);
    return d.body.id;
  }

  const pay = (code: string, amount: string, date: string, bankReference = 'D-1') =>
    t.http().post(`${base()}/payments`).send({ villageCode: code, amount, date, bankReference });

  /** A village's owed, paid and outstanding as of a date agree on the trial balance, the run statements and the village statement. */
  async function reportsAgree(i: number, asOf: string): Promise<void> {
    const code = village(i);
    const tb = await balancedTrialBalance(t, park.projectId, asOf);
    const row = closing(tb, `211-${code}`);
    expect(row.side).not.toBe('debit');
    const vs = await t.http().get(`/api/villages/${park.villages[i].id}/statement?asOf=${asOf}`).expect(200);
    const outstanding = vs.body.dividends.reduce((s: number, d: { outstanding: string }) => s + Math.round(Number(d.outstanding) * 100), 0);
    expect((outstanding / 100).toFixed(2)).toBe(row.amount);
    for (const d of vs.body.dividends) {
      const rs = await t.http().get(`${base()}/runs/${d.runId}/statement?asOf=${asOf}`).expect(200);
      const line = rs.body.villages.find((l: { code: string }) => l.code === code);
      expect({ owed: line.owed, paid: line.paid, outstanding: line.outstanding }).toEqual({
        owed: d.owed,
        paid: d.paid,
        outstanding: d.outstanding,
      });
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
    run2024 = await postRun(2024, '2025-03-31');
    run2025 = await postRun(2025, '2026-03-31');
    await t.http().post(`${base()}/runs/${run2025}/reverse`).send({ date: '2026-05-01' }).expect(200);
    rerun2025 = await postRun(2025, '2026-06-01');
    const s24 = await t.http().get(`${base()}/runs/${run2024}/statement`).expect(200);
    const s25 = await t.http().get(`${base()}/runs/${rerun2025}/statement`).expect(200);
    for (const v of s24.body.villages) {
      owed.set(v.code, { 2024: v.total, 2025: s25.body.villages.find((w: { code: string }) => w.code === v.code).total });
    }
    su = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await su.connect();
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  describe('bug 3: dated in the future, before the start, or before the dividend', () => {
    it.each(['2030-01-01', '9999-12-31', '2026-07-01', '0001-01-01', '2024-04-14'])(
      'refuses a payment dated %s with 400 naming date, with or without an Idempotency-Key, even when the amount is too much too',
      async (date) => {
        const before = await countRows(t.db, 'payment');
        for (const amount of ['100.00', '99999999.00']) {
          for (const key of [undefined, `future-${date}-${amount}`]) {
            const body = { villageCode: village(0), amount, date, bankReference: 'F-1' };
            const req = t.http().post(`${base()}/payments`);
            const res = await (key ? req.set('Idempotency-Key', key) : req).send(body);
            expect([res.status, fields(res.body)]).toEqual([400, ['date']]);
            const op = t.http().post(`${base()}/operator-payments`);
            const opRes = await (key ? op.set('Idempotency-Key', `op-${key}`) : op).send({ amount, date, bankReference: 'F-1' });
            expect([opRes.status, fields(opRes.body)]).toEqual([400, ['date']]);
          }
        }
        expect(await countRows(t.db, 'payment')).toBe(before);
      },
    );

    it('refuses a payment dated before the dividend was posted (409 naming date); the same payment on the posting day is accepted', async () => {
      const res = await pay(village(1), '100.00', '2025-03-30').expect(409);
      expect(fields(res.body)).toEqual(['date']);
      expect(res.body.message).toContain('2025-03-30');
      await pay(village(1), '100.00', '2025-03-31').expect(201);
      await reportsAgree(1, '2025-03-31');
      await reportsAgree(1, TODAY);
    });

    it("refuses more than was owed as of the payment's date, though today it is owed", async () => {
      const code = village(2);
      const over2024 = (Number(owed.get(code)![2024]) + 0.01).toFixed(2);
      // On 2026-02-01 only 2024's dividend is owed; today 2025's is owed as well.
      const res = await pay(code, over2024, '2026-02-01').expect(409);
      expect(fields(res.body)).toEqual(['date']);
      await pay(code, owed.get(code)![2024], '2026-02-01').expect(201);
      await reportsAgree(2, '2026-02-01');
    });

    it('refuses a payment that the reversal of a later day would leave more than owed', async () => {
      const code = village(3);
      const all = (Number(owed.get(code)![2024]) + Number(owed.get(code)![2025])).toFixed(2);
      // Owed in full on 2026-04-15 and today, but from 2026-05-01 to 2026-05-31 only 2024's dividend was owed.
      const res = await pay(code, all, '2026-04-15').expect(409);
      expect(fields(res.body)).toEqual(['date']);
      expect(res.body.message).toContain('2026-05-01');
      await pay(code, all, '2026-06-01').expect(201);
      await reportsAgree(3, '2026-05-01');
      await reportsAgree(3, TODAY);
    });

    it('still refuses more than is owed today with 409 naming amount', async () => {
      const code = village(4);
      const tooMuch = (Number(owed.get(code)![2024]) + Number(owed.get(code)![2025]) + 0.01).toFixed(2);
      const res = await pay(code, tooMuch, TODAY).expect(409);
      expect(fields(res.body)).toEqual(['amount']);
    });
  });

  describe('bug 2: a reversal dated before its payment', () => {
    it('refuses an explicit date before the payment (400 naming date) and accepts the payment day itself', async () => {
      const paid = await pay(village(4), '1000.00', TODAY).expect(201);
      const res = await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: '2026-06-29' });
      expect([res.status, fields(res.body)]).toEqual([400, ['date']]);
      await t
        .http()
        .post(`${base()}/payments/${paid.body.id}/reverse`)
        .set('Idempotency-Key', 'rev-early')
        .send({ date: '2026-06-29' })
        .expect(400);
      const rev = await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: TODAY }).expect(200);
      expect(rev.body.status).toBe('reversed');
      const [{ d }] = await t.db.query(`SELECT to_char(voucher_date, 'YYYY-MM-DD') AS d FROM voucher WHERE number = $1 AND book_id = $2`, [
        rev.body.reversalVoucher,
        park.projectId,
      ]);
      expect(d).toBe(TODAY);
      await reportsAgree(4, TODAY);
    });

    it('without a date the reversal is dated today, and refused when today is before the payment (the clock set back)', async () => {
      const paid = await pay(village(5), '1000.00', TODAY).expect(201);
      clock.set('2026-06-29');
      try {
        const res = await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({});
        expect([res.status, fields(res.body)]).toEqual([400, ['date']]);
        await reportsAgree(5, '2026-06-29');
      } finally {
        clock.set(TODAY);
      }
      const rev = await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({}).expect(200);
      expect(rev.body.reversalVoucher).toMatch(/^2026-06-/);
      await reportsAgree(5, TODAY);
    });
  });

  describe('bug 7: statements read paid and outstanding from the vouchers', () => {
    it("keeps showing what the vouchers say when payment.amount is changed behind the service's back", async () => {
      const code = village(0);
      const paid = await pay(code, '0.14', TODAY, 'T-1').expect(201);
      const statement = async () => (await t.http().get(`${base()}/runs/${run2024}/statement`).expect(200)).body.villages[0];
      const villageStatement = async () => (await t.http().get(`/api/villages/${park.villages[0].id}/statement`).expect(200)).body;
      const before = { run: await statement(), village: await villageStatement() };
      expect(before.run).toMatchObject({ code, paid: '0.14' });
      await su.query(`UPDATE payment SET amount = 150000.13 WHERE id = $1`, [paid.body.id]);
      try {
        expect(await statement()).toEqual(before.run);
        const after = await villageStatement();
        expect(after.dividends).toEqual(before.village.dividends);
        expect(after.villageVouchers).toEqual(before.village.villageVouchers);
        await reportsAgree(0, TODAY);
      } finally {
        await su.query(`UPDATE payment SET amount = 0.14 WHERE id = $1`, [paid.body.id]);
      }
    });

    it("owes nothing on a reversed run whose status was set back to posted behind the service's back, and owes the posted one", async () => {
      const vs = async () => (await t.http().get(`/api/villages/${park.villages[0].id}/statement`).expect(200)).body.dividends;
      const before = await vs();
      expect(before.map((d: { runId: string }) => d.runId)).toEqual([run2024, rerun2025]);
      await su.query(`UPDATE distribution_run SET status = 'reversed' WHERE id = $1`, [rerun2025]);
      await su.query(`UPDATE distribution_run SET status = 'posted' WHERE id = $1`, [run2025]);
      try {
        expect(await vs()).toEqual(before);
        const old = (await t.http().get(`${base()}/runs/${run2025}/statement`).expect(200)).body.villages[0];
        expect([old.owed, old.paid, old.outstanding]).toEqual(['0.00', '0.00', '0.00']);
        await reportsAgree(0, TODAY);
      } finally {
        await su.query(`UPDATE distribution_run SET status = 'reversed' WHERE id = $1`, [run2025]);
        await su.query(`UPDATE distribution_run SET status = 'posted' WHERE id = $1`, [rerun2025]);
      }
    });
  });

  it('bug 2: refuses a reversal dated inside a closed year (409 naming date)', async () => {
    const paid = await pay(village(1), '1.00', '2025-04-01').expect(201);
    await t.http().post(`${base()}/years/2024/close`).expect(200);
    await t.http().post(`${base()}/years/2025/close`).expect(200);
    const res = await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: '2025-12-31' });
    expect([res.status, fields(res.body)]).toEqual([409, ['date']]);
    await t.http().post(`${base()}/payments/${paid.body.id}/reverse`).send({ date: '2026-01-02' }).expect(200);
    await reportsAgree(1, TODAY);
  });
});
