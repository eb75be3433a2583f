import { createTestApp, TestApp } from '../support/test-app';
import { buildPark, Park } from './ledger.fixture';

/**
 * Verification reads vouchers, events and head in one REPEATABLE READ READ ONLY
 * snapshot: postings committing meanwhile never make it report tampering that
 * did not happen (issue 9, bug 6: 26–38 of 30 calls failed under 15 postings).
 */
describe('verification under load', () => {
  let t: TestApp;
  let park: Park;
  const base = () => `/api/projects/${park.projectId}`;

  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('30 verifications during 15 concurrent postings all say ok', async () => {
    const village = park.villages[0];
    const postings = Array.from({ length: 15 }, (_, i) =>
      t
        .http()
        .post(`${base()}/capital-events`)
        .send({ villageCode: village.code, date: '2024-06-01', amount: `${i + 1}.00`, kind: 'cash', memo: `load ${i}` })
        .then((r) => r.status),
    );
    const verifications = Array.from({ length: 30 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 3));
      const r = await t.http().get(`${base()}/ledger/verify`).expect(200);
      return r.body as { ok: boolean; reason?: string };
    });
    const [statuses, results] = await Promise.all([Promise.all(postings), Promise.all(verifications)]);
    expect(statuses).toEqual(Array(15).fill(201));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const after = await t.http().get(`${base()}/ledger/verify`).expect(200);
    expect(after.body).toMatchObject({ ok: true, count: 6 + 15, digest: { sequence: 6 + 15 } });
  });
});
