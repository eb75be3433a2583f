/**
 * Ledger benchmark (printed figures, not a test), through real business
 * events only:
 *   - posting a distribution run of 1,000 villages;
 *   - 10,000 capital-event vouchers through LedgerWriter.post, one transaction
 *     each, against the same rows written by plain INSERTs in one transaction;
 *   - 1,000 capital events recorded through CapitalService (rules, event row,
 *     voucher, audit), against the same rows by plain INSERTs.
 * Uses DATABASE_URL when set (migrations applied as `npm start` does; its rows
 * go to a new project), else a throw-away embedded PostgreSQL.
 * `node -r @swc-node/register scripts/bench-ledger.ts`
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { CapitalService } from '../src/capital/capital.service';
import { buildCapitalEvent } from '../src/core/ledger';
import { LedgerWriter } from '../src/ledger/ledger-writer';
import { openDatabase } from '../src/platform/database/data-source';
import { startEmbeddedPostgres } from '../src/platform/database/embedded-postgres';
import { RunsService } from '../src/runs/runs.service';
import { accountant, approvedRun, seedLargePark } from '../test/support/seed';

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000), database: 'enclave_bench', persistent: false });
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function report(what: string, n: number, ms: number, baselineMs: number): void {
  console.log(`ledger: ${what}: ${ms.toFixed(0)} ms, ${rate(n, ms)}`);
  console.log(`ledger:   baseline, same rows by plain INSERTs in one transaction: ${baselineMs.toFixed(0)} ms, ${rate(n, baselineMs)}`);
  console.log(`ledger:   ratio to baseline time: ${(ms / baselineMs).toFixed(2)}×`);
}

interface Village {
  id: string;
  code: string;
  name: string;
}

/** Copies of the written tables without triggers, constraints or chain: where the baselines write. */
async function baselineTables(db: DataSource): Promise<void> {
  for (const table of ['voucher', 'voucher_line', 'capital_event', 'audit_log']) {
    await db.query(`CREATE TEMP TABLE IF NOT EXISTS bench_${table} (LIKE ${table} INCLUDING DEFAULTS)`);
  }
}

/** A voucher and its two lines by plain INSERTs, as the writer stores a capital event's. */
async function plainVoucher(m: { query: DataSource['query'] }, projectId: string, i: number, sourceId: string, v: Village): Promise<void> {
  const [{ id }] = await m.query(
    `INSERT INTO bench_voucher (id, project_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash, txid)
     VALUES (gen_random_uuid(), $1, $2, $3, '2025-06-01', $4, 'bench', 'capital-event', $5, repeat('0', 64), repeat('0', 64), 0) RETURNING id`,
    [projectId, i + 1, `2025-06-${String(i + 1).padStart(4, '0')}`, `收到${v.name}现金出资`, sourceId],
  );
  await m.query(
    `INSERT INTO bench_voucher_line (voucher_id, line_no, account, debit, credit, memo) VALUES ($1, 1, '102', 1.00, 0, ''), ($1, 2, $2, 0, 1.00, '')`,
    [id, `301-${v.code}`],
  );
}

export async function benchLedger(): Promise<void> {
  process.env.NODE_ENV ??= 'test';
  const target = await database();
  const { dataSource: db } = await openDatabase(target.url);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot(db, { jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtTtlSeconds: 3600 }),
      { logger: ['error'] },
    );
    const tag = `B${Date.now().toString(36)}`;
    const projectId = await seedLargePark(app, db, 1000, tag);
    const runId = await approvedRun(app, projectId);
    const runMs = await timed(() => app!.get(RunsService).post(accountant('poster'), projectId, runId, '2025-03-31'));
    const [{ lines }] = await db.query(
      `SELECT count(*)::int AS lines FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.source_id = $1`,
      [runId],
    );
    console.log(`ledger: posting a 1,000-village run: ${runMs.toFixed(0)} ms (${lines} lines in one transaction)`);

    const villages: Village[] = await db.query(
      `SELECT v.id, v.code, v.name FROM village v JOIN project_village pv ON pv.village_id = v.id WHERE pv.project_id = $1 ORDER BY v.code`,
      [projectId],
    );
    const villageOf = (i: number) => villages[i % villages.length];
    await baselineTables(db);

    // 10,000 capital events' vouchers (the events stored by SQL, their vouchers through the writer), one transaction each.
    const N = 10_000;
    const events: Array<{ id: string }> = await db.query(
      `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind)
       SELECT $1, ($2::uuid[])[1 + (i - 1) % array_length($2::uuid[], 1)], '2025-06-01', 1.00, 'cash' FROM generate_series(1, $3) i
       RETURNING id`,
      [projectId, villages.map((v) => v.id), N],
    );
    const writer = app.get(LedgerWriter);
    const poster = accountant('bench');
    const ledgerMs = await timed(async () => {
      for (const [i, e] of events.entries()) {
        const v = villageOf(i);
        const vouchers = buildCapitalEvent({ village: v.code, villageName: v.name, date: '2025-06-01', amount: 100n, kind: 'cash' });
        await writer.post(poster, projectId, vouchers, { type: 'capital-event', id: e.id });
      }
    });
    const plainMs = await timed(() =>
      db.transaction(async (m) => {
        for (const [i, e] of events.entries()) await plainVoucher(m, projectId, i, e.id, villageOf(i));
      }),
    );
    report(`${N.toLocaleString('en-US')} capital-event vouchers through LedgerWriter.post, one transaction each`, N, ledgerMs, plainMs);

    // 1,000 capital events recorded as the API records them.
    const M = 1_000;
    const capital = app.get(CapitalService);
    const serviceMs = await timed(async () => {
      for (let i = 0; i < M; i++) {
        await capital.create(poster, projectId, { villageCode: villageOf(i).code, date: '2025-07-01', amount: '1.00', kind: 'cash' });
      }
    });
    const plainEventsMs = await timed(() =>
      db.transaction(async (m) => {
        for (let i = 0; i < M; i++) {
          const v = villageOf(i);
          const [{ id }] = await m.query(
            `INSERT INTO bench_capital_event (id, project_id, village_id, event_date, amount, kind) VALUES (gen_random_uuid(), $1, $2, '2025-07-01', 1.00, 'cash') RETURNING id`,
            [projectId, v.id],
          );
          await plainVoucher(m, projectId, i, id, v);
          await m.query(
            `INSERT INTO bench_audit_log (id, actor_login, action, entity, entity_id, changes) VALUES ($1, 'bench', 'create', 'capital-event', $2, $3)`,
            [i + 1, id, { amount: { from: null, to: '1.00' } }],
          );
        }
      }),
    );
    report(
      `${M.toLocaleString('en-US')} capital events through CapitalService.create (rules, event, voucher, audit)`,
      M,
      serviceMs,
      plainEventsMs,
    );
  } finally {
    await app?.close();
    if (db.isInitialized) await db.destroy();
    await target.stop();
  }
}

if (require.main === module) {
  benchLedger().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
