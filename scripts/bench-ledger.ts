/**
 * Ledger benchmark (printed figures, not a test): posting a distribution run
 * of 1,000 villages, and appending 10,000 single vouchers one transaction
 * each, against the same rows written by plain INSERTs in one transaction.
 * Uses DATABASE_URL when set (migrations applied as `npm start` does; its rows
 * go to a new project), else a throw-away embedded PostgreSQL. `node -r @swc-node/register scripts/bench-ledger.ts`
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { requestContext } from '../src/common/request-context';
import { loadConfig } from '../src/platform/config/config';
import { openDatabase } from '../src/platform/database/data-source';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { TransactionRunner } from '../src/database/transaction-runner';
import { buildCapitalEvent } from '../src/core/ledger';
import { LedgerWriter } from '../src/ledger/ledger-writer';
import { ResultsService } from '../src/results/results.service';
import { RunsService } from '../src/runs/runs.service';

/** Runs fn as a named actor (maker-checker needs two). */
export const as = <T>(login: string, fn: () => Promise<T>) =>
  requestContext.run({ requestId: login, ip: null, actor: { userId: randomUUID(), login, role: 'accountant', villageId: null } }, fn);

/**
 * A project with n villages, capital and a 2024 policy inserted by SQL (fast),
 * and its 2024 result through the service so that the books hold it.
 */
export async function seedLargePark(app: INestApplication, db: DataSource, n: number, tag: string): Promise<string> {
  const [{ id: projectId }] = await db.query(`INSERT INTO project (code, name, start_date) VALUES ($1, $2, '2024-01-01') RETURNING id`, [`${tag}P`, `bench ${n}`]);
  await db.query(
    `WITH v AS (INSERT INTO village (code, name) SELECT $1 || lpad(i::text, 5, '0'), '村' || i FROM generate_series(1, $2) i RETURNING id, code)
     INSERT INTO project_village (project_id, village_id) SELECT $3, id FROM v`, [tag, n, projectId]);
  await db.query(
    `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind)
     SELECT pv.project_id, pv.village_id, '2024-01-01', 100000 + (row_number() OVER (ORDER BY v.code)) * 7.31, 'cash'
       FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1`, [projectId]);
  const policy = { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] };
  await db.query(`INSERT INTO distribution_policy (project_id, effective_from_year, document) VALUES ($1, 2024, $2)`, [projectId, policy]);
  const capital = 100000n * BigInt(n);
  await as('seed', () => app.get(ResultsService).create(projectId, { year: 2024, revenue: (capital / 5n).toString() + '.00', costs: '1000.00' }));
  return projectId;
}

/** A drafted and approved 2024 run of the park. */
export async function approvedRun(app: INestApplication, projectId: string): Promise<string> {
  const runs = app.get(RunsService);
  const draft = await as('maker', () => runs.create(projectId, 2024));
  await as('checker', () => runs.approve(projectId, draft.id));
  return draft.id;
}

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000), database: 'enclave_bench', persistent: false });
  return { url: db.url, stop: async () => { await db.stop(); fs.rmSync(dataDir, { recursive: true, force: true }); } };
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

export async function benchLedger(): Promise<void> {
  process.env.NODE_ENV ??= 'test'; // Nest logs errors only: the figures stay readable
  const target = await database();
  const { dataSource: db } = await openDatabase(target.url);
  const app = await createApp(db, { ...loadConfig({}), jwtSecret: 'bench-secret-bench-secret-bench-secret' });
  try {
    const tag = `B${Date.now().toString(36)}`;
    const projectId = await seedLargePark(app, db, 1000, tag);
    const runId = await approvedRun(app, projectId);
    const tx = app.get(TransactionRunner);
    let t0 = performance.now();
    await as('poster', () => app.get(RunsService).post(projectId, runId, '2025-03-31'));
    const runMs = performance.now() - t0;
    const [{ lines }] = await db.query(`SELECT count(*)::int AS lines FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.source_id = $1`, [runId]);
    console.log(`ledger: posting a 1,000-village run: ${runMs.toFixed(0)} ms (${lines} lines in one transaction)`);

    const N = 10_000;
    const writer = app.get(LedgerWriter);
    const voucher = buildCapitalEvent({ village: `${tag}00001`, date: '2025-06-01', amount: 100n, kind: 'cash' });
    t0 = performance.now();
    await as('bench', async () => {
      for (let i = 0; i < N; i++) await tx.run((m) => writer.post(m, projectId, voucher, { type: 'bench', id: String(i) }));
    });
    const ledgerMs = performance.now() - t0;

    // Baseline: the same rows, plain INSERTs in one transaction, into copies without triggers, constraints or chain.
    await db.query('CREATE TEMP TABLE IF NOT EXISTS bench_voucher (LIKE voucher)');
    await db.query('CREATE TEMP TABLE IF NOT EXISTS bench_line (LIKE voucher_line)');
    t0 = performance.now();
    await db.transaction(async (m) => {
      for (let i = 0; i < N; i++) {
        const [{ id }] = await m.query(
          `INSERT INTO bench_voucher (id, project_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash, txid, created_at)
           VALUES (gen_random_uuid(), $1, $2, $3, '2025-06-01', 'x', 'bench', 'bench', $4, repeat('0', 64), repeat('0', 64), 0, now()) RETURNING id`,
          [projectId, i + 1, `2025-06-${String(i + 1).padStart(4, '0')}`, String(i)]);
        await m.query(`INSERT INTO bench_line (voucher_id, line_no, account, debit, credit, memo) VALUES ($1, 1, '102', 1.00, 0, ''), ($1, 2, '301-x', 0, 1.00, '')`, [id]);
      }
    });
    const plainMs = performance.now() - t0;
    console.log(`ledger: ${N.toLocaleString('en-US')} single vouchers, one transaction each: ${ledgerMs.toFixed(0)} ms, ${rate(N, ledgerMs)}`);
    console.log(`ledger: baseline, same rows by plain INSERTs in one transaction: ${plainMs.toFixed(0)} ms, ${rate(N, plainMs)}`);
    console.log(`ledger: ratio ledger/baseline time: ${(ledgerMs / plainMs).toFixed(2)}×`);
  } finally {
    await app.close();
    if (db.isInitialized) await db.destroy();
    await target.stop();
  }
}

if (require.main === module) {
  benchLedger().catch((e) => { console.error(e); process.exitCode = 1; });
}
