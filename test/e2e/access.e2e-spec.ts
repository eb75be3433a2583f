import { JwtService } from '@nestjs/jwt';
import type { Test } from 'supertest';
import { countRows, createTestApp, SignedInUser, TEST_PASSWORD, TestApp, uniqueCode } from '../support/test-app';

type Role = 'admin' | 'accountant' | 'treasurer' | 'auditor';
const ROLES: Role[] = ['admin', 'accountant', 'treasurer', 'auditor'];
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/health']);

/**
 * Who may call a route, from the rules of the access issue (not from the code):
 * users are the admin's, the audit trail the auditor's and admin's, one's own
 * profile everyone's; reads are everyone's (treasurers within their own village
 * and projects). Setting up records (townships, villages, projects and their
 * participants) is the admin's and accountants'; everything about a project's
 * money (capital, results, policies, runs, payments, year close: every write
 * under /api/projects/{projectId}) is accountants' only, since the admin, who
 * manages the accounts, must not be able to prepare, approve or post (issue 9).
 */
function allowedRoles(method: string, path: string): Role[] {
  if (path.startsWith('/api/users')) return ['admin'];
  if (path.startsWith('/api/audit')) return ['admin', 'auditor'];
  if (path === '/api/auth/me' || path === '/api/auth/password') return ROLES;
  // The preview computes a posted scenario document and stores nothing: a read.
  if (method === 'GET' || path === '/api/distributions/preview') return ROLES;
  if (path.startsWith('/api/projects/{projectId}/')) return ['accountant'];
  return ['admin', 'accountant'];
}

describe('access: every route × every role', () => {
  let t: TestApp;
  const users = {} as Record<Role, SignedInUser>;
  /** Real records for every kind of id a route takes, so that an allowed GET can really answer 200. */
  const ids = {} as Record<'project' | 'village' | 'township' | 'event' | 'run' | 'payment' | 'user', string>;
  let routes: Array<{ method: string; path: string; query: Record<string, string> }>;

  beforeAll(async () => {
    t = await createTestApp();
    const township = (
      await t
        .http()
        .post('/api/townships')
        .send({ code: uniqueCode('T'), name: '韩洪乡' })
        .expect(201)
    ).body;
    const village = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '程壁村', townshipCode: township.code })
        .expect(201)
    ).body;
    const project = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: '矩阵测试项目' })
        .expect(201)
    ).body;
    const base = `/api/projects/${project.id}`;
    await t.http().post(`${base}/villages`).send({ villageCode: village.code }).expect(201);
    const event = (
      await t
        .http()
        .post(`${base}/capital-events`)
        .send({ villageCode: village.code, date: '2024-04-15', amount: '500000.00', kind: 'cash' })
        .expect(201)
    ).body;
    await t.http().post(`${base}/results`).send({ year: 2025, revenue: '1860000.00', costs: '1650000.00' }).expect(201);
    await t
      .http()
      .post(`${base}/policies`)
      .send({ effectiveFromYear: 2024, policy: { guaranteed: { type: 'rate', rate: '0.06' } } })
      .expect(201);
    for (const role of ROLES) users[role] = await t.signIn(role, role === 'treasurer' ? village.code : undefined);
    // Maker-checker: one accountant drafts, the matrix's accountant approves and posts, then pays.
    const run = (await t.http().post(`${base}/runs`).send({ year: 2025 }).expect(201)).body;
    await users.accountant.http().post(`${base}/runs/${run.id}/approve`).expect(200);
    await users.accountant.http().post(`${base}/runs/${run.id}/post`).send({ date: '2026-01-15' }).expect(200);
    const payment = (
      await t
        .http()
        .post(`${base}/payments`)
        .send({ villageCode: village.code, amount: '1000.00', date: '2026-01-20', bankReference: 'M-1' })
        .expect(201)
    ).body;
    // A bystander for /users/{id}: the admin's reset-password row would end the matrix's own auditor's tokens.
    const bystander = await t.signIn('auditor');
    Object.assign(ids, {
      project: project.id,
      village: village.id,
      township: township.id,
      event: event.id,
      run: run.id,
      payment: payment.id,
      user: bystander.id,
    });

    const doc = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    routes = [];
    for (const [path, ops] of Object.entries<Record<string, { parameters?: Array<{ in: string; name: string; required?: boolean }> }>>(
      doc.paths,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        const query: Record<string, string> = {};
        for (const p of op.parameters ?? []) if (p.in === 'query' && p.required) query[p.name] = sample(p.name);
        routes.push({ method: method.toUpperCase(), path, query });
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  function sample(name: string): string {
    if (name === 'asOf') return '2026-12-31';
    return '2025';
  }
  /** The id a path parameter names, by the parameter and the collection it follows. */
  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (name === 'projectId') return ids.project;
      if (name === 'villageId') return ids.village;
      if (name === 'year') return '2025';
      if (name === 'fromYear') return '2024';
      const collection = /\/(\w[\w-]*)\/\{id\}/.exec(path)![1];
      return (
        {
          projects: ids.project,
          villages: ids.village,
          townships: ids.township,
          users: ids.user,
          'capital-events': ids.event,
          runs: ids.run,
          payments: ids.payment,
        } as Record<string, string>
      )[collection];
    });
  }
  function call(agent: Record<string, (url: string) => Test>, method: string, url: string, query: Record<string, string>) {
    const req = agent[method.toLowerCase()](url).query(query);
    return method === 'GET' || method === 'DELETE' ? req : req.send({});
  }

  it('reads the routes from the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/projects', 'GET /api/audit', 'POST /api/users']),
    );
  });

  it('401 without a token on every route but login and health', async () => {
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.path}`)) continue;
      const res = await call(t.anonymous() as never, r.method, fill(r.path), r.query);
      expect(`${r.method} ${r.path} ${res.status}`).toBe(`${r.method} ${r.path} 401`);
    }
  });

  it('403 for every role that may not; 200 on every GET for every role that may, and past the guard on writes', async () => {
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.path}`)) continue;
      // Changing one's own password would invalidate the token the rest of the matrix uses; tested below.
      if (r.path === '/api/auth/password') continue;
      const allowed = allowedRoles(r.method, r.path);
      for (const role of ROLES) {
        const res = await call(users[role].http() as never, r.method, fill(r.path), r.query);
        const label = `${role} ${r.method} ${r.path}`;
        if (!allowed.includes(role)) expect(`${label} ${res.status}`).toBe(`${label} 403`);
        else if (r.method === 'GET') expect(`${label} ${res.status}`).toBe(`${label} 200`);
        // An empty body is refused by validation (400) or the state (404/409): past the guard, and nothing changes.
        else expect([label, res.status === 401 || res.status === 403 || res.status >= 500]).toEqual([label, false]);
      }
    }
  });
});

