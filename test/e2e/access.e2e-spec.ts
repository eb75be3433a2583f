import { JwtService } from '@nestjs/jwt';
import type { Test } from 'supertest';
import { createTestApp, SignedInUser, TEST_PASSWORD, TestApp, uniqueCode } from '../support/test-app';
import { seedVillageMembers, VillageMembers } from '../support/village-members';

type Role = 'admin' | 'accountant' | 'treasurer' | 'auditor';
const ROLES: Role[] = ['admin', 'accountant', 'treasurer', 'auditor'];
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/health']);

/**
 * Who may call a route, from the rules of the access issue (not from the code):
 * users are the admin's (the auditor reads them too: issue 10), the audit trail
 * the auditor's and admin's, one's own profile everyone's; reads are everyone's (treasurers within their own village
 * and projects). Setting up records (townships, villages, projects and their
 * participants) is the admin's and accountants'; everything about a project's
 * money (capital, results, policies, runs, payments, year close: every write
 * under /api/projects/{projectId}) is accountants' only, since the admin, who
 * manages the accounts, must not be able to prepare, approve or post (issue 9).
 * A village's second stage (issue 16, 村账乡代管): its member records are written by its treasurer, the accountant
 * and the admin; its money (book, policy, member run, household payments) by its treasurer and the accountant, but
 * approving or reversing a member run, reversing a household payment and closing the village's year by the accountant
 * only; a household's whole bank account is read by the village's treasurer only.
 */
function allowedRoles(method: string, path: string): Role[] {
  if (path.startsWith('/api/users')) return method === 'GET' ? ['admin', 'auditor'] : ['admin'];
  if (path.startsWith('/api/audit')) return ['admin', 'auditor'];
  if (path.startsWith('/api/backups')) return ['admin', 'auditor'];
  if (['/api/auth/me', '/api/auth/password', '/api/auth/logout'].includes(path)) return ROLES;
  if (path === '/api/villages/{villageId}/households/{householdId}/bank-account') return ['treasurer'];
  if (method !== 'GET' && /^\/api\/villages\/\{villageId\}\/(households|share-registers)/.test(path))
    return ['admin', 'accountant', 'treasurer'];
  if (
    method !== 'GET' &&
    /^\/api\/villages\/\{villageId\}\/(runs\/\{runId\}\/(approve|reverse|payments\/\{paymentId\}\/reverse)|years\/)/.test(path)
  ) {
    return ['accountant'];
  }
  if (method !== 'GET' && /^\/api\/villages\/\{villageId\}\/(book|policies|runs)/.test(path)) return ['accountant', 'treasurer'];
  // The preview computes a posted scenario document and stores nothing: a read.
  if (method === 'GET' || path === '/api/distributions/preview') return ROLES;
  if (path.startsWith('/api/projects/{projectId}/')) return ['accountant'];
  return ['admin', 'accountant'];
}

/** The path parameters of a village's second-stage routes, and the record each names. */
const VILLAGE_PARAMS: Record<string, keyof VillageMembers> = {
  householdId: 'household',
  registerId: 'register',
  runId: 'run',
  paymentId: 'payment',
  fileId: 'file',
};

