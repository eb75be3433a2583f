/**
 * 股权登记 (issue 16): versions of a village's share register by registration date, append-only, with the version in
 * force on a date, as the API answers it and as ShareRegistersService.inForce gives it to the village's runs.
 */
import { ShareRegistersService } from '../../src/households/share-registers.service';
import { countRows, createTestApp, SignedInUser, TestApp, uniqueCode } from '../support/test-app';

describe('share registers', () => {
  let t: TestApp;
  let villageId: string;
  let treasurer: SignedInUser;
  let auditor: SignedInUser;
  const ids: Record<string, string> = {};
  const base = () => `/api/villages/${villageId}/share-registers`;
  const kinds = [
    { code: 'POP', name: '人口股' },
    { code: 'LAB', name: '劳龄股' },
    { code: 'AID', name: '帮扶股' },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    const code = uniqueCode('V');
    villageId = (await t.http().post('/api/villages').send({ code, name: '东村' }).expect(201)).body.id;
    treasurer = await t.signIn('treasurer', code);
    auditor = await t.signIn('auditor');
    const households = `/api/villages/${villageId}/households`;
    for (const [c, name, joinedOn] of [
      ['H001', '弓长东', '2010-01-01'],
      ['H002', '张三', '2010-01-01'],
      ['H003', '欧阳娜娜', '2010-01-01'],
      ['H004', '李四', '2025-03-01'],
    ]) {
      ids[c] = (await t.http().post(households).send({ code: c, headName: name, joinedOn }).expect(201)).body.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('the treasurer registers a version; its totals by kind are exact', async () => {
    const res = await treasurer
      .http()
      .post(base())
      .send({
        registeredOn: '2024-12-31',
        kinds,
        holdings: [
          { household: 'H002', kind: 'POP', units: '4' },
          { household: 'H001', kind: 'POP', units: '3' },
          { household: 'H001', kind: 'LAB', units: '1.5' },
          { household: 'H003', kind: 'LAB', units: '0.333333' },
          { household: 'H003', kind: 'AID', units: '1' },
        ],
        memo: '2024年成员代表大会确认',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      villageId,
      registeredOn: '2024-12-31',
      memo: '2024年成员代表大会确认',
      createdBy: treasurer.login,
      kinds,
    });
    expect(res.body.holdings).toEqual([
      { householdId: ids.H001, householdCode: 'H001', headName: '弓长东', kind: 'POP', units: '3' },
      { householdId: ids.H001, householdCode: 'H001', headName: '弓长东', kind: 'LAB', units: '1.5' },
      { householdId: ids.H002, householdCode: 'H002', headName: '张三', kind: 'POP', units: '4' },
      { householdId: ids.H003, householdCode: 'H003', headName: '欧阳娜娜', kind: 'LAB', units: '0.333333' },
      { householdId: ids.H003, householdCode: 'H003', headName: '欧阳娜娜', kind: 'AID', units: '1' },
    ]);
    expect(res.body.totals).toEqual([
      { kind: 'POP', name: '人口股', units: '7' },
      { kind: 'LAB', name: '劳龄股', units: '1.833333' },
      { kind: 'AID', name: '帮扶股', units: '1' },
    ]);
    const [entry] = await t.db.query(`SELECT action, changes FROM audit_log WHERE entity = 'share-register' AND entity_id = $1`, [
      res.body.id,
    ]);
    expect(entry.action).toBe('create');
    expect(entry.changes).toMatchObject({ registeredOn: '2024-12-31', households: 3, holdings: 5 });
  });

  it('a second register of the same date is refused (409): versions are never changed', async () => {
    const res = await t
      .http()
      .post(base())
      .send({ registeredOn: '2024-12-31', kinds, holdings: [{ household: 'H001', kind: 'POP', units: '1' }] })
      .expect(409);
    expect(res.body.code).toBe('REGISTER_EXISTS');
  });

  it('refuses a bad register naming every field, storing nothing', async () => {
    const before = await countRows(t.db, 'share_register');
    const res = await t
      .http()
      .post(base())
      .send({
        registeredOn: '2025-01-01',
        kinds,
        holdings: [
          { household: 'H001', kind: 'LAND', units: '1' },
          { household: 'H009', kind: 'POP', units: '1' },
          { household: 'H004', kind: 'POP', units: '1' },
          { household: 'H002', kind: 'POP', units: '0' },
          { household: 'H002', kind: 'LAB', units: '1.1234567' },
          { household: 'H003', kind: 'POP', units: '1' },
          { household: 'H003', kind: 'POP', units: '2' },
        ],
      })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['holdings[4].units', 'holdings[3].units']),
    );
    // class-validator refuses the malformed units first; the rules then name the rest
    const rules = await t
      .http()
      .post(base())
      .send({
        registeredOn: '2025-01-01',
        kinds,
        holdings: [
          { household: 'H001', kind: 'LAND', units: '1' },
          { household: 'H009', kind: 'POP', units: '1' },
          { household: 'H004', kind: 'POP', units: '1' },
          { household: 'H003', kind: 'POP', units: '1' },
          { household: 'H003', kind: 'POP', units: '2' },
        ],
      })
      .expect(400);
    expect(rules.body.code).toBe('INVALID_REGISTER');
    expect(rules.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'holdings[0].kind',
      'holdings[1].household',
      'holdings[2].household',
      'holdings[4].kind',
    ]);
    await t.http().post(base()).send({ registeredOn: '2025-01-01', kinds: [], holdings: [] }).expect(400);
    await t
      .http()
      .post(base())
      .send({ registeredOn: '2025-01-01', kinds: [kinds[0], kinds[0]], holdings: [] })
      .expect(400);
    expect(await countRows(t.db, 'share_register')).toBe(before);
  });

  it('the auditor reads but may not register', async () => {
    const holdings = [{ household: 'H001', kind: 'POP', units: '1' }];
    const res = await auditor.http().post(base()).send({ registeredOn: '2026-01-01', kinds, holdings }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await auditor.http().get(base()).expect(200);
  });

  it('a household that left is not in a later register, and cannot leave before a register that holds it', async () => {
    await t.http().post(`/api/villages/${villageId}/households/${ids.H002}/leave`).send({ date: '2024-12-30', reason: '迁出' }).expect(409);
    await t
      .http()
      .post(`/api/villages/${villageId}/households/${ids.H002}/leave`)
      .send({ date: '2025-06-30', reason: '全户迁出' })
      .expect(201);
    const refused = await t
      .http()
      .post(base())
      .send({ registeredOn: '2025-12-31', kinds, holdings: [{ household: 'H002', kind: 'POP', units: '4' }] })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('已于 2025-06-30 退出');
    await t
      .http()
      .post(base())
      .send({
        registeredOn: '2025-12-31',
        kinds: kinds.slice(0, 2),
        holdings: [
          { household: 'H001', kind: 'POP', units: '3' },
          { household: 'H004', kind: 'POP', units: '2.5' },
        ],
      })
      .expect(201);
  });

  it('lists the versions with counts and totals; the version in force on a date', async () => {
    const list = (await t.http().get(base()).expect(200)).body;
    expect(list.map((r: { registeredOn: string }) => r.registeredOn)).toEqual(['2024-12-31', '2025-12-31']);
    expect(list[0]).toMatchObject({ householdCount: 3, holdingCount: 5 });
    expect(list[1]).toMatchObject({
      householdCount: 2,
      holdingCount: 2,
      totals: [
        { kind: 'POP', name: '人口股', units: '5.5' },
        { kind: 'LAB', name: '劳龄股', units: '0' },
      ],
    });
    const inForce = async (date: string) => (await t.http().get(`${base()}/in-force?date=${date}`)).body;
    expect((await inForce('2025-06-30')).registeredOn).toBe('2024-12-31');
    expect((await inForce('2025-12-31')).registeredOn).toBe('2025-12-31');
    await t.http().get(`${base()}/in-force?date=2024-12-30`).expect(404);
    await t.http().get(`${base()}/in-force?date=2024-13-01`).expect(400);
    const one = await t.http().get(`${base()}/${list[0].id}`).expect(200);
    expect(one.body.holdings).toHaveLength(5);
    await t.http().get(`${base()}/00000000-0000-0000-0000-000000000001`).expect(404);
  });

  it('ShareRegistersService.inForce: the version in force, units in millionths', async () => {
    const registers = t.app.get(ShareRegistersService);
    expect(await registers.inForce(villageId, '2024-06-30')).toBeNull();
    const r = await registers.inForce(villageId, '2024-12-31');
    expect(r).toMatchObject({ registeredOn: '2024-12-31', kinds });
    expect(r!.holdings).toContainEqual({
      householdId: ids.H003,
      householdCode: 'H003',
      headName: '欧阳娜娜',
      kind: 'LAB',
      units: 333_333n,
    });
    expect(r!.holdings.reduce((s, h) => s + h.units, 0n)).toBe(9_833_333n);
  });
});
