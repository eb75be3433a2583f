import { createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

/**
 * A village's distribution policies to its members (issue 16): versions by the year they take effect, written by the
 * village's treasurer (村账乡代管) or the accountant and admin, read by the auditor too; every bad field named; a
 * version a posted village run used cannot change, nor be taken over by a new version, until the run is reversed.
 */
describe('village policies /api/villages/:villageId/policies', () => {
  let t: TestApp;
  let villageId: string;
  let otherVillageId: string;
  let treasurer: SignedInUser;
  let otherTreasurer: SignedInUser;
  let auditor: SignedInUser;
  let admin: SignedInUser;
  const base = () => `/api/villages/${villageId}/policies`;
  const policy = {
    keeps: [
      { code: 'reserve', name: '公积公益金', rate: '0.10' },
      { code: 'welfare', name: '公益事业', amount: '2000.00' },
    ],
    weights: { POP: '1', LAB: '0.5', LAND: '1', AID: '1' },
  };

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
    const other = (
      await t
        .http()
        .post('/api/villages')
        .send({ code: uniqueCode('V'), name: '另一村', townshipCode: township.code })
        .expect(201)
    ).body;
    villageId = village.id;
    otherVillageId = other.id;
    treasurer = await t.signIn('treasurer', village.code);
    otherTreasurer = await t.signIn('treasurer', other.code);
    auditor = await t.signIn('auditor');
    admin = await t.signIn('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it("the village's treasurer sets a version; it is audited; the same year twice is a conflict", async () => {
    const created = (await treasurer.http().post(base()).send({ effectiveFromYear: 2025, policy, memo: '成员代表大会决议' }).expect(201))
      .body;
    expect(created).toEqual({
      id: expect.any(String),
      villageId,
      effectiveFromYear: 2025,
      version: 1,
      document: policy,
      memo: '成员代表大会决议',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const audit = await t.db.query(
      `SELECT action, actor_login AS actor FROM audit_log WHERE entity = 'village-policy' AND entity_id = $1`,
      [created.id],
    );
    expect(audit).toEqual([{ action: 'create', actor: treasurer.login }]);
    const again = await treasurer.http().post(base()).send({ effectiveFromYear: 2025, policy }).expect(409);
    expect(again.body.code).toBe('VILLAGE_POLICY_EXISTS');
  });

  it('names every bad field of the document, in Chinese, and stores nothing', async () => {
    const res = await t
      .http()
      .post(base())
      .send({
        effectiveFromYear: 2030,
        policy: { keeps: [{ code: 'reserve', rate: '0.10' }, { code: 'welfare', amount: '-5.00' }, { code: 'x' }], weights: { POP: '0' } },
      })
      .expect(400);
    const fields = res.body.errors.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['policy.keeps[1].amount', 'policy.keeps[2]', 'policy.weights']));
    expect(JSON.stringify(res.body)).toMatch(/[\u4e00-\u9fff]/);
    await t.http().get(`${base()}/2030`).expect(404);
    await t.http().post(base()).send({ effectiveFromYear: 2030 }).expect(400);
  });

  it('reads: list, in force for a year, one version; the auditor reads too', async () => {
    await t
      .http()
      .post(base())
      .send({ effectiveFromYear: 2027, policy: { weights: { POP: '1' } } })
      .expect(201);
    const list = (await auditor.http().get(base()).expect(200)).body;
    expect(list.map((p: { effectiveFromYear: number }) => p.effectiveFromYear)).toEqual([2025, 2027]);
    expect((await auditor.http().get(`${base()}/in-force?year=2026`).expect(200)).body.effectiveFromYear).toBe(2025);
    expect((await treasurer.http().get(`${base()}/in-force?year=2099`).expect(200)).body.effectiveFromYear).toBe(2027);
    await t.http().get(`${base()}/in-force?year=2024`).expect(404);
    await t.http().get(`${base()}/in-force?year=abc`).expect(400);
    expect((await t.http().get(`${base()}/2025`).expect(200)).body.document).toEqual(policy);
  });

  it('the accountant may change a version (its version number goes up); the admin, the auditor and another village may not', async () => {
    const changed = { ...policy, weights: { ...policy.weights, LAB: '0.6' } };
    const a = (await t.http().put(`${base()}/2025`).send({ policy: changed }).expect(200)).body;
    expect([a.version, a.document, a.memo]).toEqual([2, changed, '成员代表大会决议']);
    // A village's money is not the admin's (roles.ts `villageMoney`), as a project's is not.
    expect((await admin.http().put(`${base()}/2025`).send({ policy, memo: '更正' }).expect(403)).body.code).toBe('FORBIDDEN');
    const b = (await t.http().put(`${base()}/2025`).send({ policy, memo: '更正' }).expect(200)).body;
    expect([b.version, b.document, b.memo]).toEqual([3, policy, '更正']);
    expect((await auditor.http().put(`${base()}/2025`).send({ policy }).expect(403)).body.code).toBe('FORBIDDEN');
    await auditor.http().post(base()).send({ effectiveFromYear: 2031, policy }).expect(403);
    await otherTreasurer.http().get(base()).expect(403);
    await otherTreasurer.http().post(base()).send({ effectiveFromYear: 2031, policy }).expect(403);
    await t.http().put(`${base()}/2026`).send({ policy }).expect(404);
    await t
      .http()
      .put(`${base()}/2025`)
      .send({ policy: { weights: { POP: 'x' } } })
      .expect(400);
    const audit = await t.db.query(
      `SELECT action, actor_login AS actor FROM audit_log WHERE entity = 'village-policy' AND entity_id = $1 AND action = 'update' ORDER BY id`,
      [a.id],
    );
    expect(audit).toEqual([
      { action: 'update', actor: t.accountant.login },
      { action: 'update', actor: t.accountant.login },
    ]);
    // Another village's versions are its own.
    expect((await t.http().get(`/api/villages/${otherVillageId}/policies`).expect(200)).body).toEqual([]);
  });

  it('a version a posted run used cannot change, nor be taken over by a new version, until the run is reversed', async () => {
    const [register] = await t.db.query(
      `INSERT INTO share_register (village_id, registered_on, created_by_login) VALUES ($1, '2025-12-31', 'test') RETURNING id`,
      [villageId],
    );
    const postedRun = async (year: number, fromYear: number) =>
      (
        await t.db.query(
          `INSERT INTO village_run (village_id, year, status, register_id, policy_from_year, policy_version, input_json, policy_json,
             result_json, inputs_hash, result_hash, policy_hash, prepared_by_login)
           VALUES ($1, $2, 'posted', $3, $4, 1, '{}', '{}', '{}', repeat('0', 64), repeat('0', 64), repeat('0', 64), 'test') RETURNING id`,
          [villageId, year, register.id, fromYear],
        )
      )[0].id as string;
    const run2025 = await postedRun(2025, 2025);
    const refused = await t.http().put(`${base()}/2025`).send({ policy }).expect(409);
    expect([refused.body.code, refused.body.errors[0].field]).toEqual(['USED_BY_POSTED_RUN', 'policy']);
    // A version of 2024 governs 2024 only (2025's takes over in 2025): allowed. One of 2026 governs 2026 only: allowed.
    await t.http().post(base()).send({ effectiveFromYear: 2024, policy }).expect(201);
    await t.http().post(base()).send({ effectiveFromYear: 2026, policy }).expect(201);
    // A run of 2028 under the version of 2027: a new version of 2028 would take it over.
    const run2028 = await postedRun(2028, 2027);
    const takeover = await treasurer.http().post(base()).send({ effectiveFromYear: 2028, policy }).expect(409);
    expect([takeover.body.code, takeover.body.errors[0].field]).toEqual(['USED_BY_POSTED_RUN', 'effectiveFromYear']);
    await t.http().put(`${base()}/2027`).send({ policy }).expect(409);
    await t.http().post(base()).send({ effectiveFromYear: 2029, policy }).expect(201);
    // Reversed, the versions may change again.
    await t.db.query(`UPDATE village_run SET status = 'reversed' WHERE id = ANY($1)`, [[run2025, run2028]]);
    await t.http().put(`${base()}/2025`).send({ policy }).expect(200);
    await t.http().post(base()).send({ effectiveFromYear: 2028, policy }).expect(201);
  });
});
