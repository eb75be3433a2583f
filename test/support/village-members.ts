import type { SignedInUser, TestApp } from './test-app';

/** The ids of a village's second-stage records, one of each kind a route can name. */
export interface VillageMembers {
  household: string;
  register: string;
  run: string;
  payment: string;
  file: string;
  /** The number of the village book's first voucher. */
  voucher: string;
}

/**
 * One of each of a village's second-stage records, through the API: its book opened (declaring the park's posted
 * dividends), one household with a bank account, a share register, a policy in force from the year before `year`, a
 * member run drafted by the test's accountant, approved by `checker` and posted, one household payment of 1.00 and a
 * payment file of the rest. The village must have been declared at least 1.00 for `year` by a posted park run.
 */
export async function seedVillageMembers(t: TestApp, checker: SignedInUser, villageId: string, year: number): Promise<VillageMembers> {
  const base = `/api/villages/${villageId}`;
  await t
    .http()
    .post(`${base}/book`)
    .send({ openedOn: `${year}-01-01` })
    .expect(201);
  const household = (
    await t
      .http()
      .post(`${base}/households`)
      .send({ code: 'H001', headName: '弓长东', bankName: '中国农业银行定湖支行', bankAccount: '6217000012341234' })
      .expect(201)
  ).body.id;
  const register = (
    await t
      .http()
      .post(`${base}/share-registers`)
      .send({
        registeredOn: `${year}-06-30`,
        kinds: [{ code: 'POP', name: '人口股' }],
        holdings: [{ household: 'H001', kind: 'POP', units: '1' }],
      })
      .expect(201)
  ).body.id;
  await t
    .http()
    .post(`${base}/policies`)
    .send({ effectiveFromYear: year - 1, policy: { weights: { POP: '1' } } })
    .expect(201);
  const run = (await t.http().post(`${base}/runs`).send({ year }).expect(201)).body.id;
  await checker.http().post(`${base}/runs/${run}/approve`).expect(200);
  await t
    .http()
    .post(`${base}/runs/${run}/post`)
    .send({ date: `${year + 1}-02-01` })
    .expect(200);
  const payment = (
    await t
      .http()
      .post(`${base}/runs/${run}/payments`)
      .send({ household: 'H001', amount: '1.00', date: `${year + 1}-02-02`, bankReference: `HH-${villageId.slice(0, 8)}` })
      .expect(201)
  ).body.id;
  const file = (await t.http().post(`${base}/runs/${run}/payment-files`).expect(201)).body.id;
  const voucher = (await t.http().get(`${base}/ledger/vouchers?pageSize=1`).expect(200)).body.items[0].number;
  return { household, register, run, payment, file, voucher };
}
