import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, Where } from '../platform/database/repository';

/** Below this many vouchers after the latest close, the trial balance fetches their lines by the vouchers' ids. */
const FEW_VOUCHERS = 50_000;

/** A distribution run as the run statement prints it, with its stored documents as JSON text. */
export interface StatementRun {
  id: string;
  year: number;
  status: 'draft' | 'approved' | 'posted' | 'reversed';
  postingDate: string | null;
  inputsHash: string;
  resultHash: string;
  policyHash: string;
  scenarioJson: string;
  resultJson: string;
  preparedByLogin: string;
  /** The day the draft was made, in Beijing. */
  preparedOn: string;
  approvedByLogin: string | null;
  approvedOn: string | null;
  postedByLogin: string | null;
}

/** A payment voucher to a village's payable, with the voucher that reversed it (if dated up to the statement's date). */
export interface VillagePaymentRow {
  projectCode: string;
  date: string;
  voucher: string;
  bankReference: string;
  amount: string;
  reversalVoucher: string | null;
  reversalDate: string | null;
}

/** Which 211 lines of the chain to read: a project's, a village's payable across projects, or both; dated up to `asOf`. */
export interface PayableFilter {
  projectId?: string;
  /** One payable account exactly (211-<village>). */
  account?: string;
  asOf: string;
}

/** What a run's vouchers left owed on one 211 sub-account as of a date (credits less reversals). */
export interface RunOwed {
  projectId: string;
  projectCode: string;
  runId: string;
  /** The distribution year the vouchers carry. */
  year: number;
  /** The sub-account's code: 211-V01 → V01. */
  code: string;
  owed: string;
  /** The run's first voucher date: when the dividend became owed. */
  postedOn: string;
  /** Its first voucher's sequence: orders two runs of one year. */
  firstSequence: number;
}

/** A payment voucher to a village still on the books as of a date. */
export interface VillageReceiptRow {
  projectId: string;
  /** The payable paid: 211-<village>. */
  account: string;
  projectCode: string;
  amount: string;
  date: string;
  bankReference: string;
  voucher: string;
}

/**
 * One account's lines dated up to the trial balance's date, summed in PostgreSQL, in integer fen (int8 as text): those
 * before the period (with the balance carried forward at a closed year's end, if any) and those in it.
 */
export interface AccountSum {
  account: string;
  openingDebit: string;
  openingCredit: string;
  debit: string;
  credit: string;
}

/**
 * A 211 sub-account as one run's statement needs it: what the run left owed on it, what the project's earlier runs
 * left owed (each at least zero), and what the project's payment vouchers paid on it, all dated up to the date.
 */
export interface RunPayable {
  /** The sub-account's code: 211-V01 → V01. */
  code: string;
  owed: string;
  /** What earlier runs left owed, each counted at least zero: the dividends FIFO pays before this run's. */
  owedBefore: string;
  paid: string;
}

/**
 * Read-only queries for the reports. Owns no table: it reads vouchers, runs,
 * payments, projects and villages, and never writes them. What is owed and
 * paid comes from the 211 lines of the voucher chain, never from the mutable
 * payment or run rows (spec: "Everything that changes money is verifiable").
 */
@Injectable()
export class ReportsRepository extends Repository {
  /** Village codes to names for the project's participants. */
  async villageNames(projectId: string): Promise<Map<string, string>> {
    const rows = await this.rows<{ code: string; name: string }>(
      'SELECT v.code, v.name FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1',
      [projectId],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** One run of the project; a malformed id is not found. */
  async run(projectId: string, id: string): Promise<StatementRun | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<StatementRun>(
      `SELECT id, year, status, to_char(posting_date, 'YYYY-MM-DD') AS "postingDate", inputs_hash AS "inputsHash",
              result_hash AS "resultHash", policy_hash AS "policyHash", scenario_json AS "scenarioJson", result_json AS "resultJson",
              prepared_by_login AS "preparedByLogin", to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "preparedOn",
              approved_by_login AS "approvedByLogin", to_char(approved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "approvedOn",
              posted_by_login AS "postedByLogin"
         FROM distribution_run WHERE id = $1 AND project_id = $2`,
      [id, projectId],
    );
  }

  /**
   * One village's line of each run's stored result (JSON text), by run id; absent when the result has none. Taken
   * out in PostgreSQL: a 20,000-village result is megabytes, and a village statement wants one line of each.
   */
  async villageLines(ids: readonly string[], code: string): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.rows<{ id: string; line: string | null }>(
      `SELECT id, (SELECT e::text FROM json_array_elements(result_json::json -> 'villages') e WHERE e ->> 'code' = $2 LIMIT 1) AS line
         FROM distribution_run WHERE id = ANY($1::uuid[])`,
      [ids, code],
    );
    return new Map(rows.flatMap((r): [string, string][] => (r.line === null ? [] : [[r.id, r.line]])));
  }

