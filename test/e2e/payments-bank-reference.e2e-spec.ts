/**
 * The same bank reference twice in a project (issue 10, "Also"): the payment is accepted with a Chinese warning that
 * names the earlier payment, and refused (409 DUPLICATE_PAYMENT, nothing stored) when it is the same village and the
 * same amount, not reversed: that is a payment entered twice. Scenario 01: each village is owed 34,500.00 for 2025.
 */
import { FixedClock } from '../../src/platform/clock/clock';
import { countRows, createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

describe('payments: a bank reference used twice in a project', () => {
  const clock = new FixedClock('2026-06-30');
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let other: Park;
  const base = (p: Park) => `/api/projects/${p.projectId}`;
  const village = (i: number, p = park) => p.villages[i].code;
  const pay = (i: number, amount: string, bankReference: string, p = park) =>
    t
      .http()
      .post(`${base(p)}/payments`)
      .send({ villageCode: village(i, p), amount, date: '2026-04-10', bankReference });

  async function postRun(p: Park): Promise<void> {
    const d = await t
      .http()
      .post(`${base(p)}/runs`)
      .send({ year: 2025 })
      .expect(201);
    await checker
      .http()
      .post(`${base(p)}/runs/${d.body.id}/approve`)
      .expect(200);
    await t
      .http()
      .post(`${base(p)}/runs/${d.body.id}/post`)
      .send({ date: '2026-03-31' })
      .expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp({ clock });
    checker = await t.signIn('accountant');
    for (const name of ['park', 'other']) {
      const p = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
      await addResult(t, p.projectId, 2025, '1860000.00', '1650000.00');
      await postRun(p);
      if (name === 'park') park = p;
      else other = p;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a first use without warnings', async () => {
    const res = await pay(0, '1000.00', 'ICBC-20260410-0001').expect(201);
    expect(res.body.warnings).toBeUndefined();
    expect(res.body).toMatchObject({ villageCode: village(0), amount: '1000.00', bankReference: 'ICBC-20260410-0001', status: 'posted' });
  });

  it('warns, naming the earlier payment, when another village is paid with the same reference', async () => {
    const first = (
      await t
        .http()
        .get(`${base(park)}/payments`)
        .expect(200)
    ).body.items[0];
    const res = await pay(1, '1000.00', 'ICBC-20260410-0001').expect(201);
    expect(res.body.warnings).toEqual([
      `银行流水号 "ICBC-20260410-0001" 在本项目中已用过：2026-04-10 付给村 ${village(0)}的 1000.00（凭证 ${first.voucher}）；请核对是否重复`,
    ]);
    // The payment is stored as usual.
    expect(
      (
        await t
          .http()
          .get(`${base(park)}/payments/${res.body.id}`)
          .expect(200)
      ).body,
    ).toMatchObject({ villageCode: village(1) });
  });

  it('warns when the same village is paid another amount with the same reference', async () => {
    const res = await pay(0, '250.00', 'ICBC-20260410-0001').expect(201);
    expect(res.body.warnings).toHaveLength(2);
    expect(res.body.warnings.join('\n')).toContain(`付给村 ${village(0)}的 1000.00`);
    expect(res.body.warnings.join('\n')).toContain(`付给村 ${village(1)}的 1000.00`);
  });

  it('refuses the same village, amount and reference (409 DUPLICATE_PAYMENT), trimmed and in any case, storing nothing', async () => {
    const before = await countRows(t.db, 'payment');
    const vouchers = await countRows(t.db, 'voucher');
    for (const reference of ['ICBC-20260410-0001', ' icbc-20260410-0001 ']) {
      const res = await pay(0, '1000.00', reference).expect(409);
      expect(res.body).toMatchObject({
        code: 'DUPLICATE_PAYMENT',
        message: expect.stringMatching(/^银行流水号 ".*" 已用于同一笔款项：2026-04-10 付给村 .*的 1000\.00（凭证 .*）；.*很可能是重复录入/),
        errors: [{ field: 'bankReference', message: expect.stringContaining('重复录入') }],
      });
    }
    // With an Idempotency-Key too: the refusal is not stored as the key's answer either.
    await pay(0, '1000.00', 'ICBC-20260410-0001').set('Idempotency-Key', 'dup-bank-ref-1').expect(409);
    expect([await countRows(t.db, 'payment'), await countRows(t.db, 'voucher')]).toEqual([before, vouchers]);
  });

  it('accepts it again, with a warning, once the earlier payment is reversed', async () => {
    const payments = (
      await t
        .http()
        .get(`${base(park)}/payments`)
        .expect(200)
    ).body.items;
    const first = payments.find((p: { villageCode: string; amount: string }) => p.villageCode === village(0) && p.amount === '1000.00');
    await t
      .http()
      .post(`${base(park)}/payments/${first.id}/reverse`)
      .send({ date: '2026-04-11' })
      .expect(200);
    const res = await pay(0, '1000.00', 'ICBC-20260410-0001').expect(201);
    expect(res.body.warnings).toEqual(expect.arrayContaining([expect.stringContaining(`（凭证 ${first.voucher}，已冲销）`)]));
  });

  it('replays a warned payment with its warnings under the same Idempotency-Key', async () => {
    const send = () => pay(2, '10.00', 'ICBC-20260410-0001').set('Idempotency-Key', 'bank-ref-replay-1');
    const first = await send().expect(201);
    expect(first.body.warnings.length).toBeGreaterThan(0);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
  });

  it('does not look at other projects', async () => {
    const res = await pay(0, '1000.00', 'ICBC-20260410-0001', other).expect(201);
    expect(res.body.warnings).toBeUndefined();
  });
});
