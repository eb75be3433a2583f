import { canonicalJson, sha256Hex } from '../../src/core/distribution';
import { Clock } from '../../src/platform/clock/clock';
import { createTestApp, TestApp } from '../support/test-app';
import { buildPark, fixture, Park } from './ledger.fixture';

/** Every policy version set (created or replaced) is a policy.set event of the project's chain (issue 9, bug 7). */
describe('policy versions in the event chain', () => {
  let t: TestApp;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;
  const policy = fixture('05a-carry-forward-loss-2024.json').policy;
  const changed = { ...policy, guaranteed: { type: 'rate', rate: '0.07' } };

  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function policyEvents() {
    const rows: Array<{ subjectId: string; date: string; actor: string; payload: string }> = await t.db.query(
      `SELECT subject_id AS "subjectId", to_char(event_date, 'YYYY-MM-DD') AS date, actor_login AS actor, payload
         FROM ledger_event WHERE book_id = $1 AND kind = 'policy.set' ORDER BY sequence`,
      [park.projectId],
    );
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) }));
  }

  it('creating and replacing a version each record the stored document hash; a refused change records nothing', async () => {
    await t.http().put(`${base()}/policies/2024`).send({ policy: changed }).expect(200);
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2025, policy }).expect(201);
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2025, policy: changed }).expect(409);
    const v2024 = (await t.http().get(`${base()}/policies/2024`).expect(200)).body;
    const v2025 = (await t.http().get(`${base()}/policies/2025`).expect(200)).body;
    const hash = (document: unknown) => sha256Hex(canonicalJson(document));
    const today = t.app.get(Clock).today();
    const who = t.accountant.login;
    expect(await policyEvents()).toEqual([
      { subjectId: v2024.id, date: today, actor: who, payload: { effectiveFromYear: 2024, documentHash: hash(policy) } },
      { subjectId: v2024.id, date: today, actor: who, payload: { effectiveFromYear: 2024, documentHash: hash(changed) } },
      { subjectId: v2025.id, date: today, actor: who, payload: { effectiveFromYear: 2025, documentHash: hash(v2025.document) } },
    ]);
    expect(hash(v2024.document)).toBe(hash(changed));
    const verify = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(verify.body.ok).toBe(true);
  });
});
