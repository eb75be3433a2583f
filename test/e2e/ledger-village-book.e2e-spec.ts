import { FixedClock } from '../../src/platform/clock/clock';
import { VillageBookService } from '../../src/ledger/village-book.service';
import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, closing, Park } from './ledger.fixture';

interface Line {
  account: string;
  name: string;
  debit: string;
  credit: string;
}
interface Voucher {
  number: string;
  date: string;
  summary: string;
  source: { type: string; id: string; fiscalYear: number | null };
  lines: Line[];
}
const lines = (v: Voucher) => v.lines.map((l) => [l.account, l.debit, l.credit]);

/**
 * A village's own book (issue 16): opened on a day, it declares every posted project run of its opening year on
 * (Dr 112-<project> / Cr 502, the run's fiscal year) and receives every payment after its opening (Dr 102 /
 * Cr 112-<project>); from then on runs and payments post and reverse their village-side voucher in the same
 * transaction. Other income is Dr 102 / Cr 522. Its trial balance is by the village chart; both chains verify; its years
 * close 502 and 522 through 321 into 322-02. Scenario 05: V01 is owed 21,393.44 for 2024 and 63,245.91 for 2025.
 */
describe('a village book', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let projectCode: string;
  const project = () => `/api/projects/${park.projectId}`;
  const village = () => `/api/villages/${park.villages[0].id}`;
  const journal = async (): Promise<Voucher[]> => (await t.http().get(`${village()}/ledger/vouchers?pageSize=500`).expect(200)).body.items;

  beforeAll(async () => {
    t = await createTestApp({ clock: new FixedClock('2026-11-28') });
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    projectCode = (await t.http().get(project()).expect(200)).body.code;
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
    const run = (await t.http().post(`${project()}/runs`).send({ year: 2024 }).expect(201)).body.id;
    await checker.http().post(`${project()}/runs/${run}/approve`).expect(200);
    await t.http().post(`${project()}/runs/${run}/post`).send({ date: '2025-03-31' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is not open until opened; the auditor and another village’s treasurer may not open it', async () => {
    const state = await t.http().get(`${village()}/book`).expect(200);
    expect(state.body).toMatchObject({ villageCode: park.villages[0].code, opened: false, digest: null, income: [] });
    await t.http().get(`${village()}/ledger/vouchers`).expect(404);
    const auditor = await t.signIn('auditor');
    await auditor.http().post(`${village()}/book`).send({ openedOn: '2024-01-01' }).expect(403);
    const other = await t.signIn('treasurer', park.villages[1].code);
    await other.http().post(`${village()}/book`).send({ openedOn: '2024-01-01' }).expect(403);
    const bad = await t.http().post(`${village()}/book`).send({ openedOn: '2024-02-30' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('openedOn');
  });

  it('opens, declaring the posted 2024 run: Dr 112-<project> / Cr 502 21,393.44, fiscal year 2024', async () => {
    const tr = await t.signIn('treasurer', park.villages[0].code);
    const opened = await tr.http().post(`${village()}/book`).send({ openedOn: '2024-01-01' }).expect(201);
    expect(opened.body).toMatchObject({ opened: true, openedOn: '2024-01-01', vouchers: ['2025-03-0001'] });
    expect(opened.body.income).toEqual([{ year: 2024, investment: '21393.44', other: '0.00', total: '21393.44' }]);
    await t.http().post(`${village()}/book`).send({ openedOn: '2024-01-01' }).expect(409);
    const [declared] = await journal();
    expect(declared).toMatchObject({ number: '2025-03-0001', date: '2025-03-31', source: { type: 'declaration', fiscalYear: 2024 } });
    expect(lines(declared)).toEqual([
      [`112-${projectCode}`, '21393.44', '0.00'],
      ['502', '0.00', '21393.44'],
    ]);
    expect(declared.lines.map((l) => l.name)).toEqual([`应收款—${projectCode}`, '投资收益']);
  });

  it('declares a run as it is posted, and receives a payment as it is made', async () => {
    const run = (await t.http().post(`${project()}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${project()}/runs/${run}/approve`).expect(200);
    await t.http().post(`${project()}/runs/${run}/post`).send({ date: '2026-03-31' }).expect(200);
    const paid = await t
      .http()
      .post(`${project()}/payments`)
      .send({ villageCode: park.villages[0].code, amount: '30000.00', date: '2026-04-10', bankReference: 'VB-1' })
      .expect(201);
    const vouchers = await journal();
    expect(vouchers.map((v) => [v.number, v.date, v.source.type, v.source.fiscalYear, lines(v)])).toEqual([
      ['2025-03-0001', '2025-03-31', 'declaration', 2024, expect.anything()],
      [
        '2026-03-0001',
        '2026-03-31',
        'declaration',
        2025,
        [
          [`112-${projectCode}`, '63245.91', '0.00'],
          ['502', '0.00', '63245.91'],
        ],
      ],
      [
        '2026-04-0001',
        '2026-04-10',
        'receipt',
        null,
        [
          ['102', '30000.00', '0.00'],
          [`112-${projectCode}`, '0.00', '30000.00'],
        ],
      ],
    ]);
    expect(vouchers[2].source.id).toBe(paid.body.id);
    expect(vouchers[2].summary).toContain('VB-1');
  });

  it('records other income: Dr 102 / Cr 522, of the year of its date', async () => {
    const other = await t
      .http()
      .post(`${village()}/book/other-income`)
      .send({ date: '2025-06-30', amount: '1200.00', summary: '村集体房屋租金' })
      .expect(201);
    expect(other.body.voucher).toMatchObject({ number: '2025-06-0001', source: { type: 'other-income', fiscalYear: 2025 } });
    expect(lines(other.body.voucher)).toEqual([
      ['102', '1200.00', '0.00'],
      ['522', '0.00', '1200.00'],
    ]);
    const bad = await t
      .http()
      .post(`${village()}/book/other-income`)
      .send({ date: '2025-06-30', amount: '-1.00', summary: 'x' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('amount');
    const state = await t.http().get(`${village()}/book`).expect(200);
    expect(state.body.income).toEqual([
      { year: 2024, investment: '21393.44', other: '0.00', total: '21393.44' },
      { year: 2025, investment: '63245.91', other: '1200.00', total: '64445.91' },
    ]);
    expect(state.body.digest.sequence).toBe(4);
  });

  it('declaredIncome gives the village-runs what the book says, in fen, per project', async () => {
    const income = await t.app.get(VillageBookService).declaredIncome(park.villages[0].id, 2025);
    expect(income).toEqual({ projects: [{ projectCode, projectName: expect.any(String), amount: 6324591n }], other: 120000n });
    expect(await t.app.get(VillageBookService).declaredIncome(park.villages[0].id, 2023)).toEqual({ projects: [], other: 0n });
  });

  it('has a trial balance by the village chart, to the fen, balanced', async () => {
    const tb = (await t.http().get(`${village()}/reports/trial-balance?asOf=2026-11-28&periodStart=2026-01-01`).expect(200)).body;
    expect(tb.balanced).toBe(true);
    expect(closing(tb, '102')).toEqual({ side: 'debit', amount: '31200.00' });
    expect(closing(tb, `112-${projectCode}`)).toEqual({ side: 'debit', amount: '54639.35' });
    expect(closing(tb, '502')).toEqual({ side: 'credit', amount: '84639.35' });
    expect(closing(tb, '522')).toEqual({ side: 'credit', amount: '1200.00' });
    expect(tb.rows.find((r: { account: string }) => r.account === '522').name).toBe('其他收入');
    await t.http().get(`${village()}/reports/trial-balance?format=xlsx`).expect(200);
  });

  it('verifies both chains: the village book and the project book', async () => {
    const v = (await t.http().get(`${village()}/ledger/verify`).expect(200)).body;
    expect(v).toMatchObject({ project: park.villages[0].code, ok: true, count: 4, problems: [] });
    expect(v.events).toMatchObject({ ok: true });
    const p = (await t.http().get(`${project()}/ledger/verify`).expect(200)).body;
    expect(p).toMatchObject({ ok: true, problems: [] });
  });

  it('reverses the receipt with the payment, in the same transaction', async () => {
    const payment = (await journal())[2].source.id;
    const rev = await t.http().post(`${project()}/payments/${payment}/reverse`).send({ date: '2026-04-11' });
    expect(rev.status).toBe(200);
    const last = (await journal()).at(-1)!;
    expect(last).toMatchObject({ date: '2026-04-11', source: { type: 'receipt', id: payment } });
    expect(lines(last)).toEqual([
      [`112-${projectCode}`, '30000.00', '0.00'],
      ['102', '0.00', '30000.00'],
    ]);
  });

  it('closes its years in order from the opening year: 502 and 522 through 321 into 322-02', async () => {
    const treasurer = await t.signIn('treasurer', park.villages[0].code);
    await treasurer.http().post(`${village()}/years/2024/close`).expect(403);
    await t.http().post(`${village()}/years/2025/close`).expect(409);
    const y2024 = await t.http().post(`${village()}/years/2024/close`).expect(200);
    expect(y2024.body).toMatchObject({ year: 2024, netIncome: '0.00', vouchers: [] });
    const y2025 = await t.http().post(`${village()}/years/2025/close`).expect(200);
    // Dated in 2025: the 2024 run's declaration (2025-03-31) and the rent.
    expect(y2025.body).toMatchObject({ year: 2025, netIncome: '22593.44' });
    const closes = (await journal()).filter((v) => v.source.type === 'year-close');
    expect(closes.map((v) => [v.date, lines(v)])).toEqual([
      [
        '2025-12-31',
        [
          ['502', '21393.44', '0.00'],
          ['522', '1200.00', '0.00'],
          ['321', '0.00', '22593.44'],
        ],
      ],
      [
        '2025-12-31',
        [
          ['321', '22593.44', '0.00'],
          ['322-02', '0.00', '22593.44'],
        ],
      ],
    ]);
    const late = await t
      .http()
      .post(`${village()}/book/other-income`)
      .send({ date: '2025-07-01', amount: '1.00', summary: '补记' })
      .expect(409);
    expect(late.body.code).toBe('YEAR_CLOSED');
    const tb = (await t.http().get(`${village()}/reports/trial-balance?asOf=2026-11-28`).expect(200)).body;
    expect(tb.balanced).toBe(true);
    expect(closing(tb, '322-02')).toEqual({ side: 'credit', amount: '22593.44' });
    expect(closing(tb, '502')).toEqual({ side: 'credit', amount: '63245.91' });
    // The declared income of a fiscal year is not changed by the close.
    expect((await t.app.get(VillageBookService).declaredIncome(park.villages[0].id, 2024)).projects[0].amount).toBe(2139344n);
    expect((await t.http().get(`${village()}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true, problems: [] });
  });

  it('reverses the declaration with the run', async () => {
    const runs = (await t.http().get(`${project()}/runs?year=2025`).expect(200)).body;
    const run = (Array.isArray(runs) ? runs : runs.items).find((r: { status: string }) => r.status === 'posted').id;
    await t.http().post(`${project()}/runs/${run}/reverse`).send({ date: '2026-05-01' }).expect(200);
    const last = (await journal()).at(-1)!;
    expect(last).toMatchObject({ date: '2026-05-01', source: { type: 'declaration', id: run, fiscalYear: 2025 } });
    expect(lines(last)).toEqual([
      ['502', '63245.91', '0.00'],
      [`112-${projectCode}`, '0.00', '63245.91'],
    ]);
    expect(await t.app.get(VillageBookService).declaredIncome(park.villages[0].id, 2025)).toEqual({ projects: [], other: 120000n });
    expect((await t.http().get(`${village()}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true });
    expect((await t.http().get(`${project()}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true });
  });

  it('verification compares the village book with the parks’: a payment whose record no longer agrees is named', async () => {
    const pay = (
      await t
        .http()
        .post(`${project()}/payments`)
        .send({ villageCode: park.villages[0].code, amount: '100.00', date: '2026-05-02', bankReference: 'AGREE-1' })
        .expect(201)
    ).body;
    expect((await t.http().get(`${village()}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true, problems: [] });
    // Behind the service's back (the owner's connection): the project's record now says 120.00 was paid.
    await t.db.query(`UPDATE payment SET amount = 120.00 WHERE id = $1`, [pay.id]);
    try {
      const v = (await t.http().get(`${village()}/ledger/verify`).expect(200)).body;
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([
        {
          table: 'payment',
          id: pay.id,
          code: 'VILLAGE_BOOK_DISAGREES',
          message: `项目${projectCode}的付款 ${pay.id}：项目账为 120.00，村账记的收款为 100.00，两本账不一致`,
        },
      ]);
    } finally {
      await t.db.query(`UPDATE payment SET amount = 100.00 WHERE id = $1`, [pay.id]);
    }
    expect((await t.http().get(`${village()}/ledger/verify`).expect(200)).body).toMatchObject({ ok: true, problems: [] });
  });
});
