/**
 * Review of issue 16's money path (village books, runs and payments): what a reviewer found refused or broken.
 * - A park run reversed after the village's member run was posted on the income it declared: refused (409), since
 *   the members' dividend would stand on income the village book no longer holds. Once the member run is reversed
 *   (its payments first), the park run reverses and its income leaves the village book.
 * - A household whose code was corrected after the member run was posted: the payment file's confirmation debited
 *   211-<new code> while the run owes it on 211-<code in the run>, leaving one account owed and the other overdrawn.
 */
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

describe('village review: the money path', () => {
  let t: TestApp;
  let park: Park;
  let checker: SignedInUser;
  let treasurer: SignedInUser;
  let villageId: string;
  let parkRun: string;
  let memberRun: string;
  const vbase = () => `/api/villages/${villageId}`;
  const pbase = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t, fixture('01-seed-dinghu-2025.json'));
    villageId = park.villages[0].id;
    treasurer = await t.signIn('treasurer', park.villages[0].code);
    await addResult(t, park.projectId, 2025, '1860000.00', '1650000.00');
    parkRun = (await t.http().post(`${pbase()}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${pbase()}/runs/${parkRun}/approve`).expect(200);
    await t.http().post(`${pbase()}/runs/${parkRun}/post`).send({ date: '2026-03-31' }).expect(200);
    await treasurer.http().post(`${vbase()}/book`).send({ openedOn: '2025-01-01' }).expect(201);
    for (const [code, bankAccount] of [
      ['H001', '6217000012341234'],
      ['H002', '6228480011112222333'],
    ])
      await treasurer.http().post(`${vbase()}/households`).send({ code, headName: '弓长东', bankName: '农行', bankAccount }).expect(201);
    await treasurer
      .http()
      .post(`${vbase()}/share-registers`)
      .send({
        registeredOn: '2025-06-30',
        kinds: [{ code: 'POP', name: '人口股' }],
        holdings: [
          { household: 'H001', kind: 'POP', units: '1' },
          { household: 'H002', kind: 'POP', units: '3' },
        ],
      })
      .expect(201);
    await treasurer
      .http()
      .post(`${vbase()}/policies`)
      .send({ effectiveFromYear: 2025, policy: { weights: { POP: '1' } } })
      .expect(201);
    memberRun = (await treasurer.http().post(`${vbase()}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${vbase()}/runs/${memberRun}/approve`).expect(200);
    await treasurer.http().post(`${vbase()}/runs/${memberRun}/post`).send({ date: '2026-04-10' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to reverse the park run while the village’s posted member run shares out the income it declared (409)', async () => {
    const res = await t.http().post(`${pbase()}/runs/${parkRun}/reverse`).send({ date: '2026-04-20' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'VILLAGE_RUN_POSTED' });
    // Nothing moved: the village book still declares the 2025 income its member run shared out.
    const book = (await treasurer.http().get(`${vbase()}/book`).expect(200)).body;
    expect(book.income).toEqual([{ year: 2025, investment: '34500.00', other: '0.00', total: '34500.00' }]);
    const run = (await t.http().get(`${pbase()}/runs/${parkRun}`).expect(200)).body;
    expect(run.status).toBe('posted');
  });

  it('a registered household keeps its code (409); the file pays every household on the account the run owes it on', async () => {
    const households = (await treasurer.http().get(`${vbase()}/households`).expect(200)).body.items;
    const h002 = households.find((h: { code: string }) => h.code === 'H002');
    const refused = await treasurer.http().patch(`${vbase()}/households/${h002.id}`).send({ code: 'H002X' }).expect(409);
    expect([refused.body.code, refused.body.errors?.[0]?.field]).toEqual(['CODE_IN_USE', 'code']);
    // A correction of the head's name is still taken: the run and the book name the household by its code.
    await treasurer.http().patch(`${vbase()}/households/${h002.id}`).send({ headName: '张三丰' }).expect(200);
    const r = `${vbase()}/runs/${memberRun}`;
    const file = (await treasurer.http().post(`${r}/payment-files`).expect(201)).body;
    expect(file.total).toBe('34500.00');
    await treasurer
      .http()
      .post(`${r}/payment-files/${file.id}/confirm`)
      .send({ paidOn: '2026-04-12', bankReference: 'BATCH-R1' })
      .expect(200);
    const balances = await t.db.query(
      `SELECT l.account, sum(l.credit - l.debit)::text AS owed FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.book_id = $1 AND l.account LIKE '211-%' GROUP BY l.account ORDER BY l.account`,
      [villageId],
    );
    expect(balances).toEqual([
      { account: '211-H001', owed: '0.00' },
      { account: '211-H002', owed: '0.00' },
    ]);
    const s = (await treasurer.http().get(r).expect(200)).body;
    expect(s.totals).toEqual({ amount: '34500.00', paid: '34500.00', outstanding: '0.00' });
  });

  it('once the member run is reversed (its payments first), the park run can be reversed and the income goes with it', async () => {
    const r = `${vbase()}/runs/${memberRun}`;
    for (const p of (await t.http().get(`${r}/payments`).expect(200)).body)
      await t.http().post(`${r}/payments/${p.id}/reverse`).send({ date: '2026-04-13' }).expect(200);
    await t.http().post(`${r}/reverse`).send({ reason: '项目分红冲销', date: '2026-04-14' }).expect(200);
    await t.http().post(`${pbase()}/runs/${parkRun}/reverse`).send({ date: '2026-04-20' }).expect(200);
    const book = (await treasurer.http().get(`${vbase()}/book`).expect(200)).body;
    expect(book.income).toEqual([{ year: 2025, investment: '0.00', other: '0.00', total: '0.00' }]);
  });
});