describe('access: treasurers, tokens, sign-in and the audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  async function projectWith(villageCode: string): Promise<{ id: string }> {
    const p = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: 'x' })
        .expect(201)
    ).body;
    await t.http().post(`/api/projects/${p.id}/villages`).send({ villageCode }).expect(201);
    return p;
  }

  it('holds a treasurer to the projects of their own village', async () => {
    const mine = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '本村' })
        .expect(201)
    ).body;
    const other = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '外村' })
        .expect(201)
    ).body;
    const myProject = await projectWith(mine.code);
    const otherProject = await projectWith(other.code);
    const treasurer = await t.signIn('treasurer', mine.code);
    await treasurer.http().get(`/api/projects/${myProject.id}`).expect(200);
    await treasurer.http().get(`/api/projects/${otherProject.id}`).expect(403);
    await treasurer.http().get(`/api/projects/${otherProject.id}/capital-events`).expect(403);
    await treasurer.http().get(`/api/villages/${other.id}`).expect(403);
    const list = await treasurer.http().get('/api/projects?pageSize=500').expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([myProject.id]);
    const villages = await treasurer.http().get('/api/villages?pageSize=500').expect(200);
    expect(villages.body.items.map((v: { id: string }) => v.id)).toEqual([mine.id]);
    await treasurer
      .http()
      .post('/api/townships')
      .send({ code: uniqueCode('T'), name: 'x' })
      .expect(403);
  });

  it('refuses tampered, expired and disabled-user tokens with 401', async () => {
    const admin = await t.signIn('admin');
    const auditor = await t.signIn('auditor');
    await auditor.http().get('/api/projects').expect(200);
    const [h, p, s] = auditor.token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: admin.id })).toString(
      'base64url',
    );
    await t.anonymous().get('/api/projects').set('Authorization', `Bearer ${h}.${forgedPayload}.${s}`).expect(401);
    await t
      .anonymous()
      .get('/api/projects')
      .set('Authorization', `Bearer ${h}.${p}.${s.slice(0, -2)}xx`)
      .expect(401);
    const expired = await t.app.get(JwtService).signAsync({ sub: auditor.id, ver: 0 }, { expiresIn: -10 });
    await t.anonymous().get('/api/projects').set('Authorization', `Bearer ${expired}`).expect(401);
    await admin.http().patch(`/api/users/${auditor.id}`).send({ enabled: false }).expect(200);
    await auditor.http().get('/api/projects').expect(401);
    await t.anonymous().post('/api/auth/login').send({ login: auditor.login, password: TEST_PASSWORD }).expect(401);
  });

  it('signs in, forces a one-time password to be changed, and a change ends older tokens', async () => {
    const admin = await t.signIn('admin');
    const login = uniqueCode('kj').toLowerCase();
    const created = await admin.http().post('/api/users').send({ login, displayName: '张会计', role: 'accountant' }).expect(201);
    expect(created.body.initialPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(JSON.stringify(created.body)).not.toContain('passwordHash');
    const first = await t.anonymous().post('/api/auth/login').send({ login, password: created.body.initialPassword }).expect(200);
    expect(first.body).toMatchObject({ tokenType: 'Bearer', user: { login, role: 'accountant', mustChangePassword: true } });
    const bearer = (tok: string) => ({ Authorization: `Bearer ${tok}` });
    await t.anonymous().get('/api/projects').set(bearer(first.body.accessToken)).expect(403);
    await t
      .anonymous()
      .post('/api/auth/password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: 'wrong-password', newPassword: 'a-new-long-password' })
      .expect(401);
    await t
      .anonymous()
      .post('/api/auth/password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: created.body.initialPassword, newPassword: 'short' })
      .expect(400);
    const changed = await t
      .anonymous()
      .post('/api/auth/password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: created.body.initialPassword, newPassword: 'a-new-long-password' })
      .expect(200);
    await t.anonymous().get('/api/projects').set(bearer(changed.body.accessToken)).expect(200);
    await t.anonymous().get('/api/projects').set(bearer(first.body.accessToken)).expect(401);
    const me = await t.anonymous().get('/api/auth/me').set(bearer(changed.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ login, mustChangePassword: false });
    // An admin's reset ends the user's sessions and issues a new one-time password.
    const reset = await admin.http().post(`/api/users/${created.body.id}/reset-password`).expect(200);
    await t.anonymous().get('/api/projects').set(bearer(changed.body.accessToken)).expect(401);
    await t.anonymous().post('/api/auth/login').send({ login, password: reset.body.initialPassword }).expect(200);
  });

  it('throttles failed sign-ins per user', async () => {
    const user = await t.signIn('auditor');
    for (let i = 0; i < 5; i++)
      await t.anonymous().post('/api/auth/login').send({ login: user.login, password: 'wrong-wrong' }).expect(401);
    const res = await t.anonymous().post('/api/auth/login').send({ login: user.login, password: TEST_PASSWORD }).expect(429);
    expect(res.body.message).toMatch(/too many failed sign-ins/);
  });

  it('refuses a treasurer without a village, and an unknown role', async () => {
    const admin = await t.signIn('admin');
    const res = await admin
      .http()
      .post('/api/users')
      .send({ login: uniqueCode('t').toLowerCase(), displayName: 'x', role: 'treasurer' })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'villageCode', message: 'a treasurer needs their village' }]);
    await admin
      .http()
      .post('/api/users')
      .send({ login: uniqueCode('t').toLowerCase(), displayName: 'x', role: 'root' })
      .expect(400);
  });

  it('records who changed what in the audit trail, and nothing for a rejected write', async () => {
    const code = uniqueCode('T');
    const res = await t.http().post('/api/townships').set('X-Request-Id', 'req-audit-1').send({ code, name: '韩洪乡' }).expect(201);
    await t.http().patch(`/api/townships/${res.body.id}`).send({ name: '韩洪镇' }).expect(200);
    const before = await countRows(t.db, 'audit_log');
    await t.http().post('/api/townships').send({ code, name: 'dup' }).expect(409);
    await t.http().post('/api/townships').send({ code: 'bad code', name: 'x' }).expect(400);
    await t
      .http()
      .post(`/api/projects/${'00000000-0000-4000-8000-000000000000'}/capital-events`)
      .send({ villageCode: 'V', date: '2025-01-01', amount: '1.00', kind: 'cash' })
      .expect(404);
    expect(await countRows(t.db, 'audit_log')).toBe(before);
    const auditor = await t.signIn('auditor');
    const trail = await auditor.http().get(`/api/audit?entity=township&entityId=${res.body.id}`).expect(200);
    expect(
      trail.body.items.map((e: { action: string; actorLogin: string; actorId: string }) => [e.action, e.actorId, e.actorLogin]),
    ).toEqual([
      ['update', t.accountant.id, t.accountant.login],
      ['create', t.accountant.id, t.accountant.login],
    ]);
    expect(trail.body.items[0].changes).toEqual({ name: { from: '韩洪乡', to: '韩洪镇' } });
    expect(trail.body.items[1]).toMatchObject({ requestId: 'req-audit-1', ip: expect.stringMatching(/127\.0\.0\.1|::1/) });
    const byActor = await auditor.http().get(`/api/audit?actorId=${t.accountant.id}&entity=township&action=create`).expect(200);
    expect(byActor.body.items.filter((e: { changes: { code?: string } }) => e.changes.code === code)).toHaveLength(1);
  });

  it('the database refuses to change or delete the audit trail', async () => {
    await expect(t.db.query('UPDATE audit_log SET action = $1', ['x'])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('sends security headers, keeps CORS closed, limits the body, leaks no internals', async () => {
    const res = await t.anonymous().get('/api/health').set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    const big = await t
      .http()
      .post('/api/townships')
      .set('content-type', 'application/json')
      .send(`{"code":"X","name":"${'x'.repeat(6 * 1024 * 1024)}"}`);
    expect(big.status).toBe(413);
    expect(JSON.stringify(big.body)).not.toMatch(/node_modules|\.ts:/);
  });
});
