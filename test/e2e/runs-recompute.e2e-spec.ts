import { createTestApp, SignedInUser, TestApp } from '../support/test-app';
import { addResult, buildPark, Park } from './ledger.fixture';

/**
 * Bug 5: `recompute` said `identical: true` after the policy of a posted year
 * had been replaced. It now reports two things: the stored scenario re-run
 * (byte-identical, as before) and whether the scenario rebuilt from today's
 * records still equals the stored one, naming each difference.
 */
describe('runs: recompute compares the stored scenario with the records', () => {
  let t: TestApp;
  let checker: SignedInUser;
  let park: Park;
  let runId: string;
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    checker = await t.signIn('accountant');
    park = await buildPark(t);
    await addResult(t, park.projectId, 2024, '980000.00', '1100000.00');
    runId = (await t.http().post(`${base()}/runs`).send({ year: 2024 }).expect(201)).body.id;
    await checker.http().post(`${base()}/runs/${runId}/approve`).expect(200);
    await t.http().post(`${base()}/runs/${runId}/post`).send({ date: '2025-03-31' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('says the records still give the stored scenario while nothing changed', async () => {
    const r = await t.http().get(`${base()}/runs/${runId}/recompute`).expect(200);
    expect(r.body).toMatchObject({ runId, status: 'posted', identical: true, records: { identical: true, differences: [] } });
    expect(r.body.resultHash.recomputed).toBe(r.body.resultHash.stored);
  });

  it('names what changed behind the service: the policy, a contribution, the result and a village name', async () => {
    const [v1, v2] = park.villages;
    // A database superuser edits what the posted run used; the API itself refuses these changes.
    await t.db.query(
      `UPDATE distribution_policy SET document = jsonb_set(document, '{guaranteed,rate}', '"0.07"')
        WHERE project_id = $1 AND effective_from_year = 2024`,
      [park.projectId],
    );
    await t.db.query(
      `UPDATE capital_event SET amount = 400000.00 WHERE project_id = $1 AND village_id = $2 AND event_date = '2024-04-15'`,
      [park.projectId, v2.id],
    );
    await t.db.query(`UPDATE year_result SET revenue = 990000.00 WHERE project_id = $1 AND year = 2024`, [park.projectId]);
    await t.db.query(`UPDATE village SET name = '程壁新村' WHERE id = $1`, [v1.id]);

    const r = await t.http().get(`${base()}/runs/${runId}/recompute`).expect(200);
    // The stored scenario still re-runs to the same bytes: the run itself is intact.
    expect(r.body.identical).toBe(true);
    expect(r.body.records.identical).toBe(false);
    expect(r.body.records.differences).toEqual([
      { path: 'contributions[' + v2.code + ' 2024-04-15]', stored: '500000.00', now: '400000.00' },
      { path: 'policy.guaranteed.rate', stored: '0.06', now: '0.07' },
      { path: 'result.revenue', stored: '980000.00', now: '990000.00' },
      { path: `villages[${v1.code}].name`, stored: '程壁村', now: '程壁新村' },
    ]);
  });

  it('reports why the scenario cannot be rebuilt when a record it needs is gone', async () => {
    await t.db.query(`DELETE FROM distribution_policy WHERE project_id = $1`, [park.projectId]);
    const r = await t.http().get(`${base()}/runs/${runId}/recompute`).expect(200);
    expect(r.body.identical).toBe(true);
    expect(r.body.records).toMatchObject({ identical: false, differences: [], error: expect.stringMatching(/分配方案/) });
  });
});
