/**
 * Benchmark part 1 (issue 14): the reports over a project of 1,000,000 voucher lines (`--quick`: 20,000), each
 * against the raw SQL that computes the same figures, medians of alternating rounds in the same run; and the trial
 * balance against `ledger bal` (ledger-cli) on the same lines exported by the service.
 * The books: scripts/bench/reports-books.ts (16 years of runs and payments of V villages, the years before the as-of
 * date's closed, so the service's trial balance starts from the balances carried forward; the raw SQL reads every line).
 * `node -r @swc-node/register scripts/bench/reports.ts [--quick]`
 */
import 'reflect-metadata';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { openDatabase } from '../../src/platform/database/data-source';
import { JournalReport } from '../../src/reports/journal.service';
import { ReportsService } from '../../src/reports/reports.service';
import { actor, LINES_PER_VILLAGE_YEAR, seedBooks, YEARS } from './reports-books';
import type { BenchContext, BenchRow } from './types';

const PART = 'reports';
/** BENCH_REPORTS_DATABASE: another name, so that a run during development does not drop the one `npm run bench` uses. */
const DATABASE = process.env.BENCH_REPORTS_DATABASE ?? 'bench_reports';
const ROUNDS = 7;
/** Rounds of ledger-cli (seconds each at full size) against the trial balance. */
const LEDGER_ROUNDS = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Medians of `rounds` alternating rounds of the service and its baseline, after one warm-up of each. */
async function alternate(rounds: number, service: () => Promise<unknown>, raw: () => Promise<unknown>) {
  await service();
  await raw();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await time(service));
      b.push(await time(raw));
    } else {
      b.push(await time(raw));
      a.push(await time(service));
    }
  }
  return { service: median(a), raw: median(b) };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The raw SQL that computes each report's figures

/**
 * Per account and per top-level account: opening (before the period), the period's debits and credits, closing.
 * (The chart's deeper levels, e.g. 322-01-<deduction> under 322-01, are left to the top level here.)
 */
const RAW_TRIAL_BALANCE = `
  WITH s AS (
    SELECT l.account, v.voucher_date < $2 AS before, sum(l.debit) AS debit, sum(l.credit) AS credit
      FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
     WHERE v.book_id = $1 AND v.voucher_date <= $3
     GROUP BY l.account, v.voucher_date < $2),
  a AS (
    SELECT account, sum(debit - credit) FILTER (WHERE before) AS opening,
           sum(debit) FILTER (WHERE NOT before) AS debit, sum(credit) FILTER (WHERE NOT before) AS credit
      FROM s GROUP BY account
    UNION ALL
    SELECT split_part(account, '-', 1), sum(debit - credit) FILTER (WHERE before),
           sum(debit) FILTER (WHERE NOT before), sum(credit) FILTER (WHERE NOT before)
      FROM s WHERE account LIKE '%-%' GROUP BY split_part(account, '-', 1))
  SELECT account, opening, debit, credit, coalesce(opening, 0) + coalesce(debit, 0) - coalesce(credit, 0) AS closing
    FROM a ORDER BY account`;

/** The journal's first page: 50 vouchers in sequence order with their lines, and the count from the chain's head. */
const RAW_JOURNAL = [
  `SELECT v.id, v.sequence, v.number, v.voucher_date, v.summary, v.preparer, v.reversal_of_number, v.source_type, v.source_id,
          v.fiscal_year, v.prev_hash, v.hash
     FROM voucher v WHERE v.book_id = $1 ORDER BY v.sequence LIMIT 50`,
  `SELECT l.voucher_id, l.account, l.debit, l.credit, l.memo FROM voucher_line l
    WHERE l.voucher_id IN (SELECT id FROM voucher WHERE book_id = $1 ORDER BY sequence LIMIT 50) ORDER BY l.voucher_id, l.line_no`,
  `SELECT last_sequence, last_hash FROM ledger_head WHERE book_id = $1`,
];

/**
 * A village's statement: per run its dividend (the 211 credits less reversals), its payments (with their
 * reversals) and what they paid FIFO per run, the run's stored line for the village, the digests.
 */
