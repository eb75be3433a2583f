/**
 * Members' personal data (spec/households.md): the treasurer of another village is refused the households and the
 * bank account; the auditor and the accountant see only masked numbers; no answer ever holds a whole account (the
 * JSON text is searched); every unmasked read — the treasurer's own, or a payment file's through
 * HouseholdsService.unmaskedAccounts — is an entry of the audit trail.
 */
import { HouseholdsService } from '../../src/households/households.service';
import { systemActor } from '../../src/platform/context/actor';
import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

describe('privacy of the member register', () => {
  let t: TestApp;
  let villageId: string;
  let otherVillageId: string;
  let householdId: string;
  let treasurer: SignedInUser;
  let otherTreasurer: SignedInUser;
  let auditor: SignedInUser;
  let admin: SignedInUser;
  const ACCOUNT = '6217000012341234';
  const base = () => `/api/villages/${villageId}/households`;

  beforeAll(async () => {
    t = await createTestApp();
    const code = uniqueCode('V');
    const other = uniqueCode('V');
    villageId = (await t.http().post('/api/villages').send({ code, name: '东村' }).expect(201)).body.id;
    otherVillageId = (await t.http().post('/api/villages').send({ code: other, name: '西村' }).expect(201)).body.id;
    treasurer = await t.signIn('treasurer', code);
    otherTreasurer = await t.signIn('treasurer', other);
    auditor = await t.signIn('auditor');
    admin = await t.signIn('admin');
    householdId = (
      await treasurer
        .http()
        .post(base())
        .send({ code: 'H001', headName: '弓长东', bankName: '沁县农商行', bankAccount: '6217 0000 1234 1234' })
        .expect(201)
    ).body.id;
    await treasurer
      .http()
      .post(`/api/villages/${villageId}/share-registers`)
      .send({
        registeredOn: '2024-12-31',
        kinds: [{ code: 'POP', name: '人口股' }],
        holdings: [{ household: 'H001', kind: 'POP', units: '3' }],
      })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  const unmaskedReads = async () =>
    t.db.query(
      `SELECT actor_login AS actor, entity, entity_id AS "entityId", changes FROM audit_log WHERE action = 'read-unmasked' AND (entity_id = $1 OR entity_id = $2) ORDER BY id`,
      [householdId, villageId],
    );

  it('the treasurer of another village is refused every route of this village', async () => {
    const other = otherTreasurer.http;
    await other().get(base()).expect(403);
    await other().get(`${base()}/${householdId}`).expect(403);
    await other().get(`${base()}/${householdId}/bank-account`).expect(403);
    await other().patch(`${base()}/${householdId}`).send({ headName: '某某' }).expect(403);
    await other().post(`${base()}/${householdId}/leave`).send({ date: '2025-01-01', reason: '迁出' }).expect(403);
    await other().post(base()).send({ code: 'H009', headName: '某某' }).expect(403);
    await other().get(`/api/villages/${villageId}/share-registers`).expect(403);
    // their own village's path does not reach another village's household
    await other().get(`/api/villages/${otherVillageId}/households/${householdId}`).expect(404);
    await other().get(`/api/villages/${otherVillageId}/households/${householdId}/bank-account`).expect(404);
  });

  it('no answer holds the whole account: list, one household, a correction, registers', async () => {
    for (const user of [t.accountant, auditor, admin, treasurer]) {
      for (const path of [base(), `${base()}/${householdId}`, `/api/villages/${villageId}/share-registers`]) {
        const res = await user.http().get(path).expect(200);
        expect(res.text).not.toContain(ACCOUNT);
        expect(res.text).not.toContain('0000 1234 1234');
      }
    }
    const listed = (await auditor.http().get(base()).expect(200)).body.items[0];
    expect(listed.bankAccountMasked).toBe('6217 **** **** 1234');
    const corrected = await t.http().patch(`${base()}/${householdId}`).send({ bankName: '沁县信用社' }).expect(200);
    expect(corrected.text).not.toContain(ACCOUNT);
    const trail = await t.db.query(`SELECT changes::text AS changes FROM audit_log WHERE entity = 'household' AND entity_id = $1`, [
      householdId,
    ]);
    for (const e of trail) expect(e.changes ?? '').not.toContain(ACCOUNT);
  });

  it('only the village treasurer reads the whole account; the accountant, admin and auditor are refused', async () => {
    for (const user of [t.accountant, admin, auditor]) {
      const res = await user.http().get(`${base()}/${householdId}/bank-account`).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await unmaskedReads()).toEqual([]);
    const res = await treasurer.http().get(`${base()}/${householdId}/bank-account`).expect(200);
    expect(res.body).toEqual({ bankName: '沁县信用社', bankAccount: ACCOUNT });
    await treasurer.http().get(`${base()}/${householdId}/bank-account`).expect(200);
    const reads = await unmaskedReads();
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ actor: treasurer.login, entity: 'household', entityId: householdId, changes: { code: 'H001' } });
  });

  it('a payment file reads the accounts unmasked through the service, audited once with its purpose', async () => {
    const households = t.app.get(HouseholdsService);
    const accountant = { userId: t.accountant.id, login: t.accountant.login, role: 'accountant' as const, villageId: null };
    const rows = await households.unmaskedAccounts(accountant, villageId, [householdId], '2024年度成员分红支付文件');
    expect(rows).toEqual([{ id: householdId, code: 'H001', headName: '弓长东', bankName: '沁县信用社', bankAccount: ACCOUNT }]);
    const last = (await unmaskedReads()).pop();
    expect(last).toMatchObject({
      actor: t.accountant.login,
      entity: 'household-accounts',
      entityId: villageId,
      changes: { purpose: '2024年度成员分红支付文件', households: ['H001'] },
    });
    const auditorActor = { userId: auditor.id, login: auditor.login, role: 'auditor' as const, villageId: null };
    await expect(households.unmaskedAccounts(auditorActor, villageId, [householdId], 'x')).rejects.toMatchObject({ status: 403 });
    const stranger = { userId: otherTreasurer.id, login: otherTreasurer.login, role: 'treasurer' as const, villageId: otherVillageId };
    await expect(households.unmaskedAccounts(stranger, villageId, [householdId], 'x')).rejects.toMatchObject({ status: 403 });
    await expect(households.unmaskedAccounts(systemActor('test'), otherVillageId, [householdId], 'x')).rejects.toMatchObject({
      entity: '户',
    });
  });
});
