import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, fixture, Park } from './ledger.fixture';

/**
 * The policy version in force for a year with a posted, unreversed run cannot
 * be changed or replaced, nor can the result and the capital events the run
 * used; corrections are new events or a reversal of the run (issue 9, bug 5).
 */
describe('what a posted run used cannot change', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;
  const policy = fixture('05a-carry-forward-loss-2024.json').policy;
  const changed = { ...policy, guaranteed: { type: 'rate', rate: '0.07' } };
  const runs: Record<number, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    await addResult(t, park.projectId, 2025, '2650000.00', '2000000.00');
  });
  afterAll(async () => {
    await t.close();
  });

  async function post(year: number, date: string): Promise<void> {
    const draft = await t.http().post(`${base()}/runs`).send({ year }).expect(201);
    await checker.http().post(`${base()}/runs/${draft.body.id}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${draft.body.id}/post`).send({ date }).expect(200);
    runs[year] = draft.body.id;
  }

  it('before any run is posted, the 2024 version can be replaced', async () => {
    await t.http().put(`${base()}/policies/2024`).send({ policy: changed }).expect(200);
    await t.http().put(`${base()}/policies/2024`).send({ policy }).expect(200);
  });

  it('once 2024 is posted, PUT /policies/2024 is refused (409 naming policy) and the version stays as it was', async () => {
    await post(2024, '2025-03-31');
    const res = await t.http().put(`${base()}/policies/2024`).send({ policy: changed, memo: 'too late' }).expect(409);
    expect(res.body.errors).toEqual([{ field: 'policy', message: expect.stringContaining('2024') }]);
    const now = await t.http().get(`${base()}/policies/2024`).expect(200);
    expect(now.body.document).toEqual(policy);
    expect(now.body.memo).toBeNull();
    // The posted year rebuilt from today's records still gives what was posted.
    const recompute = await t.http().get(`${base()}/runs/${runs[2024]}/recompute`).expect(200);
    expect(recompute.body.identical).toBe(true);
    expect(recompute.body.records).toEqual({ identical: true, differences: [] });
  });

  it('a new version may take effect in a year no posted run used (before or after 2024)', async () => {
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2023, policy: changed }).expect(201);
    await t.http().put(`${base()}/policies/2023`).send({ policy }).expect(200);
  });

  it('a new version that would take over a posted year (2025, run under the 2024 version) is refused (409 naming effectiveFromYear)', async () => {
    await post(2025, '2026-03-31');
    const res = await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2025, policy: changed }).expect(409);
    expect(res.body.errors).toEqual([{ field: 'effectiveFromYear', message: expect.stringContaining('2025') }]);
    const inForce = await t.http().get(`${base()}/policies/in-force?year=2025`).expect(200);
    expect(inForce.body.effectiveFromYear).toBe(2024);
    // 2026 has no posted run: a version from 2026 on is accepted, and can be corrected.
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2026, policy: changed }).expect(201);
    await t.http().put(`${base()}/policies/2026`).send({ policy }).expect(200);
  });

  it('after the 2025 run is reversed, a version may take over 2025; 2024 stays fixed', async () => {
    await t.http().post(`${base()}/runs/${runs[2025]}/reverse`).send({}).expect(200);
    await t.http().post(`${base()}/policies`).send({ effectiveFromYear: 2025, policy: changed }).expect(201);
    await t.http().put(`${base()}/policies/2025`).send({ policy }).expect(200);
    await t.http().put(`${base()}/policies/2024`).send({ policy: changed }).expect(409);
  });

  it('the result and the capital events the 2024 run used are refused too, naming the field; other fields still change', async () => {
    const result = await t.http().patch(`${base()}/results/2024`).send({ revenue: '990000.00' }).expect(409);
    expect(result.body.errors).toEqual([{ field: 'year', message: expect.any(String) }]);
    await t.http().patch(`${base()}/results/2024`).send({ memo: 'a note changes nothing the run used' }).expect(200);
    const events = await t.http().get(`${base()}/capital-events`).expect(200);
    const capital = await t.http().patch(`${base()}/capital-events/${events.body.items[0].id}`).send({ amount: '400000.00' }).expect(409);
    expect(capital.body.errors).toEqual([{ field: 'date', message: expect.any(String) }]);
  });
});