describe('access: every route × every role', () => {
  let t: TestApp;
  const users = {} as Record<Role, SignedInUser>;
  /** Real records for every kind of id a route takes, so that an allowed GET can really answer 200. */
  const ids = {} as Record<'project' | 'village' | 'township' | 'event' | 'run' | 'payment' | 'user' | 'voucher' | 'opening', string>;
  let routes: Array<{ method: string; path: string; query: Record<string, string> }>;
  let members: VillageMembers;

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
        .send({ code: uniqueCode('P'), name: '矩阵测试项目', cutoverDate: '2024-01-01' })
        .expect(201)
    ).body;
    const base = `/api/projects/${project.id}`;
    await t.http().post(`${base}/villages`).send({ villageCode: village.code }).expect(201);
    // An opening balance first (a project with a cut-over takes no other voucher before it), for /opening-balances/{id}.
    const opening = (
      await t
        .http()
        .post(`${base}/opening-balances`)
        .send({
          lines: [
            { account: '102', debit: '1.00', credit: '0.00' },
            { account: '311', debit: '0.00', credit: '1.00' },
          ],
        })
        .expect(201)
    ).body;
    await (await t.signIn('accountant')).http().post(`${base}/opening-balances/${opening.id}/approve`).expect(200);
    await t.http().post(`${base}/opening-balances/${opening.id}/post`).expect(200);
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
    members = await seedVillageMembers(t, users.accountant, village.id, 2025);
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
      opening: opening.id,
      voucher: (await t.http().get(`${base}/ledger/vouchers?pageSize=1`).expect(200)).body.items[0].number,
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
    if (name === 'date') return '2025-12-31';
    return '2025';
  }
  /** The id a path parameter names, by the parameter and the collection it follows. */
  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (name === 'projectId') return ids.project;
      if (name === 'villageId') return ids.village;
      if (name in VILLAGE_PARAMS) return members[VILLAGE_PARAMS[name]];
      if (name === 'number' && path.startsWith('/api/villages/')) return members.voucher;
      if (name === 'number') return ids.voucher;
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
          'opening-balances': ids.opening,
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
      // Changing one's own password or signing out would end the token the rest of the matrix uses; tested elsewhere.
      if (r.path === '/api/auth/password' || r.path === '/api/auth/logout') continue;
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
    expect(res.body.message).toMatch(/密码错误次数太多/);
  });

  it('refuses a treasurer without a village, and an unknown role', async () => {
    const admin = await t.signIn('admin');
    const res = await admin
      .http()
      .post('/api/users')
      .send({ login: uniqueCode('t').toLowerCase(), displayName: 'x', role: 'treasurer' })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'villageCode', message: '村代码：村报账员须指定所在的村' }]);
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
    // Refusals are recorded (`refused-<status>`, issue 10); changes are not, for a rejected write.
    const changes = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'refused-%'`))[0].n as number;
    const before = await changes();
    await t.http().post('/api/townships').send({ code, name: 'dup' }).expect(409);
    await t.http().post('/api/townships').send({ code: 'bad code', name: 'x' }).expect(400);
    await t
      .http()
      .post(`/api/projects/${'00000000-0000-4000-8000-000000000000'}/capital-events`)
      .send({ villageCode: 'V', date: '2025-01-01', amount: '1.00', kind: 'cash' })
      .expect(404);
    expect(await changes()).toBe(before);
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

/** Every object in a JSON document, depth first. */
function objectsOf(doc: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const stack = [doc];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object' && v !== null) {
      out.push(v as Record<string, unknown>);
      stack.push(...Object.values(v));
    }
  }
  return out;
}

const AMOUNT = /^-?\d+\.\d{2}$/;

/**
 * What a response tells of a village: every object naming its code (as a value, inside one such as 211-V01, or as
 * a key) that also carries an amount anywhere inside it, and every bank reference given.
 */
function leaks(doc: unknown, code: string, bankReferences: string[]): string[] {
  const found: string[] = [];
  for (const o of objectsOf(doc)) {
    const names = Object.keys(o).includes(code) || Object.values(o).some((v) => typeof v === 'string' && v.includes(code));
    const amounts = JSON.stringify(o)
      .match(/"-?\d+\.\d{2}"/g)
      ?.filter((a) => AMOUNT.test(JSON.parse(a)));
    if (names && amounts?.length) found.push(JSON.stringify(o).slice(0, 200));
  }
  const text = JSON.stringify(doc);
  for (const ref of bankReferences) if (text.includes(ref)) found.push(`bank reference ${ref}`);
  return found;
}

describe('access: a treasurer sees their own village and the project totals on every route', () => {
  let t: TestApp;
  let treasurer: SignedInUser;
  /** Three villages, so that no sum over the other two is one of theirs. */
  const mine = { id: '', code: uniqueCode('VA'), name: '程壁村', capital: '512345.67', guaranteed: '21111.11', paid: '1000.00', bank: '' };
  const others = [
    { id: '', code: uniqueCode('VB'), name: '定湖村', capital: '312345.67', guaranteed: '13579.24', paid: '1234.56', bank: '' },
    { id: '', code: uniqueCode('VC'), name: '高坪村', capital: '223456.78', guaranteed: '9876.54', paid: '2345.67', bank: '' },
  ];
  const ids = {} as Record<
    'project' | 'township' | 'myEvent' | 'otherEvent' | 'run' | 'myPayment' | 'otherPayment' | 'voucher' | 'opening',
    string
  >;
  const operatorBank = `OP-${uniqueCode('R')}`;
  let getRoutes: Array<{ path: string; query: Record<string, string> }>;
  let myMembers: VillageMembers;

  beforeAll(async () => {
    t = await createTestApp();
    ids.township = (
      await t
        .http()
        .post('/api/townships')
        .send({ code: uniqueCode('T'), name: '韩洪乡' })
        .expect(201)
    ).body.id;
    ids.project = (
      await t
        .http()
        .post('/api/projects')
        .send({ code: uniqueCode('P'), name: '范围测试项目', startDate: '2024-01-01', cutoverDate: '2024-01-01' })
        .expect(201)
    ).body.id;
    const base = `/api/projects/${ids.project}`;
    const checker = await t.signIn('accountant');
    ids.opening = (
      await t
        .http()
        .post(`${base}/opening-balances`)
        .send({
          lines: [
            { account: '102', debit: '1.00', credit: '0.00' },
            { account: '311', debit: '0.00', credit: '1.00' },
          ],
        })
        .expect(201)
    ).body.id;
    await checker.http().post(`${base}/opening-balances/${ids.opening}/approve`).expect(200);
    await t.http().post(`${base}/opening-balances/${ids.opening}/post`).expect(200);
    for (const v of [mine, ...others]) {
      v.id = (await t.http().post('/api/villages').send({ code: v.code, name: v.name }).expect(201)).body.id;
      v.bank = `BANK-${v.code}`;
      await t.http().post(`${base}/villages`).send({ villageCode: v.code }).expect(201);
      const event = await t
        .http()
        .post(`${base}/capital-events`)
        .send({ villageCode: v.code, date: '2024-04-15', amount: v.capital, kind: 'cash' })
        .expect(201);
      if (v === mine) ids.myEvent = event.body.id;
      else ids.otherEvent = event.body.id;
    }
    // N = 10,000.00 is below the fixed guarantees (44,566.89): the operator tops up 34,566.89, and pays some of it in.
    await t.http().post(`${base}/results`).send({ year: 2025, revenue: '1000000.00', costs: '990000.00' }).expect(201);
    const policy = {
      guaranteed: { type: 'fixed', amounts: Object.fromEntries([mine, ...others].map((v) => [v.code, v.guaranteed])) },
      sharing: [
        { code: 'capital', name: '按出资比例', share: '0.5', weights: 'capital' },
        {
          code: 'land',
          name: '按土地入股',
          share: '0.5',
          weights: Object.fromEntries([mine, ...others].map((v, i) => [v.code, `${i + 2}`])),
        },
      ],
    };
    await t.http().post(`${base}/policies`).send({ effectiveFromYear: 2024, policy }).expect(201);
    ids.run = (await t.http().post(`${base}/runs`).send({ year: 2025 }).expect(201)).body.id;
    await checker.http().post(`${base}/runs/${ids.run}/approve`).expect(200);
    await checker.http().post(`${base}/runs/${ids.run}/post`).send({ date: '2026-01-15' }).expect(200);
    for (const v of [mine, ...others]) {
      const paid = await t
        .http()
        .post(`${base}/payments`)
        .send({ villageCode: v.code, amount: v.paid, date: '2026-01-20', bankReference: v.bank })
        .expect(201);
      if (v === mine) ids.myPayment = paid.body.id;
      else ids.otherPayment = paid.body.id;
    }
    // The treasurer's own village's second stage, for the village routes; its households are its own, not leaks.
    myMembers = await seedVillageMembers(t, checker, mine.id, 2025);
    await t
      .http()
      .post(`${base}/operator-payments`)
      .send({ amount: '10000.00', date: '2026-01-20', bankReference: operatorBank })
      .expect(201);
    treasurer = await t.signIn('treasurer', mine.code);
    // The dividend voucher: the treasurer's copy has the other villages' lines merged, so the scan means something.
    ids.voucher = (await t.http().get(`${base}/ledger/vouchers?pageSize=500`).expect(200)).body.items.find(
      (v: { summary: string }) => v.summary === '2025年度保底分红',
    ).number;

    const doc = (await t.anonymous().get('/api/docs-json').expect(200)).body;
    getRoutes = [];
    for (const [path, ops] of Object.entries<Record<string, { parameters?: Array<{ in: string; name: string; required?: boolean }> }>>(
      doc.paths,
    )) {
      const op = ops.get;
      if (!op || allowedRoles('GET', path).every((r) => r !== 'treasurer') || PUBLIC.has(`GET ${path}`)) continue;
      const query: Record<string, string> = {};
      for (const p of op.parameters ?? [])
        if (p.in === 'query' && p.required) query[p.name] = p.name === 'asOf' ? '2026-12-31' : p.name === 'date' ? '2025-12-31' : '2025';
      getRoutes.push({ path, query });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  function fill(path: string): string {
    return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (name === 'projectId') return ids.project;
      if (name === 'villageId') return mine.id;
      if (name in VILLAGE_PARAMS) return myMembers[VILLAGE_PARAMS[name]];
      if (name === 'number' && path.startsWith('/api/villages/')) return myMembers.voucher;
      if (name === 'number') return ids.voucher;
      if (name === 'year') return '2025';
      if (name === 'fromYear') return '2024';
      const collection = /\/(\w[\w-]*)\/\{id\}/.exec(path)![1];
      return (
        {
          projects: ids.project,
          villages: mine.id,
          townships: ids.township,
          'capital-events': ids.myEvent,
          runs: ids.run,
          payments: ids.myPayment,
          'opening-balances': ids.opening,
        } as Record<string, string>
      )[collection];
    });
  }

  /** Whatever the response tells of the other villages: their codes with an amount, their bank references, their own figures. */
  function leaksOfOthers(body: unknown): string[] {
    const text = JSON.stringify(body);
    return others.flatMap((v) => [
      ...leaks(body, v.code, [v.bank, operatorBank]),
      ...[v.capital, v.guaranteed, v.paid].filter((a) => text.includes(`"${a}"`)).map((a) => `${v.code}'s ${a}`),
    ]);
  }

  it("answers every GET a treasurer may call without another village's amounts or bank references", async () => {
    expect(getRoutes.length).toBeGreaterThan(25);
    const calls = getRoutes.map((r) => ({ url: fill(r.path), query: r.query }));
    const base = `/api/projects/${ids.project}`;
    const [b] = others;
    // The filters that name another village, and the biggest pages.
    calls.push(
      { url: `${base}/ledger/vouchers`, query: { village: b.code, pageSize: '500' } },
      { url: `${base}/ledger/vouchers`, query: { account: `211-${b.code}`, pageSize: '500' } },
      { url: `${base}/ledger/vouchers`, query: { account: '301', pageSize: '500' } },
      { url: `${base}/capital-events`, query: { villageId: b.id, pageSize: '500' } },
      { url: `${base}/reports/trial-balance`, query: { asOf: '2026-12-31', periodStart: '2024-01-01' } },
      { url: '/api/villages', query: { pageSize: '500' } },
    );
    for (const c of calls) {
      const res = await treasurer.http().get(c.url).query(c.query);
      expect([c.url, c.query, res.status]).toEqual([c.url, c.query, 200]);
      // 公示表 is posted on every participating village's notice board: public among them (README, "Documents").
      if (c.url.endsWith('/publicity')) continue;
      expect([c.url, c.query, leaksOfOthers(res.body)]).toEqual([c.url, c.query, []]);
    }
    // Another village's records by id are not found, as if they did not exist.
    await treasurer.http().get(`${base}/payments/${ids.otherPayment}`).expect(404);
    await treasurer.http().get(`${base}/capital-events/${ids.otherEvent}`).expect(404);
    // The same routes give an accountant the whole project: the scan finds what it looks for.
    for (const url of [
      `${base}/runs/${ids.run}`,
      `${base}/payments`,
      `${base}/ledger/vouchers?pageSize=500`,
      `${base}/reports/trial-balance`,
    ]) {
      const whole = await t.http().get(url).expect(200);
      expect([url, leaksOfOthers(whole.body).length > 0]).toEqual([url, true]);
    }
  });

  it('shows the treasurer their own lines in full, and the project totals', async () => {
    const base = `/api/projects/${ids.project}`;
    const http = treasurer.http();
    const run = (await http.get(`${base}/runs/${ids.run}`).expect(200)).body;
    expect(run.result.villages.map((v: { code: string }) => v.code)).toEqual([mine.code]);
    expect(run.result.villages[0].trace.guaranteed).toContain(mine.guaranteed);
    expect(run.result).toMatchObject({ netProfit: '10000.00', guaranteedTotal: '44566.89', operatorTopUp: '34566.89' });
    expect(run.scenario.contributions).toEqual([{ village: mine.code, date: '2024-04-15', amount: mine.capital }]);
    expect(run.policy.guaranteed.amounts).toEqual({ [mine.code]: mine.guaranteed });
    expect(run.redacted).toContain(mine.code);
    // The run's hashes stay those of the whole documents, as the note says.
    const whole = (await t.http().get(`${base}/runs/${ids.run}`).expect(200)).body;
    expect([run.inputsHash, run.resultHash]).toEqual([whole.inputsHash, whole.resultHash]);
    expect(whole.redacted).toBeUndefined();

    const statement = (await http.get(`${base}/runs/${ids.run}/statement`).expect(200)).body;
    expect(statement.villages.map((v: { code: string }) => v.code)).toEqual([mine.code]);
    expect(statement.totals).toMatchObject({ netProfit: '10000.00', guaranteed: '44566.89' });

    const payments = (await http.get(`${base}/payments`).expect(200)).body;
    expect(payments.items.map((p: { bankReference: string }) => p.bankReference)).toEqual([mine.bank]);
    await http.get(`${base}/payments/${ids.myPayment}`).expect(200);
    expect((await http.get(`${base}/operator-payments`).expect(200)).body.items).toEqual([]);

    const events = (await http.get(`${base}/capital-events`).expect(200)).body;
    expect(events.items.map((e: { id: string }) => e.id)).toEqual([ids.myEvent]);
    const participants = (await http.get(`${base}/villages`).expect(200)).body;
    expect(participants.map((p: { code: string; capital: string | null }) => [p.code, p.capital])).toEqual([
      [mine.code, mine.capital],
      ...others.map((v) => [v.code, null]),
    ]);

    // The dividend voucher: the own line, the other villages' merged into 211, the voucher still balancing.
    const journal = (await http.get(`${base}/ledger/vouchers`).query({ pageSize: '500' }).expect(200)).body;
    const guaranteed = journal.items.find((v: { summary: string }) => v.summary === '2025年度保底分红');
    expect(guaranteed.lines).toEqual([
      { account: '322-01-GUAR', debit: '44566.89', credit: '0.00', memo: '' },
      { account: `211-${mine.code}`, debit: '0.00', credit: mine.guaranteed, memo: '' },
      { account: '211', debit: '0.00', credit: '23455.78', memo: '其他村合计' },
    ]);
    expect(guaranteed.redactedLines).toBe(2);
    expect(journal.redacted).toContain(mine.code);
    // The other villages' own vouchers (capital, payment) are not listed; the project's and the own village's are.
    const summaries = journal.items.map((v: { summary: string }) => v.summary);
    expect(summaries).toContain('运营方补齐2025年度保底分红差额');
    expect(journal.items.some((v: { lines: Array<{ account: string }> }) => v.lines.some((l) => l.account === `301-${mine.code}`))).toBe(
      true,
    );
    const all = (await t.http().get(`${base}/ledger/vouchers`).query({ pageSize: '500' }).expect(200)).body;
    expect(journal.total).toBe(all.total - 2 * others.length);

    const tb = (await http.get(`${base}/reports/trial-balance`).query({ asOf: '2026-12-31' }).expect(200)).body;
    const accounts = tb.rows.map((r: { account: string }) => r.account);
    expect(accounts).toEqual(expect.arrayContaining(['211', `211-${mine.code}`, '301', `301-${mine.code}`]));
    expect(accounts.filter((a: string) => others.some((v) => a.includes(v.code)))).toEqual([]);
    const closing = (account: string) => tb.rows.find((r: { account: string }) => r.account === account).closing;
    expect(closing('301')).toEqual({ side: 'credit', amount: '1048148.12' });
    expect(tb.balanced).toBe(true);
  });

  it("recomputes for a treasurer: the differences in their own and the project's lines, and how many others", async () => {
    const base = `/api/projects/${ids.project}`;
    // Records changed since the run: the project's name and every village's.
    await t.http().patch(base).send({ name: '范围测试项目（改）' }).expect(200);
    for (const v of [mine, ...others])
      await t
        .http()
        .patch(`/api/villages/${v.id}`)
        .send({ name: `${v.name}（改）` })
        .expect(200);
    const seen = (await treasurer.http().get(`${base}/runs/${ids.run}/recompute`).expect(200)).body;
    expect(seen.identical).toBe(true);
    expect(seen.records).toEqual({
      identical: false,
      differences: [
        { path: 'project.name', stored: '范围测试项目', now: '范围测试项目（改）' },
        { path: `villages[${mine.code}].name`, stored: mine.name, now: `${mine.name}（改）` },
      ],
      otherVillages: 2,
    });
    expect(leaksOfOthers(seen)).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain(others[0].code);
    const whole = (await t.http().get(`${base}/runs/${ids.run}/recompute`).expect(200)).body;
    expect(whole.records.differences).toHaveLength(4);
    expect(whole.records.otherVillages).toBeUndefined();
  });

  it('tells a treasurer whether and where the books are broken, not the details that quote other villages', async () => {
    const base = `/api/projects/${ids.project}`;
    // Behind the service's back: another village's payment row no longer says what the chain says.
    await t.db.query('UPDATE payment SET bank_reference = $2 WHERE id = $1', [ids.otherPayment, `${others[0].bank}-X`]);
    const whole = (await t.http().get(`${base}/ledger/verify`).expect(200)).body;
    expect(whole.ok).toBe(false);
    expect(JSON.stringify(whole.problems)).toContain(others[0].bank);
    const seen = (await treasurer.http().get(`${base}/ledger/verify`).expect(200)).body;
    expect(seen.ok).toBe(false);
    expect(seen.problems).toEqual(whole.problems.map((p: { table: string; id: string }) => ({ ...p, message: expect.any(String) })));
    expect(JSON.stringify(seen)).not.toContain(others[0].bank);
    expect(leaksOfOthers(seen)).toEqual([]);
  });
});

