/**
 * 成员户 (issue 16): a village's households through the API — create, list, correct, leave — with the bank account
 * masked in every answer and in the audit trail, and the rules of who may write (村账乡代管).
 */
import { countRows, createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

describe('households', () => {
  let t: TestApp;
  let villageId: string;
  let villageCode: string;
  let treasurer: SignedInUser;
  let auditor: SignedInUser;
  let admin: SignedInUser;
  const base = () => `/api/villages/${villageId}/households`;

  beforeAll(async () => {
    t = await createTestApp();
    villageCode = uniqueCode('V');
    villageId = (await t.http().post('/api/villages').send({ code: villageCode, name: '东村' }).expect(201)).body.id;
    treasurer = await t.signIn('treasurer', villageCode);
    auditor = await t.signIn('auditor');
    admin = await t.signIn('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  async function auditOf(entityId: string) {
    return t.db.query(
      `SELECT action, actor_login AS actor, changes FROM audit_log WHERE entity = 'household' AND entity_id = $1 ORDER BY id`,
      [entityId],
    );
  }

  it('the treasurer registers a household; the answer masks the account, the audit trail too', async () => {
    const res = await treasurer
      .http()
      .post(base())
      .send({
        code: 'H001',
        headName: ' 弓长东 ',
        idLast4: '123X',
        bankName: '沁县农商行',
        bankAccount: '6217 0000 1234 1234',
        joinedOn: '2016-01-01',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      villageId,
      code: 'H001',
      headName: '弓长东',
      idLast4: '123X',
      bankName: '沁县农商行',
      bankAccountMasked: '6217 **** **** 1234',
      joinedOn: '2016-01-01',
      leftOn: null,
      leftReason: null,
    });
    expect(res.body).not.toHaveProperty('bankAccount');
    expect(JSON.stringify(res.body)).not.toContain('62170000');
    const [entry] = await auditOf(res.body.id);
    expect(entry.action).toBe('create');
    expect(entry.actor).toBe(treasurer.login);
    expect(entry.changes.bankAccountMasked).toBe('6217 **** **** 1234');
    expect(JSON.stringify(entry.changes)).not.toContain('6217000012341234');
    const [stored] = await t.db.query(`SELECT bank_account FROM household WHERE id = $1`, [res.body.id]);
    expect(stored.bank_account).toBe('6217000012341234');
  });

  it('refuses bad input naming the field, and a whole identity-card number saying only the last four are kept', async () => {
    const before = await countRows(t.db, 'household');
    const bad = async (body: object, field: string, text?: string) => {
      const res = await t.http().post(base()).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (text) expect(JSON.stringify(res.body)).toContain(text);
    };
    await bad({ code: 'H 1', headName: '张三' }, 'code');
    await bad({ code: 'H002', headName: '   ' }, 'headName');
    await bad({ code: 'H002', headName: '张三', idLast4: '14043019800101123X' }, 'idLast4', '只保存后四位');
    await bad({ code: 'H002', headName: '张三', idLast4: '12' }, 'idLast4');
    await bad({ code: 'H002', headName: '张三', bankAccount: '1234-5678-9012' }, 'bankAccount');
    await bad({ code: 'H002', headName: '张三', bankAccount: '1234567' }, 'bankAccount');
    await bad({ code: 'H002', headName: '张三', joinedOn: '2024-02-30' }, 'joinedOn');
    await bad({ code: 'H002', headName: '张三', idLast4: null }, 'idLast4');
    expect(await countRows(t.db, 'household')).toBe(before);
  });

  it('a code is unique in its village (409), and may be used again in another village', async () => {
    const res = await t.http().post(base()).send({ code: 'H001', headName: '张三' }).expect(409);
    expect(res.body.code).toBe('CODE_TAKEN');
    const other = uniqueCode('V');
    const otherId = (await t.http().post('/api/villages').send({ code: other, name: '西村' }).expect(201)).body.id;
    await t.http().post(`/api/villages/${otherId}/households`).send({ code: 'H001', headName: '张三' }).expect(201);
  });

  it('the accountant and the admin may write; the auditor may only read', async () => {
    await t.http().post(base()).send({ code: 'H002', headName: '张三', bankAccount: '12345678' }).expect(201);
    await admin.http().post(base()).send({ code: 'H003', headName: '欧阳娜娜' }).expect(201);
    const refused = await auditor.http().post(base()).send({ code: 'H004', headName: '李四' }).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const list = await auditor.http().get(base()).expect(200);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((h: { code: string }) => h.code)).toEqual(['H001', 'H002', 'H003']);
    expect(list.body.items[1].bankAccountMasked).toBe('**** **** 5678');
  });

  it('lists by text and state, paged', async () => {
    const page = await t.http().get(`${base()}?q=弓&pageSize=1`).expect(200);
    expect(page.body).toMatchObject({ total: 1, page: 1, pageSize: 1 });
    expect(page.body.items[0].code).toBe('H001');
    await t.http().get(`${base()}?state=gone`).expect(400);
  });

  it('a correction is audited before and after, the account masked, with bankAccountChanged', async () => {
    const h = (await t.http().get(`${base()}?q=H002`).expect(200)).body.items[0];
    const res = await treasurer
      .http()
      .patch(`${base()}/${h.id}`)
      .send({ bankAccount: '6228480012345678901', headName: '张三丰' })
      .expect(200);
    expect(res.body).toMatchObject({ headName: '张三丰', bankAccountMasked: '6228 **** **** 8901' });
    const entries = await auditOf(h.id);
    const update = entries[entries.length - 1];
    expect(update.action).toBe('update');
    expect(update.changes).toEqual({
      headName: { from: '张三', to: '张三丰' },
      bankAccountMasked: { from: '**** **** 5678', to: '6228 **** **** 8901' },
      bankAccountChanged: true,
    });
    const cleared = await t.http().patch(`${base()}/${h.id}`).send({ bankAccount: null, idLast4: '0012' }).expect(200);
    expect(cleared.body).toMatchObject({ bankAccountMasked: null, idLast4: '0012' });
    const taken = await t.http().patch(`${base()}/${h.id}`).send({ code: 'H001' }).expect(409);
    expect(taken.body.code).toBe('CODE_TAKEN');
    await t.http().patch(`${base()}/${h.id}`).send({ code: null }).expect(400);
  });

  it('a household leaves once, not before it joined', async () => {
    const h = (await t.http().get(`${base()}?q=H001`).expect(200)).body.items[0];
    await t.http().post(`${base()}/${h.id}/leave`).send({ date: '2015-12-31', reason: '迁出' }).expect(400);
    await t.http().post(`${base()}/${h.id}/leave`).send({ date: '2025-06-30' }).expect(400);
    const left = await treasurer.http().post(`${base()}/${h.id}/leave`).send({ date: '2025-06-30', reason: '全户迁出' }).expect(201);
    expect(left.body).toMatchObject({ leftOn: '2025-06-30', leftReason: '全户迁出' });
    const again = await t.http().post(`${base()}/${h.id}/leave`).send({ date: '2025-07-01', reason: '迁出' }).expect(409);
    expect(again.body.code).toBe('ALREADY_LEFT');
    const active = await t.http().get(`${base()}?state=active`).expect(200);
    expect(active.body.items.map((x: { code: string }) => x.code)).not.toContain('H001');
    const gone = await t.http().get(`${base()}?state=left`).expect(200);
    expect(gone.body.items.map((x: { code: string }) => x.code)).toEqual(['H001']);
  });

  it('an unknown or malformed household id is not found', async () => {
    await t.http().get(`${base()}/00000000-0000-0000-0000-000000000001`).expect(404);
    await t.http().get(`${base()}/nope`).expect(404);
    await t.http().get(`/api/villages/not-an-id/households`).expect(404);
    await t.http().get(`/api/villages/00000000-0000-0000-0000-000000000001/households`).expect(404);
  });
});
