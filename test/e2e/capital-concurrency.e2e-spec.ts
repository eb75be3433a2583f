import { createTestApp, TestApp } from '../support/test-app';
import { assertGapless, buildPark, Park } from './ledger.fixture';

/**
 * Two concurrent corrections of one capital event: whichever wins, the record
 * and its vouchers on 301-<village> agree, and the audit trail shows each
 * change from what the other left (issue 9, bug 1).
 */
describe('concurrent corrections of one capital event', () => {
  let t: TestApp;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}/capital-events`;

  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The net credit of the event's vouchers on the village's capital account, as a decimal string. */
  async function booked(eventId: string, villageCode: string): Promise<string> {
    const [row] = await t.db.query(
      `SELECT COALESCE(sum(l.credit - l.debit), 0)::numeric(15,2)::text AS net
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.source_type = 'capital-event' AND v.source_id = $1 AND l.account = $2`,
      [eventId, `301-${villageCode}`],
    );
    return row.net;
  }

  async function updates(eventId: string): Promise<Array<{ from: unknown; to: unknown } | undefined>> {
    const rows: Array<{ changes: Record<string, { from: unknown; to: unknown }> | null }> = await t.db.query(
      `SELECT changes FROM audit_log WHERE entity = 'capital-event' AND entity_id = $1 AND action = 'update' ORDER BY id`,
      [eventId],
    );
    return rows.map((r) => r.changes?.amount);
  }

  it('8 rounds of two concurrent PATCHes (200.00 and 100.00): record, vouchers and audit trail agree', async () => {
    const village = park.villages[0];
    for (let round = 0; round < 8; round++) {
      const created = await t
        .http()
        .post(base())
        .send({ villageCode: village.code, date: '2024-06-01', amount: '300.00', kind: 'cash', memo: `round ${round}` })
        .expect(201);
      const id = created.body.id;
      const rs = await Promise.all(['200.00', '100.00'].map((amount) => t.http().patch(`${base()}/${id}`).send({ amount })));
      expect(rs.map((r) => r.status)).toEqual([200, 200]);

      const record = await t.http().get(`${base()}/${id}`).expect(200);
      expect(await booked(id, village.code)).toBe(record.body.amount);

      const [first, second] = await updates(id);
      expect(first).toEqual({ from: '300.00', to: expect.stringMatching(/^(200|100)\.00$/) });
      expect(second).toEqual({ from: first!.to, to: record.body.amount });
      expect(second!.to).not.toBe(second!.from);
    }
    await assertGapless(t, park.projectId);
    const verify = await t.http().get(`/api/projects/${park.projectId}/ledger/verify`).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('corrections alongside creations, other corrections, results and policies on the same books never deadlock', async () => {
    const [a, b] = park.villages;
    const policy = (await t.http().get(`/api/projects/${park.projectId}/policies/2024`).expect(200)).body.document;
    const event = async (code: string) =>
      (await t.http().post(base()).send({ villageCode: code, date: '2024-07-01', amount: '500.00', kind: 'cash' }).expect(201)).body.id;
    for (let round = 0; round < 6; round++) {
      const [first, other] = [await event(a.code), await event(b.code)];
      const results = `/api/projects/${park.projectId}/results`;
      const rs = await Promise.all([
        t.http().patch(`${base()}/${first}`).send({ amount: '200.00' }),
        t.http().patch(`${base()}/${first}`).send({ amount: '100.00', date: '2024-07-02' }),
        t.http().post(base()).send({ villageCode: a.code, date: '2024-07-03', amount: '10.00', kind: 'cash' }),
        t
          .http()
          .patch(`${base()}/${other}`)
          .send({ amount: `${round + 1}.00` }),
        round < 2
          ? t
              .http()
              .post(results)
              .send({ year: 2024 + round, revenue: '1000.00', costs: '500.00' })
          : t
              .http()
              .patch(`${results}/2025`)
              .send({ revenue: `${1000 + round}.00` }),
        t
          .http()
          .put(`/api/projects/${park.projectId}/policies/2024`)
          .send({ policy, memo: `round ${round}` }),
      ]);
      expect(rs.map((r) => r.status)).toEqual([200, 200, 201, 200, round < 2 ? 201 : 200, 200]);
      for (const [id, code] of [
        [first, a.code],
        [other, b.code],
      ]) {
        const record = await t.http().get(`${base()}/${id}`).expect(200);
        expect(await booked(id, code)).toBe(record.body.amount);
      }
    }
    await assertGapless(t, park.projectId);
    const verify = await t.http().get(`/api/projects/${park.projectId}/ledger/verify`).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
