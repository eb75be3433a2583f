import { createTestApp, TestApp, uniqueCode } from '../support/test-app';

/**
 * While the database refuses the service's connections, every route answers 503 with Retry-After and a Chinese
 * message (never a 500), and the service answers again as soon as it may connect. The database is not stopped here
 * (the outage test does that): the service role's connection limit is set to 0 and its connections are ended, so the
 * next query gets PostgreSQL's refusal.
 */
describe('the database refusing connections', () => {
  let t: TestApp;
  let role: string;
  beforeAll(async () => {
    t = await createTestApp();
    role = (await t.db.query(`SELECT current_database() || '_service' AS role`))[0].role;
  });
  afterAll(async () => {
    await t.db.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`);
    await t.close();
  });

  it('answers 503 with Retry-After and a Chinese message, stores nothing, and recovers', async () => {
    const code = uniqueCode('V');
    await t.db.query(`ALTER ROLE "${role}" CONNECTION LIMIT 0`);
    try {
      await t.db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      for (const res of [await t.http().get('/api/villages'), await t.http().post('/api/villages').send({ code, name: '村' })]) {
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'DATABASE_UNAVAILABLE',
          message: '数据库暂时不可用，请稍后重试',
          requestId: expect.any(String),
        });
      }
    } finally {
      await t.db.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`);
    }
    expect((await t.http().get(`/api/villages?q=${code}`).expect(200)).body.total).toBe(0);
  });
});
