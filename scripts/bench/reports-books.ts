/**
 * The books of the reports benchmark (scripts/bench/reports.ts): a project of `villages` villages seeded as a user
 * would (capital by SQL as test/support/seed.ts does, its year result, the run drafted, approved and posted, and a
 * few payments through the services), then every other village's payment of that year written by SQL in the shape
 * the writer gives it; that year's vouchers are then copied into each later year (16 years in all) by
 * `INSERT … SELECT`, with the gapless sequence and voucher numbers the chain requires (the reports do not verify the
 * hashes, so copies carry fresh ones that do not chain). Last, every year before the one of the as-of date is closed
 * (结账) through the service, in order, as a user would: 2010 to 2025 closed, 2026 open; each close carries the
 * balances forward (closed_year_balance), which the trial balance of 2026 starts from.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../src/platform/context/actor';
import { PaymentsService } from '../../src/payments/payments.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { YearCloseService } from '../../src/ledger/year-close.service';

/** Fiscal years 2010…2025: each run posted on 31 March of the next year, its payments on 30 June. */
const FIRST_YEAR = 2010;
export const YEARS = 16;
/** Lines a village adds in a year: two dividend lines (guaranteed, profit) and its payment's two. */
export const LINES_PER_VILLAGE_YEAR = 4;

export const actor = (login: string): Actor => ({ userId: randomUUID(), login, role: 'accountant', villageId: null });

export interface Books {
  projectId: string;
  /** The last fiscal year's run: the run statement printed. */
  runId: string;
  /** A village with a dividend every year and a payment: the village statement printed. */
  villageId: string;
  asOf: string;
  lines: number;
  vouchers: number;
}

