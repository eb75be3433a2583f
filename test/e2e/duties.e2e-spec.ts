import request from 'supertest';
import { createTestApp, SignedInUser, TEST_PASSWORD, TestApp, uniqueCode } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

/**
 * Separation of duties (issue 9, "Also"): an admin drafted a run, created a
 * second accountant account, signed in as it, approved, and posted. The admin
 * manages users and does not prepare, approve or post money; and a run cannot
 * be approved through an account its preparer created or last changed.
 */
describe('duties: the admin manages users, accountants keep the books', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.signIn('admin');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
  });
  afterAll(async () => {
    await t.close();
  });

  /** An account `creator` makes through the API, signed in with its password as its owner would. */
  async function accountBy(creator: SignedInUser, role: 'accountant' | 'admin'): Promise<SignedInUser> {
    const login = uniqueCode('kj').toLowerCase();
    const created = await creator.http().post('/api/users').send({ login, displayName: login, role, password: TEST_PASSWORD }).expect(201);
    const token: string = (await t.anonymous().post('/api/auth/login').send({ login, password: TEST_PASSWORD }).expect(200)).body
      .accessToken;
    return { id: created.body.id, login, token, http: () => request.agent(t.app.getHttpServer()).set('Authorization', `Bearer ${token}`) };
  }

  it("stops the issue's attack at the first money step: the admin cannot draft, approve, post or pay", async () => {
    const res = await admin.http().post(`${base()}/runs`).send({ year: 2024 }).expect(403);
    expect(res.body.message).toBe('系统管理员（"admin"）无权执行此操作');
    // The puppet the attack would sign in as can be created (users are the admin's), but the admin's own hands stay off the books.
    const puppet = await accountBy(admin, 'accountant');
    const draft = (await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201)).body;
    await admin.http().post(`${base()}/runs/${draft.id}/approve`).expect(403);
    await admin.http().post(`${base()}/runs/${draft.id}/post`).send({ date: '2025-03-31' }).expect(403);
    await admin
      .http()
      .post(`${base()}/payments`)
      .send({ villageCode: park.villages[0].code, amount: '1.00', date: '2025-04-01', bankReference: 'A-1' })
      .expect(403);
    await admin.http().post(`${base()}/capital-events`).send({}).expect(403);
    await admin.http().post(`${base()}/results`).send({}).expect(403);
    await admin.http().post(`${base()}/policies`).send({}).expect(403);
    await admin.http().post(`${base()}/years/2024/close`).expect(403);
    // Nor through the puppet: it may approve only what someone else prepared, and the admin prepares nothing.
    await puppet.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201);
    expect((await t.db.query('SELECT created_by AS "createdBy" FROM app_user WHERE id = $1', [puppet.id]))[0]).toEqual({
      createdBy: admin.id,
    });
  });

  it('refuses an approval through an account the preparer created, after the preparer became an accountant', async () => {
    const former = await t.signIn('admin');
    const puppet = await accountBy(former, 'accountant');
    // Another admin moves the first one to the books: from now on they may prepare, but not through their own creation.
    const other = await t.signIn('admin');
    await other.http().patch(`/api/users/${former.id}`).send({ role: 'accountant' }).expect(200);
    const draft = (await former.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201)).body;
    const refused = await puppet.http().post(`${base()}/runs/${draft.id}/approve`).expect(409);
    expect(refused.body.message).toBe('你的账号是编制这次分红计算的用户创建或最后修改的：须由另一位会计审核');
    // The other way round: the puppet prepares, its creator approves.
    const mirror = (await puppet.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201)).body;
    const refused2 = await former.http().post(`${base()}/runs/${mirror.id}/approve`).expect(409);
    expect(refused2.body.message).toBe('编制这次分红计算的用户，其账号是你创建或最后修改的：须由另一位会计审核');
    const independent = await t.signIn('accountant');
    await independent.http().post(`${base()}/runs/${draft.id}/approve`).expect(200);
  });

  it('records who prepared, approved, posted and reversed a run, by id and login', async () => {
    const checker = await t.signIn('accountant');
    const reverser = await t.signIn('accountant');
    const draft = (await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201)).body;
    await checker.http().post(`${base()}/runs/${draft.id}/approve`).expect(200);
    await checker.http().post(`${base()}/runs/${draft.id}/post`).send({ date: '2025-03-31' }).expect(200);
    await reverser.http().post(`${base()}/runs/${draft.id}/reverse`).send({ date: '2025-04-01' }).expect(200);
    const run = (await t.http().get(`${base()}/runs/${draft.id}`).expect(200)).body;
    expect(run).toMatchObject({
      status: 'reversed',
      preparedBy: t.accountant.id,
      preparedByLogin: t.accountant.login,
      approvedBy: checker.id,
      approvedByLogin: checker.login,
      postedBy: checker.id,
      postedByLogin: checker.login,
      postingDate: '2025-03-31',
      reversedBy: reverser.id,
      reversedByLogin: reverser.login,
      reversalDate: '2025-04-01',
    });
  });
});