describe('access: a code where an id belongs, and the users the auditor reads', () => {
  let t: TestApp;
  const users = {} as Record<Role, SignedInUser>;
  let village: { id: string; code: string };
  let otherVillage: { id: string; code: string };
  let project: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    const create = async (path: string, body: object) => (await t.http().post(path).send(body).expect(201)).body;
    village = await create('/api/villages', { code: uniqueCode('V'), name: '程壁村' });
    otherVillage = await create('/api/villages', { code: uniqueCode('V'), name: '定湖村' });
    project = await create('/api/projects', { code: uniqueCode('P'), name: '编码测试项目' });
    await t.http().post(`/api/projects/${project.id}/villages`).send({ villageCode: village.code }).expect(201);
    for (const role of ROLES) users[role] = await t.signIn(role, role === 'treasurer' ? village.code : undefined);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers 404 saying an id (UUID) is expected, for every role, never a 403 about someone else's village", async () => {
    const urls = [
      `/api/villages/${village.code}/statement`,
      `/api/villages/${otherVillage.code}/statement`,
      `/api/villages/${village.code}`,
      `/api/projects/${project.code}/runs`,
      `/api/projects/${project.code}`,
      `/api/projects/${project.code}/villages`,
      `/api/projects/${project.code}/ledger/vouchers`,
      `/api/projects/${project.code}/reports/trial-balance`,
      `/api/projects/${encodeURIComponent('P 01')}/capital-events`,
    ];
    for (const role of ROLES) {
      for (const url of urls) {
        const res = await users[role].http().get(url);
        expect([role, url, res.status]).toEqual([role, url, 404]);
        expect(res.body.message).toMatch(/应为 id（UUID/);
      }
    }
    // A write names the project by code too: 404 past the role check, for the roles that may write.
    const res = await users.accountant.http().post(`/api/projects/${project.code}/runs`).send({ year: 2025 });
    expect([res.status, res.body.message]).toEqual([404, expect.stringMatching(/"projectId" 应为 id（UUID/)]);
    // The real ids still work, and a treasurer is still refused someone else's village by id.
    await users.treasurer.http().get(`/api/villages/${village.id}/statement`).expect(200);
    await users.treasurer.http().get(`/api/projects/${project.id}/runs`).expect(200);
    await users.treasurer.http().get(`/api/villages/${otherVillage.id}/statement`).expect(403);
  });

  it('lets the auditor read the user list and a user, never password data, and change nothing', async () => {
    const auditor = users.auditor.http();
    const list = await auditor.get('/api/users').query({ pageSize: 500 }).expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([users.admin.id, users.treasurer.id]));
    const one = await auditor.get(`/api/users/${users.treasurer.id}`).expect(200);
    expect(one.body).toMatchObject({ id: users.treasurer.id, role: 'treasurer' });
    for (const body of [list.body, one.body]) {
      const keys = objectsOf(body).flatMap((o) => Object.keys(o));
      expect(keys.filter((k) => /password|hash|salt|secret/i.test(k) && k !== 'mustChangePassword')).toEqual([]);
      expect(JSON.stringify(body)).not.toMatch(/scrypt|\$[A-Za-z0-9+/]{20,}/);
    }
    await auditor
      .post('/api/users')
      .send({ login: uniqueCode('x').toLowerCase(), displayName: 'x', role: 'auditor' })
      .expect(403);
    await auditor.patch(`/api/users/${users.treasurer.id}`).send({ enabled: false }).expect(403);
    await auditor.post(`/api/users/${users.treasurer.id}/reset-password`).expect(403);
    for (const role of ['accountant', 'treasurer'] as const) await users[role].http().get('/api/users').expect(403);
  });
});