/** The first year through the services (and the bulk of its payments by SQL), then its copies into later years. */
export async function seedBooks(app: INestApplicationContext, db: DataSource, villages: number, log: (l: string) => void): Promise<Books> {
  const [{ id: projectId }] = await db.query(
    `INSERT INTO project (code, name, start_date, phase) VALUES ('BR', '报表基准项目', $1, '一期') RETURNING id`,
    [`${FIRST_YEAR}-01-01`],
  );
  await db.query(
    `WITH v AS (INSERT INTO village (code, name) SELECT 'R' || lpad(i::text, 5, '0'), '基准' || i || '村' FROM generate_series(1, $1) i
                RETURNING id, code)
     INSERT INTO project_village (project_id, village_id) SELECT $2, id FROM v`,
    [villages, projectId],
  );
  await db.query(
    `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind)
     SELECT pv.project_id, pv.village_id, $2, 100000 + (row_number() OVER (ORDER BY v.code)) * 7.31, 'cash'
       FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1`,
    [projectId, `${FIRST_YEAR}-01-01`],
  );
  const policy = { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] };
  await db.query(`INSERT INTO distribution_policy (project_id, effective_from_year, document) VALUES ($1, $2, $3)`, [
    projectId,
    FIRST_YEAR,
    policy,
  ]);
  const capital = 100000n * BigInt(villages);
  await app.get(ResultsService).create(actor('seed'), projectId, { year: FIRST_YEAR, revenue: `${capital / 5n}.00`, costs: '1000.00' });
  const runs = app.get(RunsService);
  let t0 = performance.now();
  const draft = await runs.create(actor('maker'), projectId, FIRST_YEAR);
  await runs.approve(actor('checker'), projectId, draft.id);
  await runs.post(actor('poster'), projectId, draft.id, `${FIRST_YEAR + 1}-03-31`);
  log(`  ${villages} 村的 ${FIRST_YEAR} 年度分红：计算、审核、入账 ${(performance.now() - t0).toFixed(0)} ms`);

  // What each village is owed, the first three paid through the service (one in part), the rest by SQL in full,
  // every tenth in half: outstanding amounts for the statements.
  const owed: Array<{ id: string; code: string; name: string; owed: string }> = await db.query(
    `SELECT vi.id, vi.code, vi.name, sum(l.credit)::text AS owed FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
       JOIN village vi ON l.account = '211-' || vi.code WHERE v.book_id = $1 AND v.source_type = 'run'
      GROUP BY vi.id, vi.code, vi.name ORDER BY vi.code`,
    [projectId],
  );
  const payments = app.get(PaymentsService);
  const payDate = `${FIRST_YEAR + 1}-06-30`;
  for (const [i, v] of owed.slice(0, 3).entries()) {
    const amount = i === 1 ? (Number(v.owed) / 2).toFixed(2) : v.owed; // a benchmark's input: a decimal string either way
    await payments.payVillage(actor('cashier'), projectId, { villageCode: v.code, amount, date: payDate, bankReference: `BR-${v.code}` });
  }
  t0 = performance.now();
  await db.transaction(async (m) => {
    const [head] = await m.query('SELECT last_sequence AS s FROM ledger_head WHERE book_id = $1', [projectId]);
    const [counter] = await m.query('SELECT last_n AS n FROM voucher_counter WHERE book_id = $1 AND month = $2', [
      projectId,
      payDate.slice(0, 7),
    ]);
    const rest = owed.slice(3);
    await m.query(
      `CREATE TEMP TABLE bench_pay ON COMMIT DROP AS
       SELECT gen_random_uuid() AS voucher_id, gen_random_uuid() AS payment_id, t.village_id, t.code, t.name, t.i,
              CASE WHEN t.i % 10 = 0 THEN round(t.owed / 2, 2) ELSE t.owed END AS amount
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[]) WITH ORDINALITY AS t(village_id, code, name, owed, i)`,
      [rest.map((v) => v.id), rest.map((v) => v.code), rest.map((v) => v.name), rest.map((v) => v.owed)],
    );
    await m.query(
      `INSERT INTO voucher (id, book_id, sequence, number, voucher_date, summary, preparer, source_type, source_id, prev_hash, hash, txid)
       SELECT voucher_id, $1, $2 + i, $4 || '-' || lpad(($3 + i)::text, greatest(4, length(($3 + i)::text)), '0'), $5,
              '支付' || name || '分红款', 'cashier', 'payment', payment_id::text, repeat('0', 64),
              encode(sha256(voucher_id::text::bytea), 'hex'), 0
         FROM bench_pay`,
      [projectId, head.s, counter.n, payDate.slice(0, 7), payDate],
    );
    await m.query(
      `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit)
       SELECT voucher_id, 1, '211-' || code, amount, 0 FROM bench_pay UNION ALL SELECT voucher_id, 2, '102', 0, amount FROM bench_pay`,
    );
    await m.query(
      `INSERT INTO payment (id, project_id, kind, village_id, amount, payment_date, bank_reference, voucher_id, status, created_by)
       SELECT payment_id, $1, 'village', village_id, amount, $2, 'BR-' || code, voucher_id, 'posted', 'cashier' FROM bench_pay`,
      [projectId, payDate],
    );
    await m.query('UPDATE voucher_counter SET last_n = last_n + $3 WHERE book_id = $1 AND month = $2', [
      projectId,
      payDate.slice(0, 7),
      rest.length,
    ]);
    await m.query(
      `UPDATE ledger_head h SET last_sequence = v.sequence, last_hash = v.hash
         FROM voucher v WHERE h.book_id = $1 AND v.book_id = $1 AND v.sequence = $2`,
      [projectId, head.s + rest.length],
    );
  });
  log(`  其余 ${owed.length - 3} 笔付款（SQL）${(performance.now() - t0).toFixed(0)} ms`);

  t0 = performance.now();
  await copyYears(db, projectId, draft.id);
  log(`  复制到以后 ${YEARS - 1} 个年度 ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  const closes = app.get(YearCloseService);
  const asOf = `${FIRST_YEAR + YEARS}-06-30`;
  for (let year = FIRST_YEAR; year < Number(asOf.slice(0, 4)); year++) await closes.close(actor('closer'), projectId, year);
  log(`  结账 ${FIRST_YEAR}–${Number(asOf.slice(0, 4)) - 1} 年度（结转余额）${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  await db.query('VACUUM ANALYZE voucher, voucher_line, distribution_run, payment, closed_year_balance');
  log(`  VACUUM ANALYZE ${(performance.now() - t0).toFixed(0)} ms`);

  const [{ lines, vouchers }] = await db.query(
    `SELECT count(*)::int AS lines, count(DISTINCT v.id)::int AS vouchers FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
      WHERE v.book_id = $1`,
    [projectId],
  );
  const [last] = await db.query(`SELECT id FROM distribution_run WHERE project_id = $1 AND year = $2`, [projectId, FIRST_YEAR + YEARS - 1]);
  const [village] = await db.query(`SELECT id FROM village WHERE code = $1`, [owed[12].code]); // the tenth paid by SQL: half
  return { projectId, runId: last.id, villageId: village.id, asOf, lines, vouchers };
}

/**
 * Copies the first year's vouchers (and its run and payments) into each later year: dates, fiscal years and voucher
 * numbers moved by k years, sequences after the last, ids new; one transaction.
 */
async function copyYears(db: DataSource, projectId: string, runId: string): Promise<void> {
  await db.transaction(async (m) => {
    // The seed only, as the owner, inside its transaction: the per-line "same transaction" check and the per-voucher
    // balance check at commit (the copies are of balanced vouchers), ALWAYS again before the commit.
    await m.query('ALTER TABLE voucher_line DISABLE TRIGGER voucher_line_same_tx');
    await m.query('ALTER TABLE voucher DISABLE TRIGGER voucher_balanced');
    const [{ n }] = await m.query('SELECT last_sequence AS n FROM ledger_head WHERE book_id = $1', [projectId]);
    await m.query(
      `CREATE TEMP TABLE bench_copy ON COMMIT DROP AS
       SELECT k, v.id AS old_id, gen_random_uuid() AS new_id FROM voucher v, generate_series(1, $2) k WHERE v.book_id = $1`,
      [projectId, YEARS - 1],
    );
    await m.query(
      `CREATE TEMP TABLE bench_run_copy ON COMMIT DROP AS
       SELECT k, r.id AS old_id, gen_random_uuid() AS new_id FROM distribution_run r, generate_series(1, $2) k WHERE r.id = $1`,
      [runId, YEARS - 1],
    );
    await m.query(
      `INSERT INTO distribution_run (id, project_id, year, status, scenario_json, policy_json, result_json, inputs_hash, result_hash,
                                     policy_hash, prepared_by, prepared_by_login, approved_by, approved_by_login, approved_at,
                                     posted_by_login, posted_at, posting_date)
       SELECT c.new_id, r.project_id, r.year + c.k, r.status, r.scenario_json, r.policy_json, r.result_json, r.inputs_hash, r.result_hash,
              r.policy_hash, r.prepared_by, r.prepared_by_login, r.approved_by, r.approved_by_login, r.approved_at + make_interval(years => c.k),
              r.posted_by_login, r.posted_at + make_interval(years => c.k), r.posting_date + make_interval(years => c.k)
         FROM bench_run_copy c JOIN distribution_run r ON r.id = c.old_id`,
    );
    await m.query(
      `INSERT INTO voucher (id, book_id, sequence, number, voucher_date, summary, preparer, reversal_of, reversal_of_number,
                            source_type, source_id, fiscal_year, prev_hash, hash, txid)
       SELECT c.new_id, v.book_id, v.sequence + c.k * $1, (substr(v.number, 1, 4)::int + c.k)::text || substr(v.number, 5),
              (v.voucher_date + make_interval(years => c.k))::date, replace(v.summary, $2::text, ($2::text::int + c.k)::text), v.preparer, NULL, NULL,
              v.source_type,
              CASE WHEN v.source_type = 'run' THEN rc.new_id::text WHEN v.source_type = 'year-close' THEN 'run:' || rc2.new_id
                   WHEN v.source_type = 'payment' THEN md5(v.source_id || c.k)::uuid::text ELSE v.source_id END,
              v.fiscal_year + c.k, repeat('0', 64), encode(sha256((c.new_id::text)::bytea), 'hex'), 0
         FROM bench_copy c JOIN voucher v ON v.id = c.old_id
         LEFT JOIN bench_run_copy rc ON rc.old_id::text = v.source_id AND rc.k = c.k
         LEFT JOIN bench_run_copy rc2 ON 'run:' || rc2.old_id = v.source_id AND rc2.k = c.k`,
      [n, String(FIRST_YEAR)],
    );
    await m.query(
      `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit, memo)
       SELECT c.new_id, l.line_no, l.account, l.debit, l.credit, l.memo FROM bench_copy c JOIN voucher_line l ON l.voucher_id = c.old_id`,
    );
    await m.query(
      `INSERT INTO payment (id, project_id, kind, village_id, amount, payment_date, bank_reference, voucher_id, status, created_by)
       SELECT md5(p.id::text || c.k)::uuid, p.project_id, p.kind, p.village_id, p.amount, (p.payment_date + make_interval(years => c.k))::date,
              p.bank_reference || '-' || c.k, c.new_id, p.status, p.created_by
         FROM bench_copy c JOIN payment p ON p.voucher_id = c.old_id`,
    );
    await m.query(
      `INSERT INTO voucher_counter (book_id, month, last_n)
       SELECT $1, (substr(month, 1, 4)::int + k)::text || substr(month, 5), last_n
         FROM voucher_counter, generate_series(1, $2) k WHERE book_id = $1`,
      [projectId, YEARS - 1],
    );
    await m.query(
      `UPDATE ledger_head h SET last_sequence = v.sequence, last_hash = v.hash
         FROM voucher v WHERE h.book_id = $1 AND v.book_id = $1 AND v.sequence = $2`,
      [projectId, Number(n) * YEARS],
    );
    await m.query('ALTER TABLE voucher_line ENABLE ALWAYS TRIGGER voucher_line_same_tx');
    await m.query('ALTER TABLE voucher ENABLE ALWAYS TRIGGER voucher_balanced');
  });
}
