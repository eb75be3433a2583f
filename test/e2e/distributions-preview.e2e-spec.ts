import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';

const DIR = path.join(__dirname, '../../fixtures/scenarios');
const scenarioFiles = fs
  .readdirSync(DIR)
  .filter((f) => /^\d+[a-z]?-.*(?<!\.expected)\.json$/.test(f))
  .sort();
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));

/** The fields the rulebook names; the result may carry more (traces, hashes). */
function ruleFields(doc: Record<string, unknown>) {
  const { project, year, netProfit, guaranteedTotal, operatorTopUp, deficit, surplus, deductions, pool, buckets, payees } = doc;
  const villages = (doc.villages as Array<Record<string, unknown>>).map(({ code, capitalBase, guaranteed, shares, total }) => ({
    code,
    capitalBase,
    guaranteed,
    shares,
    total,
  }));
  return { project, year, netProfit, guaranteedTotal, operatorTopUp, deficit, surplus, deductions, pool, buckets, villages, payees };
}

describe('distribution preview: the scenario endpoint, the records endpoint and the command line agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(scenarioFiles)('POST /api/distributions/preview of %s gives its expected result', async (file) => {
    const res = await t.http().post('/api/distributions/preview').send(load(file)).expect(200);
    expect(ruleFields(res.body)).toEqual(load(file.replace(/\.json$/, '.expected.json')));
    expect(res.body.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.resultHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same bytes as `npm run distribute`', async () => {
    const file = path.join(DIR, '06-four-buckets-2025.json');
    const cli = execFileSync('npm', ['run', '-s', 'distribute', '--', file], { cwd: path.join(__dirname, '../..'), encoding: 'utf8' });
    const res = await t.http().post('/api/distributions/preview').send(load('06-four-buckets-2025.json')).expect(200);
    expect(JSON.parse(cli)).toEqual(res.body);
  });

  it('refuses a bad scenario naming the field, with 400', async () => {
    const s = load('01-seed-dinghu-2025.json');
    s.contributions[0].amount = 500000;
    s.contributions[1].village = 'V99';
    const res = await t.http().post('/api/distributions/preview').send(s).expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['contributions[0].amount', 'contributions[1].village']));
  });

  it('builds the scenario from stored records and returns the same document as the scenario endpoint', async () => {
    // Scenario 06: four buckets, agreed weights naming a village that joins after the year, a withdrawal.
    const s = load('06-four-buckets-2025.json');
    for (const v of s.villages) await t.http().post('/api/villages').send({ code: v.code, name: v.name }).expect(201);
    const p = (await t.http().post('/api/projects').send({ code: s.project.code, name: s.project.name }).expect(201)).body;
    for (const v of s.villages) await t.http().post(`/api/projects/${p.id}/villages`).send({ villageCode: v.code }).expect(201);
    for (const c of s.contributions) {
      await t
        .http()
        .post(`/api/projects/${p.id}/capital-events`)
        .send({ villageCode: c.village, date: c.date, amount: c.amount, kind: 'cash' })
        .expect(201);
    }
    await t
      .http()
      .post(`/api/projects/${p.id}/results`)
      .send({ year: 2025, ...s.result })
      .expect(201);
    await t.http().post(`/api/projects/${p.id}/policies`).send({ effectiveFromYear: 2025, policy: s.policy }).expect(201);

    const built = await t.http().get(`/api/projects/${p.id}/distributions/scenario?year=2025`).expect(200);
    expect(built.body.contributions).toHaveLength(s.contributions.length - 1); // H7's 2026 event is after the year
    const fromRecords = await t.http().get(`/api/projects/${p.id}/distributions/preview?year=2025`).expect(200);
    // The records hold what the year's scenario holds: events up to the year's end.
    const sameInputs = { ...s, contributions: s.contributions.filter((c: { date: string }) => c.date <= '2025-12-31') };
    const fromDocument = await t.http().post('/api/distributions/preview').send(sameInputs).expect(200);
    expect(ruleFields(fromRecords.body)).toEqual(load('06-four-buckets-2025.expected.json'));
    expect(fromRecords.body.resultHash).toBe(fromDocument.body.resultHash);
    expect(fromRecords.body).toEqual(fromDocument.body);

    await t.http().get(`/api/projects/${p.id}/distributions/preview?year=2024`).expect(404);
    await t.http().get(`/api/projects/${p.id}/distributions/preview?year=abc`).expect(400);
  });
});
