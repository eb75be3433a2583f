import { countRows, createTestApp, TestApp, uniqueCode } from '../support/test-app';

interface Line {
  account: string;
  debit: string;
  credit: string;
}
interface Voucher {
  number: string;
  date: string;
  reversalOf: string | null;
  source: { type: string; id: string };
  lines: Line[];
}

/** Capital events and results post their vouchers in the transaction that records them. */
describe('records post into the books', () => {
  let t: TestApp;
  let project: { id: string };
  let village: { code: string };
  beforeAll(async () => {
    t = await createTestApp();
    village = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '程壁村' })
        .expect(201)
    ).body;
    project = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: '记账测试' })
        .expect(201)
    ).body;
    await t.http().post(`/api/projects/${project.id}/villages`).send({ villageCode: village.code }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const journal = async (sourceId: string): Promise<Voucher[]> =>
    ((await t.http().get(`/api/projects/${project.id}/ledger/vouchers?pageSize=500`).expect(200)).body.items as Voucher[]).filter(
      (v) => v.source.id === sourceId,
    );
  const brief = (v: Voucher) => v.lines.map((l) => `${l.account} ${l.debit}/${l.credit}`);

  it('books a cash contribution, reverses and rebooks a correction, and books nothing for a memo', async () => {
    const e = (
      await t
        .http()
        .post(`/api/projects/${project.id}/capital-events`)
        .send({ villageCode: village.code, date: '2024-04-15', amount: '500000.00', kind: 'cash' })
        .expect(201)
    ).body;
    let vs = await journal(e.id);
    expect(vs.map(brief)).toEqual([[`102 500000.00/0.00`, `301-${village.code} 0.00/500000.00`]]);
    expect(vs[0].number).toMatch(/^2024-04-\d{4}$/);

    await t.http().patch(`/api/projects/${project.id}/capital-events/${e.id}`).send({ amount: '480000.00' }).expect(200);
    vs = await journal(e.id);
    expect(vs.map(brief)).toEqual([
      [`102 500000.00/0.00`, `301-${village.code} 0.00/500000.00`],
      [`301-${village.code} 500000.00/0.00`, `102 0.00/500000.00`],
      [`102 480000.00/0.00`, `301-${village.code} 0.00/480000.00`],
    ]);
    expect(vs[1].reversalOf).toBe(vs[0].number);

    await t.http().patch(`/api/projects/${project.id}/capital-events/${e.id}`).send({ memo: '补录凭证号' }).expect(200);
    expect(await journal(e.id)).toHaveLength(3);
    expect((await t.http().get(`/api/projects/${project.id}/ledger/verify`).expect(200)).body.ok).toBe(true);
  });

  it('books an asset contribution to fixed assets', async () => {
    const e = (
      await t
        .http()
        .post(`/api/projects/${project.id}/capital-events`)
        .send({ villageCode: village.code, date: '2024-05-01', amount: '120000.50', kind: 'asset' })
        .expect(201)
    ).body;
    expect((await journal(e.id)).map(brief)).toEqual([[`151 120000.50/0.00`, `301-${village.code} 0.00/120000.50`]]);
  });

  it('honours Idempotency-Key on recording capital and results', async () => {
    const body = { villageCode: village.code, date: '2024-06-01', amount: '1000.00', kind: 'cash' };
    const before = await countRows(t.db, 'capital_event');
    const first = await t.http().post(`/api/projects/${project.id}/capital-events`).set('Idempotency-Key', 'cap-1').send(body).expect(201);
    const again = await t.http().post(`/api/projects/${project.id}/capital-events`).set('Idempotency-Key', 'cap-1').send(body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await countRows(t.db, 'capital_event')).toBe(before + 1);
    expect(await journal(first.body.id)).toHaveLength(1);
    await t
      .http()
      .post(`/api/projects/${project.id}/capital-events`)
      .set('Idempotency-Key', 'cap-1')
      .send({ ...body, amount: '2000.00' })
      .expect(409);

    const result = { year: 2024, revenue: '980000.00', costs: '1100000.00' };
    const r1 = await t.http().post(`/api/projects/${project.id}/results`).set('Idempotency-Key', 'res-2024').send(result).expect(201);
    const r2 = await t.http().post(`/api/projects/${project.id}/results`).set('Idempotency-Key', 'res-2024').send(result).expect(201);
    expect(r2.body).toEqual(r1.body);
    expect((await journal(r1.body.id)).map(brief)).toEqual([
      ['102 980000.00/0.00', '501 0.00/980000.00'],
      ['511 1100000.00/0.00', '102 0.00/1100000.00'],
    ]);
  });

  it('never lets concurrent withdrawals take a village below zero', async () => {
    const v = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '东岭村' })
        .expect(201)
    ).body;
    await t.http().post(`/api/projects/${project.id}/villages`).send({ villageCode: v.code }).expect(201);
    await t
      .http()
      .post(`/api/projects/${project.id}/capital-events`)
      .send({ villageCode: v.code, date: '2024-01-01', amount: '1000.00', kind: 'cash' })
      .expect(201);
    const tries = await Promise.all(
      Array.from({ length: 10 }, () =>
        t
          .http()
          .post(`/api/projects/${project.id}/capital-events`)
          .send({ villageCode: v.code, date: '2024-06-01', amount: '-300.00', kind: 'cash' }),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([...Array(3).fill(201), ...Array(7).fill(400)]);
    const parts = (await t.http().get(`/api/projects/${project.id}/villages`).expect(200)).body;
    expect(parts.find((p: { code: string }) => p.code === v.code).capital).toBe('100.00');
  });

  it('stores no key, no event and no voucher for a refused request, so a retry runs', async () => {
    const keys = await countRows(t.db, 'idempotency_key');
    const vouchers = await countRows(t.db, 'voucher');
    await t
      .http()
      .post(`/api/projects/${project.id}/capital-events`)
      .set('Idempotency-Key', 'cap-neg')
      .send({ villageCode: village.code, date: '2024-01-01', amount: '-1.00', kind: 'cash' })
      .expect(400);
    expect(await countRows(t.db, 'idempotency_key')).toBe(keys);
    expect(await countRows(t.db, 'voucher')).toBe(vouchers);
  });
});

describe('Idempotency-Key on a malformed body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 400 for the body, not 500 for the key', async () => {
    const p = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: 'x' })
        .expect(201)
    ).body;
    const res = await t
      .http()
      .post(`/api/projects/${p.id}/capital-events`)
      .set('Idempotency-Key', 'bad-body')
      .send({ villageCode: 'V01', date: '2024-01-01', amount: 1.5, kind: 'cash' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('amount');
  });
});