const RAW_VILLAGE_STATEMENT = [
  `WITH owed AS (
     SELECT v.book_id, v.source_id, v.fiscal_year, sum(l.credit - l.debit) AS owed, min(v.voucher_date) AS posted, min(v.sequence) AS first
       FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
      WHERE l.account = $1 AND v.source_type = 'run' AND v.voucher_date <= $2 GROUP BY v.book_id, v.source_id, v.fiscal_year),
   paid AS (
     SELECT v.book_id, greatest(sum(l.debit - l.credit), 0) AS paid FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
      WHERE l.account = $1 AND v.source_type = 'payment' AND v.voucher_date <= $2 GROUP BY v.book_id),
   fifo AS (
     SELECT o.*, greatest(o.owed, 0) AS due,
            coalesce(sum(greatest(o.owed, 0)) OVER (PARTITION BY o.book_id ORDER BY o.fiscal_year, o.first
                                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
       FROM owed o)
   SELECT f.book_id, f.source_id, f.fiscal_year, f.posted, f.due,
          least(f.due, greatest(coalesce(p.paid, 0) - f.before, 0)) AS paid,
          (SELECT e FROM json_array_elements(r.result_json::json -> 'villages') e WHERE e ->> 'code' = substr($1, 5)) AS line
     FROM fifo f LEFT JOIN paid p ON p.book_id = f.book_id LEFT JOIN distribution_run r ON r.id::text = f.source_id
    WHERE f.due > 0`,
  `SELECT v.voucher_date, v.number, p.bank_reference, l.debit, r.number AS reversal, r.voucher_date AS reversal_date
     FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id LEFT JOIN payment p ON p.id::text = v.source_id
     LEFT JOIN voucher r ON r.reversal_of = v.id AND r.voucher_date <= $2
    WHERE l.account = $1 AND l.debit > 0 AND v.source_type = 'payment' AND v.reversal_of IS NULL AND v.voucher_date <= $2
    ORDER BY v.voucher_date, v.sequence`,
  `SELECT h.last_sequence, h.last_hash FROM ledger_head h
    WHERE h.book_id IN (SELECT v.book_id FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE l.account = $1)`,
];

/**
 * A run's statement: per village of the run what the run left owed, the village's payments matched FIFO
 * (after what the earlier runs of the project left owed), and the run's stored result.
 */
const RAW_RUN_STATEMENT = [
  `WITH owed AS (
     SELECT v.source_id, l.account, greatest(sum(l.credit - l.debit), 0) AS owed, min(v.fiscal_year) AS year, min(v.sequence) AS first
       FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
      WHERE v.book_id = $1 AND v.source_type = 'run' AND v.voucher_date <= $3 AND l.account LIKE '211-%'
      GROUP BY v.source_id, v.fiscal_year, l.account),
   this AS (SELECT year, first FROM owed WHERE source_id = $2 ORDER BY first LIMIT 1),
   due AS (
     SELECT o.account, sum(o.owed) FILTER (WHERE o.source_id = $2) AS owed,
            coalesce(sum(o.owed) FILTER (WHERE (o.year, o.first) < (t.year, t.first)), 0) AS before
       FROM owed o, this t GROUP BY o.account),
   paid AS (
     SELECT l.account, greatest(sum(l.debit - l.credit), 0) AS paid FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
      WHERE v.book_id = $1 AND v.source_type = 'payment' AND v.voucher_date <= $3 AND l.account LIKE '211-%' GROUP BY l.account)
   SELECT d.account, d.owed, least(d.owed, greatest(coalesce(p.paid, 0) - d.before, 0)) AS paid
     FROM due d LEFT JOIN paid p ON p.account = d.account WHERE d.owed IS NOT NULL`,
  `SELECT result_json, scenario_json FROM distribution_run WHERE id = $2 AND project_id = $1`,
  `SELECT last_sequence, last_hash FROM ledger_head WHERE book_id = $1`,
];

// ---------------------------------------------------------------------------------------------------------------
// ledger-cli

