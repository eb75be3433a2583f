import { countRows, createTestApp, TestApp, uniqueCode } from '../support/test-app';

/** The foundation's records through the HTTP API, against real PostgreSQL. */
describe('records API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function township(): Promise<{ id: string; code: string }> {
    const code = uniqueCode('T');
    const res = await t.http().post('/api/townships').send({ code, name: '韩洪乡' }).expect(201);
    return res.body;
  }
  async function village(townshipCode?: string): Promise<{ id: string; code: string }> {
    const res = await t
      .http()
      .post('/api/villages')
      .send({ code: uniqueCode('V'), name: '程壁村', townshipCode })
      .expect(201);
    return res.body;
  }
  async function project(villages: string[]): Promise<{ id: string; code: string }> {
    const res = await t
      .http()
      .post('/api/projects')
      .send({ code: uniqueCode('P'), name: '定湖村飞地香菇园区', phase: '首期', startDate: '2024-04-15' })
      .expect(201);
    for (const v of villages) await t.http().post(`/api/projects/${res.body.id}/villages`).send({ villageCode: v }).expect(201);
    return res.body;
  }

  describe('health and docs', () => {
    it('reports the database up, and nothing more (no versions), even to a signed-in user', async () => {
      expect((await t.anonymous().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
      expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
    });
    it('serves the OpenAPI document', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(res.body.paths['/api/projects/{projectId}/capital-events']).toBeDefined();
    });
  });

  describe('townships', () => {
    it('creates, reads, lists, filters and corrects', async () => {
      const tw = await township();
      await t
        .http()
        .get(`/api/townships/${tw.id}`)
        .expect(200)
        .expect((r) => expect(r.body.code).toBe(tw.code));
      const list = await t.http().get(`/api/townships?q=${tw.code}&page=1&pageSize=10`).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 10 });
      expect(list.body.items[0].id).toBe(tw.id);
      await t.http().patch(`/api/townships/${tw.id}`).send({ name: '韩洪乡人民政府' }).expect(200);
      expect((await t.http().get(`/api/townships/${tw.id}`)).body.name).toBe('韩洪乡人民政府');
    });
    it('409 on a duplicate code, 404 on an unknown id, 400 on a bad code or page size', async () => {
      const tw = await township();
      const dup = await t.http().post('/api/townships').send({ code: tw.code, name: 'x' }).expect(409);
      expect(dup.body.errors).toEqual([{ field: 'code', message: expect.stringContaining('已被使用') }]);
      await t.http().get('/api/townships/00000000-0000-4000-8000-000000000000').expect(404);
      await t.http().get('/api/townships/not-a-uuid').expect(404);
      const bad = await t.http().post('/api/townships').send({ code: 'has space', name: 'x' }).expect(400);
      expect(bad.body.errors[0].field).toBe('code');
      await t.http().get('/api/townships?pageSize=501').expect(400);
    });
    it('refuses to change a code (codes are referenced by the books)', async () => {
      const tw = await township();
      const res = await t.http().patch(`/api/townships/${tw.id}`).send({ code: 'OTHER' }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'code', message: '"code"：不认识的字段' }]);
    });
  });

  describe('villages', () => {
    it('validates the unified social credit code', async () => {
      const ok = await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '定湖村', creditCode: 'N2140431MF0000001C' })
        .expect(201);
      expect(ok.body.creditCode).toBe('N2140431MF0000001C');
      const wrong = await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: 'x', creditCode: 'N2140431MF0000001D' })
        .expect(400);
      expect(wrong.body.errors).toEqual([
        { field: 'creditCode', message: '统一社会信用代码：第 18 位校验码应为 C，不是 D：请核对代码是否抄错' },
      ]);
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: 'y', creditCode: 'N2140431MF0000001C' })
        .expect(409);
    });
    it('rejects an unknown township and stores nothing', async () => {
      const before = await countRows(t.db, 'village');
      const res = await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: 'x', townshipCode: 'NOPE' })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'townshipCode', message: '乡镇代码：没有代码为 "NOPE" 的乡镇' }]);
      expect(await countRows(t.db, 'village')).toBe(before);
    });
    it('lists by township and by project, and corrects a name', async () => {
      const tw = await township();
      const v1 = await village(tw.code);
      await village(tw.code);
      const byTownship = await t.http().get(`/api/villages?townshipId=${tw.id}`).expect(200);
      expect(byTownship.body.total).toBe(2);
      const p = await project([v1.code]);
      const byProject = await t.http().get(`/api/villages?projectId=${p.id}`).expect(200);
      expect(byProject.body.items.map((v: { id: string }) => v.id)).toEqual([v1.id]);
      await t.http().patch(`/api/villages/${v1.id}`).send({ name: '程壁村股份经济合作社', creditCode: 'N2140431MF0000002F' }).expect(200);
      expect((await t.http().get(`/api/villages/${v1.id}`)).body).toMatchObject({
        name: '程壁村股份经济合作社',
        creditCode: 'N2140431MF0000002F',
      });
    });
  });

  describe('projects and participants', () => {
    it('creates with a host village, lists by village, corrects, adds and removes participants', async () => {
      const tw = await township();
      const host = await village(tw.code);
      const res = await t
        .http()
        .post('/api/projects')
        .send({
          code: uniqueCode('P'),
          name: '韩洪乡定湖村飞地香菇园区（首期）',
          parkName: '定湖村飞地园区',
          phase: '首期',
          townshipCode: tw.code,
          hostVillageCode: host.code,
          operatorName: '沁源县食用菌公司',
          startDate: '2024-04-15',
        })
        .expect(201);
      expect(res.body).toMatchObject({ hostVillageId: host.id, townshipId: tw.id, startDate: '2024-04-15' });
      const id = res.body.id;
      await t.http().post(`/api/projects/${id}/villages`).send({ villageCode: host.code, joinedOn: '2024-04-15' }).expect(201);
      await t.http().post(`/api/projects/${id}/villages`).send({ villageCode: host.code }).expect(409);
      await t.http().post(`/api/projects/${id}/villages`).send({ villageCode: 'NOPE' }).expect(400);
      const parts = await t.http().get(`/api/projects/${id}/villages`).expect(200);
      expect(parts.body).toEqual([{ villageId: host.id, code: host.code, name: '程壁村', joinedOn: '2024-04-15', capital: '0.00' }]);
      const mine = await t.http().get(`/api/projects?villageId=${host.id}`).expect(200);
      expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
      await t.http().patch(`/api/projects/${id}`).send({ phase: '二期', operatorName: null }).expect(200);
      expect((await t.http().get(`/api/projects/${id}`)).body).toMatchObject({ phase: '二期', operatorName: null });
      await t.http().delete(`/api/projects/${id}/villages/${host.id}`).expect(204);
      expect((await t.http().get(`/api/projects/${id}/villages`)).body).toEqual([]);
    });
    it('rejects an impossible start date', async () => {
      const res = await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: 'x', startDate: '2025-02-30' })
        .expect(400);
      expect(res.body.errors[0].field).toBe('startDate');
    });
  });

  describe('capital events', () => {
    let p: { id: string };
    let v: { id: string; code: string };
    beforeEach(async () => {
      v = await village();
      p = await project([v.code]);
    });
    const url = () => `/api/projects/${p.id}/capital-events`;

    it('records a contribution and a withdrawal, lists, filters and corrects', async () => {
      const c = await t
        .http()
        .post(url())
        .send({
          villageCode: v.code,
          date: '2024-04-15',
          amount: '500000.00',
          kind: 'cash',
          fundSource: '财政衔接资金',
          reference: '沁财农〔2024〕12号',
        })
        .expect(201);
      expect(c.body).toMatchObject({ amount: '500000.00', date: '2024-04-15', kind: 'cash', fundSource: '财政衔接资金' });
      await t.http().post(url()).send({ villageCode: v.code, date: '2025-10-20', amount: '-30000', kind: 'cash' }).expect(201);
      const all = await t.http().get(url()).expect(200);
      expect(all.body.items.map((e: { amount: string }) => e.amount)).toEqual(['500000.00', '-30000.00']);
      const in2025 = await t.http().get(`${url()}?from=2025-01-01&to=2025-12-31&villageId=${v.id}`).expect(200);
      expect(in2025.body.total).toBe(1);
      await t.http().patch(`${url()}/${c.body.id}`).send({ amount: '480000.50', memo: '更正' }).expect(200);
      expect((await t.http().get(`${url()}/${c.body.id}`)).body).toMatchObject({ amount: '480000.50', memo: '更正' });
      expect((await t.http().get(`/api/projects/${p.id}/villages`)).body[0].capital).toBe('450000.50');
    });

    it.each([
      // a float silently loses fen
      ['a JSON number', { amount: 500000 }, 'amount'],
      // a third decimal is not money
      ['three decimals', { amount: '1.005' }, 'amount'],
      // exponents hide magnitude
      ['an exponent', { amount: '1e5' }, 'amount'],
      // a date that does not exist
      ['an impossible date', { date: '2025-02-30' }, 'date'],
      // a typo must never move money to another village
      ['an unknown village', { villageCode: 'NOPE' }, 'villageCode'],
      ['an unknown field', { shares: '1' }, 'shares'],
      ['a zero amount', { amount: '0.00' }, 'amount'],
      ['an unknown kind', { kind: 'loan' }, 'kind'],
    ])('rejects %s and stores nothing', async (_label, patch, field) => {
      const before = await countRows(t.db, 'capital_event');
      const res = await t
        .http()
        .post(url())
        .send({ villageCode: v.code, date: '2024-04-15', amount: '100.00', kind: 'cash', ...patch })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await countRows(t.db, 'capital_event')).toBe(before);
    });

    it('refuses a withdrawal that drives running capital below zero on any day, and a correction that would', async () => {
      const c = await t.http().post(url()).send({ villageCode: v.code, date: '2025-03-01', amount: '1000.00', kind: 'cash' }).expect(201);
      const res = await t.http().post(url()).send({ villageCode: v.code, date: '2025-02-01', amount: '-500.00', kind: 'cash' }).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'amount', message: expect.stringMatching(/^出资金额：.*在 2025-02-01 日终将为 -500\.00/) },
      ]);
      await t.http().patch(`${url()}/${c.body.id}`).send({ date: '2025-04-01' }).expect(200);
      await t.http().post(url()).send({ villageCode: v.code, date: '2025-05-01', amount: '-1000.00', kind: 'cash' }).expect(201);
      await t.http().patch(`${url()}/${c.body.id}`).send({ amount: '999.99' }).expect(400);
      expect((await t.http().get(`${url()}/${c.body.id}`)).body.amount).toBe('1000.00');
      expect((await t.http().get(url())).body.total).toBe(2);
    });

    it('refuses a village that does not take part, and 404s an event of another project', async () => {
      const outsider = await village();
      await t.http().post(url()).send({ villageCode: outsider.code, date: '2024-04-15', amount: '1.00', kind: 'cash' }).expect(400);
      const other = await project([outsider.code]);
      const e = await t
        .http()
        .post(`/api/projects/${other.id}/capital-events`)
        .send({ villageCode: outsider.code, date: '2024-04-15', amount: '1.00', kind: 'asset' })
        .expect(201);
      await t.http().get(`${url()}/${e.body.id}`).expect(404);
    });
  });

  describe('yearly results', () => {
    it('records output and result, refuses a second record for the year, corrects it', async () => {
      const p = await project([]);
      const url = `/api/projects/${p.id}/results`;
      const r = await t
        .http()
        .post(url)
        .send({
          year: 2025,
          revenue: '1860000.00',
          costs: '1650000.00',
          mushroomLogs: 1000000,
          freshKg: '850000.5',
          driedKg: '42000',
          jobs: 120,
          wagesPaid: '2400000.00',
        })
        .expect(201);
      expect(r.body).toMatchObject({
        revenue: '1860000.00',
        costs: '1650000.00',
        mushroomLogs: '1000000',
        freshKg: '850000.500',
        jobs: 120,
      });
      await t.http().post(url).send({ year: 2025, revenue: '1.00', costs: '1.00' }).expect(409);
      await t.http().patch(`${url}/2025`).send({ costs: '1650000.01' }).expect(200);
      expect((await t.http().get(`${url}/2025`)).body.costs).toBe('1650000.01');
      await t.http().get(`${url}/2024`).expect(404);
      expect((await t.http().get(url)).body).toHaveLength(1);
    });
    it.each([
      ['negative revenue', { revenue: '-1.00' }, 'revenue'],
      ['costs as a number', { costs: 12.5 }, 'costs'],
      ['kilograms with four decimals', { freshKg: '1.0001' }, 'freshKg'],
    ])('rejects %s', async (_l, patch, field) => {
      const p = await project([]);
      const res = await t
        .http()
        .post(`/api/projects/${p.id}/results`)
        .send({ year: 2025, revenue: '1.00', costs: '1.00', ...patch })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http().get(`/api/projects/${p.id}/results`)).body).toEqual([]);
    });
  });

  describe('distribution policies', () => {
    it('versions by year and finds the one in force', async () => {
      const v = await village();
      const p = await project([v.code]);
      const url = `/api/projects/${p.id}/policies`;
      await t
        .http()
        .post(url)
        .send({ effectiveFromYear: 2024, policy: { guaranteed: { type: 'rate', rate: '0.06' } } })
        .expect(201);
      await t
        .http()
        .post(url)
        .send({ effectiveFromYear: 2026, policy: { guaranteed: { type: 'rate', rate: '0.10' } } })
        .expect(201);
      await t
        .http()
        .post(url)
        .send({ effectiveFromYear: 2026, policy: { guaranteed: { type: 'rate', rate: '0.10' } } })
        .expect(409);
      expect((await t.http().get(`${url}/in-force?year=2025`)).body.effectiveFromYear).toBe(2024);
      expect((await t.http().get(`${url}/in-force?year=2030`)).body.document.guaranteed.rate).toBe('0.10');
      await t.http().get(`${url}/in-force?year=2023`).expect(404);
      await t
        .http()
        .put(`${url}/2026`)
        .send({ policy: { guaranteed: { type: 'fixed', amounts: { [v.code]: '1000.00' } } } })
        .expect(200);
      expect((await t.http().get(`${url}/2026`)).body.document.guaranteed.type).toBe('fixed');
      expect((await t.http().get(url)).body.map((x: { effectiveFromYear: number }) => x.effectiveFromYear)).toEqual([2024, 2026]);
    });
    it.each([
      // shares that do not add up lose or invent money
      [
        'shares not summing to 1',
        { guaranteed: { type: 'rate', rate: '0.06' }, sharing: [{ code: 'a', share: '0.5', weights: 'capital' }] },
        'share',
      ],
      [
        'deduction rates summing to 1',
        {
          guaranteed: { type: 'rate', rate: '0.06' },
          deductions: [
            { code: 'a', rate: '0.6' },
            { code: 'b', rate: '0.4' },
          ],
        },
        '最高比例之和须小于 1',
      ],
      ['a missing guarantee', {}, 'guaranteed'],
      [
        'an unknown village in weights',
        { guaranteed: { type: 'rate', rate: '0.06' }, sharing: [{ code: 'land', share: '1', weights: { NOPE: '1' } }] },
        'NOPE',
      ],
    ])('rejects %s naming the rule, storing nothing', async (_l, policy, word) => {
      const v = await village();
      const p = await project([v.code]);
      const res = await t.http().post(`/api/projects/${p.id}/policies`).send({ effectiveFromYear: 2025, policy }).expect(400);
      expect(JSON.stringify(res.body.errors)).toContain(word);
      expect((await t.http().get(`/api/projects/${p.id}/policies`)).body).toEqual([]);
    });
  });

  it('answers malformed JSON with a 400 and no stack trace', async () => {
    const res = await t.http().post('/api/townships').set('content-type', 'application/json').send('{"code": ').expect(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts|node_modules/);
  });
});