  /** Per run and 211 sub-account: what the run's vouchers dated up to `asOf` left owed (a reversed run nets to zero). */
  runOwed(f: PayableFilter): Promise<RunOwed[]> {
    const w = this.payables(f, 'run');
    return this.rows<RunOwed>(
      `SELECT v.book_id AS "projectId", pr.code AS "projectCode", v.source_id AS "runId", v.fiscal_year AS year,
              substr(l.account, 5) AS code, sum(l.credit - l.debit)::text AS owed,
              to_char(min(v.voucher_date), 'YYYY-MM-DD') AS "postedOn", min(v.sequence)::int AS "firstSequence"
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN project pr ON pr.id = v.book_id ${w.sql}
        GROUP BY v.book_id, pr.code, v.source_id, v.fiscal_year, l.account
        ORDER BY pr.code, v.fiscal_year, min(v.sequence)`,
      w.params,
    );
  }

  /**
   * The trial balance's sums: one row an account, its debits and credits before `periodStart` and from it to `asOf`
   * as integer fen (GROUP BY in PostgreSQL, however many lines). The core folds them into parents and totals as it
   * would the lines themselves (ReportsService.trialBalance).
   * When a year before the period is closed, the latest such year's carried-forward balances (closed_year_balance,
   * the sums of every line up to its 31 December, which cannot change while it is closed) stand for those lines,
   * and only the lines after it are read: a period of this year reads this year's lines, not decades'.
   * Those lines are fetched by their vouchers' ids (one scan of voucher_line's primary key for all of them) when the
   * vouchers are few (a year's): PostgreSQL would otherwise hash all of voucher_line to join them, twice as slow.
   * With many (no closed year, decades of books) the hash join it chooses is the fast way, and is kept.
   */
  async accountSums(projectId: string, periodStart: string, asOf: string, fewVouchers = FEW_VOUCHERS): Promise<AccountSum[]> {
    // JIT compiling the aggregate would take longer (~100 ms) than running it.
    await this.rows(`SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
    const closed = await this.one<{ year: number | null }>('SELECT max(year) AS year FROM year_close WHERE book_id = $1 AND year < $2', [
      projectId,
      Number(periodStart.slice(0, 4)),
    ]);
    const carried = closed?.year == null ? '-infinity' : `${closed.year}-12-31`;
    const fen = (amount: string) => `(${amount} * 100)::bigint`;
    const byId = (dates: string) =>
      `SELECT account, debit, credit FROM voucher_line
        WHERE voucher_id = ANY (ARRAY(SELECT id FROM voucher WHERE book_id = $1 AND ${dates}))`;
    // In fen as each row comes: bigint sums are much quicker than numeric ones.
    const lines =
      (await this.vouchersBetween(projectId, carried, asOf)) < fewVouchers
        ? `SELECT account, true, ${fen('debit')}, ${fen('credit')} FROM (${byId('voucher_date > $4::date AND voucher_date < $2')}) o
           UNION ALL
           SELECT account, false, ${fen('debit')}, ${fen('credit')} FROM (${byId('voucher_date >= $2 AND voucher_date <= $3')}) p`
        : `SELECT l.account, v.voucher_date < $2, ${fen('l.debit')}, ${fen('l.credit')}
             FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
            WHERE v.book_id = $1 AND v.voucher_date > $4::date AND v.voucher_date <= $3`;
    const sum = (column: string, when: string) => `coalesce(sum(${column}) FILTER (WHERE ${when}), 0)`;
    return this.rows<AccountSum>(
      `SELECT account, ${sum('debit', 'before')} AS "openingDebit", ${sum('credit', 'before')} AS "openingCredit",
              ${sum('debit', 'NOT before')} AS debit, ${sum('credit', 'NOT before')} AS credit
         FROM (SELECT account, true AS before, ${fen('debit')} AS debit, ${fen('credit')} AS credit
                 FROM closed_year_balance WHERE book_id = $1 AND year = $5
               UNION ALL
               ${lines}) s
        GROUP BY account`,
      [projectId, periodStart, asOf, carried, closed?.year ?? null],
    );
  }

  /** How many vouchers of the project are dated in (`after`, `upTo`] (the index on (book_id, voucher_date) alone). */
  async vouchersBetween(projectId: string, after: string, upTo: string): Promise<number> {
    const row = await this.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM voucher WHERE book_id = $1 AND voucher_date > $2::date AND voucher_date <= $3',
      [projectId, after, upTo],
    );
    return row?.n ?? 0;
  }

  /**
   * One run's payables as of a date, per 211 sub-account the run credited: its owed, the owed of the project's
   * runs before it (in the order runOwed gives: fiscal year, then first voucher), and the payments' sum, so that
   * FIFO matching needs one row a village instead of one a village and run. None when the run has no 211 line by then.
   */
  runPayables(projectId: string, runId: string, asOf: string): Promise<RunPayable[]> {
    return this.rows<RunPayable>(
      `WITH owed AS (
         SELECT v.source_id AS run, l.account, sum(l.credit - l.debit) AS owed, min(v.fiscal_year) AS year, min(v.sequence) AS first
           FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.source_type = 'run' AND v.voucher_date <= $3 AND l.account LIKE '211-%'
          GROUP BY v.source_id, v.fiscal_year, l.account),
       runs AS (SELECT run, min(year) AS year, min(first) AS first FROM owed GROUP BY run),
       this AS (SELECT year, first FROM runs WHERE run = $2),
       due AS (
         SELECT o.account, sum(o.owed) FILTER (WHERE o.run = $2) AS owed,
                coalesce(sum(greatest(o.owed, 0)) FILTER (WHERE (r.year, r.first) < (t.year, t.first)), 0) AS before
           FROM owed o JOIN runs r ON r.run = o.run CROSS JOIN this t
          GROUP BY o.account),
       paid AS (
         SELECT l.account, sum(l.debit - l.credit) AS paid
           FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.source_type = 'payment' AND v.voucher_date <= $3 AND l.account LIKE '211-%'
          GROUP BY l.account)
       SELECT substr(d.account, 5) AS code, d.owed::text AS owed, d.before::text AS "owedBefore", coalesce(p.paid, 0)::text AS paid
         FROM due d LEFT JOIN paid p ON p.account = d.account
        WHERE d.owed IS NOT NULL`,
      [projectId, runId, asOf],
    );
  }

  /** Per project and 211 sub-account: what payment vouchers (less their reversals) dated up to `asOf` paid. */
  paid(f: PayableFilter): Promise<Array<{ projectId: string; code: string; paid: string }>> {
    const w = this.payables(f, 'payment');
    return this.rows(
      `SELECT v.book_id AS "projectId", substr(l.account, 5) AS code, sum(l.debit - l.credit)::text AS paid
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN project pr ON pr.id = v.book_id ${w.sql}
        GROUP BY v.book_id, l.account`,
      w.params,
    );
  }

  /**
   * The payment vouchers to a village's payable (or to every payable of a project) dated up to `asOf` and not
   * reversed by then, in date order: the amount is the voucher line's; the
   * bank reference, which moves no money, comes from the payment record.
   */
  receipts(f: { account?: string; projectId?: string }, asOf: string): Promise<VillageReceiptRow[]> {
    const w = new Where()
      .and(() => `v.source_type = 'payment' AND v.reversal_of IS NULL AND l.debit > 0`)
      .and((p) => `l.account = ${p(f.account)}`, f.account)
      .and((p) => `v.book_id = ${p(f.projectId)}`, f.projectId)
      .and(() => `l.account LIKE '211-%'`)
      .and((p) => `v.voucher_date <= ${p(asOf)}`)
      .and((p) => `NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reversal_of = v.id AND r.voucher_date <= ${p(asOf)})`);
    return this.rows(
      `SELECT v.book_id AS "projectId", l.account, pr.code AS "projectCode", l.debit::text AS amount,
              to_char(v.voucher_date, 'YYYY-MM-DD') AS date, coalesce(p.bank_reference, '') AS "bankReference", v.number AS voucher
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN project pr ON pr.id = v.book_id
         LEFT JOIN payment p ON p.id::text = v.source_id ${w.sql}
        ORDER BY v.voucher_date, pr.code, v.sequence`,
      w.params,
    );
  }

  /**
   * Every payment voucher to a village's payable dated up to `asOf`, reversed or not, in date order: the amount is
   * the voucher line's; the reversal shows when it is dated up to `asOf` too (村对账单 "including reversed payments").
   */
  villagePayments(account: string, asOf: string): Promise<VillagePaymentRow[]> {
    return this.rows(
      `SELECT pr.code AS "projectCode", to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.number AS voucher,
              coalesce(p.bank_reference, '') AS "bankReference", l.debit::text AS amount,
              r.number AS "reversalVoucher", to_char(r.voucher_date, 'YYYY-MM-DD') AS "reversalDate"
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id JOIN project pr ON pr.id = v.book_id
         LEFT JOIN payment p ON p.id::text = v.source_id
         LEFT JOIN voucher r ON r.reversal_of = v.id AND r.voucher_date <= $2
        WHERE v.source_type = 'payment' AND v.reversal_of IS NULL AND l.account = $1 AND l.debit > 0 AND v.voucher_date <= $2
        ORDER BY v.voucher_date, pr.code, v.sequence`,
      [account, asOf],
    );
  }

  /** The year result's count of mushroom logs (菌棒), when it gives one. */
  async mushroomLogs(projectId: string, year: number): Promise<bigint | undefined> {
    const row = await this.one<{ logs: string | null }>(
      'SELECT mushroom_logs::text AS logs FROM year_result WHERE project_id = $1 AND year = $2',
      [projectId, year],
    );
    return row?.logs ? BigInt(row.logs) : undefined;
  }

  /** Users' display names by login; a login with no user (a system task such as "npm run demo") is absent. */
  async displayNames(logins: readonly (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(logins.filter((l): l is string => !!l))];
    if (wanted.length === 0) return new Map();
    const rows = await this.rows<{ login: string; name: string }>(
      'SELECT login, display_name AS name FROM app_user WHERE login = ANY($1::text[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.login, r.name]));
  }

  /** The date of a project's voucher by its number (2026-03-0001), if there is one. */
  async voucherDate(projectId: string, number: string): Promise<string | undefined> {
    const row = await this.one<{ date: string }>(
      `SELECT to_char(voucher_date, 'YYYY-MM-DD') AS date FROM voucher WHERE book_id = $1 AND number = $2`,
      [projectId, number],
    );
    return row?.date;
  }

  /** The voucher that reverses each of these (by id), with its number. */
  async reversals(voucherIds: readonly string[]): Promise<Map<string, string>> {
    if (voucherIds.length === 0) return new Map();
    const rows = await this.rows<{ id: string; number: string }>(
      'SELECT reversal_of AS id, number FROM voucher WHERE reversal_of = ANY($1::uuid[])',
      [voucherIds],
    );
    return new Map(rows.map((r) => [r.id, r.number]));
  }

  /** The run a voucher's source names, for its signatures: who prepared, approved and posted it. */
  runHandlers(
    runId: string,
  ): Promise<{ preparedByLogin: string; approvedByLogin: string | null; postedByLogin: string | null } | undefined> {
    if (!isUuid(runId)) return Promise.resolve(undefined);
    return this.one(
      `SELECT prepared_by_login AS "preparedByLogin", approved_by_login AS "approvedByLogin", posted_by_login AS "postedByLogin"
         FROM distribution_run WHERE id = $1`,
      [runId],
    );
  }

  private payables(f: PayableFilter, sourceType: 'run' | 'payment'): Where {
    return new Where()
      .and((p) => `v.source_type = ${p(sourceType)}`)
      .and((p) => `v.voucher_date <= ${p(f.asOf)}`)
      .and((p) => `v.book_id = ${p(f.projectId)}`, f.projectId)
      .and((p) => `l.account = ${p(f.account)}`, f.account)
      .and(() => `l.account LIKE '211-%'`);
  }
}
