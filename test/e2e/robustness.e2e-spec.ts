import type { Test } from 'supertest';
import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

/**
 * No route answers malformed input with a 500: every bad request is the
 * client's (4xx) and says why. Routes come from the OpenAPI document.
 */
describe('malformed input on every route', () => {
  let t: TestApp;
  let routes: Array<{ method: string; path: string }>;
  let projectId: string;
  let villageId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const v = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '村' })
        .expect(201)
    ).body;
    const p = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: '项目' })
        .expect(201)
    ).body;
    await t.http().post(`/api/projects/${p.id}/villages`).send({ villageCode: v.code }).expect(201);
    projectId = p.id;
    villageId = v.id;
    const doc = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    routes = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const fill = (path: string, id: string) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      name === 'projectId' || (name === 'id' && path.startsWith('/api/projects'))
        ? projectId
        : name === 'villageId' || (name === 'id' && path.startsWith('/api/villages'))
          ? villageId
          : name === 'year' || name === 'fromYear'
            ? '2025'
            : id,
    );

  const bodies: unknown[] = [
    [],
    'text',
    { unknown: 1.5 },
    { amount: 0.1, date: '2025-02-30', year: 'x', villageCode: 'no such', policy: [] },
    { year: 1e308, amount: '1e5', date: 20250101, login: {}, password: [], effectiveFromYear: -1, villageCode: 'a'.repeat(33) },
    { policy: { guaranteed: { type: 'rate', rate: 0.06 }, sharing: 'capital' } },
  ];

  it('answers 4xx, never 5xx, to malformed bodies, ids and queries', async () => {
    const admin = await t.signIn('admin');
    const failures: string[] = [];
    for (const r of routes) {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%27%3B--']) {
        const url = `${fill(r.path, id)}?page=-1&pageSize=abc&year=x&asOf=2025-02-30&from=2025-13-01&q=${'%25'.repeat(3)}`;
        const sends = r.method === 'GET' || r.method === 'DELETE' ? [undefined] : bodies;
        for (const body of sends) {
          let req = (admin.http() as unknown as Record<string, (url: string) => Test>)[r.method.toLowerCase()](url);
          if (body !== undefined)
            req =
              typeof body === 'string' ? req.set('content-type', 'application/json').send(JSON.stringify(body)) : req.send(body as object);
          const res = await req;
          if (res.status >= 500)
            failures.push(`${r.method} ${r.path} id=${id} body=${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