/** `ledger` on the PATH, installed with apt-get when missing and allowed to (root, not --quick); else why not. */
function ledgerCli(quick: boolean, log: (l: string) => void): { ok: true } | { ok: false; why: string } {
  const found = () => spawnSync('ledger', ['--version'], { stdio: 'ignore' }).status === 0;
  if (found()) return { ok: true };
  if (quick) return { ok: false, why: 'ledger-cli 未安装（--quick 不安装）' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'ledger-cli 未安装，且不是 root，无法 apt-get install ledger' };
  log('  apt-get install -y ledger …');
  const r = spawnSync('apt-get', ['install', '-y', 'ledger'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0 || !found()) return { ok: false, why: `apt-get install -y ledger 失败（退出码 ${r.status}）` };
  return { ok: true };
}

/**
 * The service's hledger export as ledger-cli reads it. ledger-cli takes the postings as they are (`CNY -123.45`,
 * account codes with dashes, `; comments`); only hledger's one-line `commodity CNY 1,000.00` directive is not its
 * syntax, so that line is dropped (the amounts carry the commodity).
 */
function forLedgerCli(hledgerText: string): string {
  return hledgerText.replace(/^commodity .*$/m, '');
}

/** One account's total as `ledger bal --flat` prints it, in fen (e.g. `CNY -1,234.56  211-R00011`). */
function ledgerBalance(output: string, account: string): bigint | undefined {
  for (const line of output.split('\n')) {
    const m = /^\s*CNY\s+(-?[0-9,]+\.[0-9]{2})\s+(\S+)\s*$/.exec(line);
    if (m && m[2] === account) return BigInt(m[1].replace(/[,.]/g, ''));
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------

export async function benchReports(ctx: BenchContext): Promise<BenchRow[]> {
  process.env.NODE_ENV ??= 'test';
  const target = ctx.quick ? 20_000 : 1_000_000;
  const villages = Math.ceil(target / (YEARS * LINES_PER_VILLAGE_YEAR));
  await onServer(ctx.databaseUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await onServer(ctx.databaseUrl, `CREATE DATABASE ${DATABASE}`);
  const url = Object.assign(new URL(ctx.databaseUrl), { pathname: `/${DATABASE}` }).toString();
  const { dataSource: db } = await openDatabase(url);
  let app: INestApplicationContext | undefined;
  let rawClient: Client | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot(db, { jwtSecret: 'bench-secret-bench-secret-bench-secret', jwtTtlSeconds: 3600 }),
      { logger: ['error'] },
    );
    ctx.log(`reports: 建账（${villages} 村 × ${YEARS} 年）…`);
    const books = await seedBooks(app, db, villages, ctx.log);
    const n = books.lines.toLocaleString('en-US');
    ctx.log(`reports: ${n} 条分录，${books.vouchers.toLocaleString('en-US')} 张凭证`);

    const reports = app.get(ReportsService);
    const journal = app.get(JournalReport);
    const reader = actor('reader');
    const { projectId, runId, villageId, asOf } = books;
    const [{ code: villageCode }] = await db.query('SELECT code FROM village WHERE id = $1', [villageId]);
    // The baselines on a connection of their own, given the memory the service's aggregate asks for.
    rawClient = new Client({ connectionString: url });
    await rawClient.connect();
    await rawClient.query(`SET work_mem = '64MB'`);
    const client = rawClient;
    const raw = (sqls: string[], params: unknown[]) => async () => {
      for (const sql of sqls) {
        const used = (sql.match(/\$[0-9]+/g) ?? []).reduce((m, p) => Math.max(m, Number(p.slice(1))), 0);
        await client.query(sql, params.slice(0, used));
      }
    };
    const periodStart = `${asOf.slice(0, 4)}-01-01`;
    const rounds = ctx.quick ? 5 : ROUNDS;
    const rows: BenchRow[] = [];
    const vsRaw = (what: string, t: { service: number; raw: number }, rawWhat: string): BenchRow => {
      const ratio = t.service / t.raw;
      return {
        part: PART,
        what: `${what}, ${n} lines`,
        value: Math.round(t.service * 10) / 10,
        unit: 'ms',
        baseline: { what: rawWhat, value: Math.round(t.raw * 10) / 10, unit: 'ms' },
        ratio: Math.round(ratio * 100) / 100,
        target: '≤ 2× raw SQL',
        holds: ratio <= 2,
        limit: 2,
        compare: 'max',
      };
    };

    ctx.log('reports: 科目余额表 …');
    const tb = await alternate(
      rounds,
      () => reports.trialBalance(reader, projectId, asOf),
      raw([RAW_TRIAL_BALANCE], [projectId, periodStart, asOf]),
    );
    rows.push(vsRaw('trial balance (科目余额表)', tb, 'raw SQL GROUP BY account (and parent), opening/period split'));
    // The same figures: the service starts from the balances carried forward at the close of 2025, the raw SQL
    // from every line; the bank's and the village's payable's opening and closing agree to the fen.
    const ourTb = await reports.trialBalance(reader, projectId, asOf);
    const rawTb = (await client.query(RAW_TRIAL_BALANCE, [projectId, periodStart, asOf])).rows;
    for (const account of ['102', `211-${villageCode}`]) {
      const row = ourTb.rows.find((r) => r.account === account);
      const theirs = rawTb.find((r: { account: string }) => r.account === account);
      const signed = (b: { side: string; amount: string }) => (b.side === 'credit' ? '-' : '') + b.amount;
      const ours = row && [signed(row.opening), signed(row.closing)].map((x) => (x === '-0.00' ? '0.00' : x));
      const raws = theirs && [theirs.opening ?? '0.00', theirs.closing].map((x: string) => String(x));
      if (JSON.stringify(ours) !== JSON.stringify(raws))
        throw new Error(`trial balance ${account}: opening/closing ${JSON.stringify(ours)}, raw SQL ${JSON.stringify(raws)}`);
    }

    ctx.log('reports: 凭证列表第一页 …');
    const jr = await alternate(rounds, () => journal.journal(reader, projectId, { page: 1, pageSize: 50 }), raw(RAW_JOURNAL, [projectId]));
    rows.push(vsRaw("journal's first page (50 vouchers)", jr, 'raw SQL: 50 vouchers by sequence, their lines, the head'));

    ctx.log('reports: 村对账单 …');
    const vs = await alternate(
      rounds,
      () => reports.villageStatement(villageId, asOf),
      raw(RAW_VILLAGE_STATEMENT, [`211-${villageCode}`, asOf]),
    );
    rows.push(vsRaw('village statement (村对账单)', vs, "raw SQL: the village's dividends, FIFO paid, payments, digests"));

    ctx.log('reports: 分红明细表 …');
    const rs = await alternate(
      rounds,
      () => reports.runStatement(reader, projectId, runId, asOf),
      raw(RAW_RUN_STATEMENT, [projectId, runId, asOf]),
    );
    rows.push(vsRaw(`run statement (分红明细表, ${villages} villages)`, rs, 'raw SQL: owed and FIFO paid per village, the stored result'));

    const cli = ledgerCli(ctx.quick, ctx.log);
    if (!cli.ok) {
      ctx.log(`reports: ${cli.why}：不比较 ledger bal`);
      rows.push({
        part: PART,
        what: `trial balance vs ledger bal, ${n} lines: not measured (${cli.why})`,
        value: Math.round(tb.service * 10) / 10,
        unit: 'ms',
        target: '≥ 15× faster than ledger bal',
        holds: false,
      });
      return rows;
    }
    ctx.log('reports: 导出账簿给 ledger-cli …');
    const exported = await journal.export(reader, projectId, 'hledger', asOf);
    const file = path.join(dir, 'books.journal');
    fs.writeFileSync(file, forLedgerCli(exported.text));
    // ledger-cli's runs interleaved with the trial balance's (one and three a round, the order alternating), so that both
    // figures of the ratio see the same moments of a shared machine's load.
    const ledgerRuns: number[] = [];
    const tbRuns: number[] = [];
    let output = '';
    const runLedger = () => {
      const t0 = performance.now();
      output = execFileSync('ledger', ['-f', file, 'bal', '--flat', '--no-total', '-e', `${Number(asOf.slice(0, 4)) + 1}-01-01`], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      ledgerRuns.push(performance.now() - t0);
    };
    const runTb = async () => {
      for (let k = 0; k < 3; k++) tbRuns.push(await time(() => reports.trialBalance(reader, projectId, asOf)));
    };
    for (let i = 0; i < LEDGER_ROUNDS; i++) {
      if (i % 2 === 0) {
        runLedger();
        await runTb();
      } else {
        await runTb();
        runLedger();
      }
    }
    // The same figures: ledger's balance of the bank and of the village's payable equal the trial balance's closing.
    const ours = await reports.trialBalance(reader, projectId, asOf);
    for (const account of ['102', `211-${villageCode}`]) {
      const row = ours.rows.find((r) => r.account === account);
      const signed = row ? BigInt(row.closing.amount.replace('.', '')) * (row.closing.side === 'credit' ? -1n : 1n) : 0n;
      const theirs = ledgerBalance(output, account) ?? 0n; // ledger leaves out a zero balance
      if (theirs !== signed) throw new Error(`ledger bal ${account} = ${theirs} fen, the trial balance's closing ${signed} fen`);
    }
    if (process.env.BENCH_LEDGER_OUTPUT) fs.writeFileSync(process.env.BENCH_LEDGER_OUTPUT, output);
    const ledgerMs = median(ledgerRuns);
    const tbMs = median(tbRuns);
    const ratio = ledgerMs / tbMs;
    rows.push({
      part: PART,
      what: `trial balance vs ledger bal (ledger-cli), ${n} lines`,
      value: Math.round(tbMs * 10) / 10,
      unit: 'ms',
      baseline: {
        what: `ledger -f <export> bal, median of ${ledgerRuns.length} interleaved rounds`,
        value: Math.round(ledgerMs),
        unit: 'ms',
      },
      ratio: Math.round(ratio * 10) / 10,
      // At --quick's 20,000 lines ledger-cli's start-up is most of its time: the figure is shown, the target is the full size's.
      target: ctx.quick
        ? '≥ 15× faster than ledger bal (a target at 1,000,000 lines; not checked at --quick)'
        : '≥ 15× faster than ledger bal',
      holds: ratio >= 15,
      ...(!ctx.quick && { limit: 15, compare: 'min' as const }),
    });
    return rows;
  } finally {
    await rawClient?.end();
    await app?.close();
    if (db.isInitialized) await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!process.env.BENCH_KEEP_DATABASE) await onServer(ctx.databaseUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  benchReports({ quick, databaseUrl, log: (l) => console.log(l) })
    .then((rows) =>
      console.table(rows.map((r) => ({ what: r.what, value: r.value, baseline: r.baseline?.value, ratio: r.ratio, holds: r.holds }))),
    )
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
