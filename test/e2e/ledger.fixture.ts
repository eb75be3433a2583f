import * as fs from 'node:fs';
import * as path from 'node:path';
import { JsonDoc } from '../support/scenarios';
import { TestApp, uniqueCode } from '../support/test-app';

/** Helpers shared by the ledger, runs and payments e2e specs: scenario 05 built through the API. */
export const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/scenarios', name), 'utf8'));

export interface Park {
  projectId: string;
  prefix: string;
  villages: Array<{ id: string; code: string; plain: string }>;
}

/** Six villages (codes `<prefix>V01`… keep the fixture's order), the project, participants and 2024-04-15 capital. */
export async function buildPark(t: TestApp, scenario = fixture('05a-carry-forward-loss-2024.json')): Promise<Park> {
  const prefix = uniqueCode('L').slice(0, 20);
  const villages = [];
  for (const v of scenario.villages) {
    const res = await t
      .http()
      .post('/api/villages')
      .send({ code: `${prefix}${v.code}`, name: v.name })
      .expect(201);
    villages.push({ id: res.body.id, code: res.body.code, plain: v.code });
  }
  const project = await t
    .http()
    .post('/api/projects')
    .send({ code: uniqueCode('P'), name: scenario.project.name, startDate: '2024-04-15' })
    .expect(201);
  const projectId = project.body.id;
  for (const v of villages) await t.http().post(`/api/projects/${projectId}/villages`).send({ villageCode: v.code }).expect(201);
  for (const c of scenario.contributions) {
    await t
      .http()
      .post(`/api/projects/${projectId}/capital-events`)
      .send({ villageCode: `${prefix}${c.village}`, date: c.date, amount: c.amount, kind: 'cash' })
      .expect(201);
  }
  const policy = JSON.parse(JSON.stringify(scenario.policy));
  await t.http().post(`/api/projects/${projectId}/policies`).send({ effectiveFromYear: scenario.year, policy }).expect(201);
  return { projectId, prefix, villages };
}

export async function addResult(t: TestApp, projectId: string, year: number, revenue: string, costs: string): Promise<void> {
  await t.http().post(`/api/projects/${projectId}/results`).send({ year, revenue, costs }).expect(201);
}

/** The rulebook's fields of a result document, village codes without the test prefix, for comparison with *.expected.json. */
export function rulebookFields(result: JsonDoc, prefix: string) {
  const strip = (c: string) => (c.startsWith(prefix) ? c.slice(prefix.length) : c);
  return {
    year: result.year,
    netProfit: result.netProfit,
    guaranteedTotal: result.guaranteedTotal,
    operatorTopUp: result.operatorTopUp,
    deficit: result.deficit,
    surplus: result.surplus,
    deductions: result.deductions,
    pool: result.pool,
    buckets: result.buckets,
    villages: result.villages.map((v: JsonDoc) => ({
      code: strip(v.code),
      capitalBase: v.capitalBase,
      guaranteed: v.guaranteed,
      shares: v.shares,
      total: v.total,
    })),
    payees: result.payees,
  };
}

export function expectedFields(name: string) {
  const { project: _p, ...rest } = fixture(name);
  return rest;
}

/** Asserts the trial balance as of a date balances and returns it. */
export async function balancedTrialBalance(t: TestApp, projectId: string, asOf: string) {
  const res = await t.http().get(`/api/projects/${projectId}/reports/trial-balance?asOf=${asOf}`).expect(200);
  expect(res.body.balanced).toBe(true);
  expect(res.body.totals.closingDebit).toBe(res.body.totals.closingCredit);
  return res.body;
}

export function closing(tb: { rows: Array<{ account: string; closing: { side: string; amount: string } }> }, account: string) {
  return tb.rows.find((r) => r.account === account)?.closing ?? { side: 'flat', amount: '0.00' };
}

/** Voucher numbers per month of a project must be 1..n with no gap. */
export async function assertGapless(t: TestApp, projectId: string): Promise<void> {
  const rows: Array<{ number: string; sequence: number }> = await t.db.query(
    'SELECT number, sequence FROM voucher WHERE book_id = $1 ORDER BY sequence',
    [projectId],
  );
  rows.forEach((r, i) => expect(r.sequence).toBe(i + 1));
  const byMonth = new Map<string, number[]>();
  for (const r of rows) byMonth.set(r.number.slice(0, 7), [...(byMonth.get(r.number.slice(0, 7)) ?? []), Number(r.number.slice(8))]);
  for (const ns of byMonth.values()) expect([...ns].sort((a, b) => a - b)).toEqual(ns.map((_, i) => i + 1));
}
