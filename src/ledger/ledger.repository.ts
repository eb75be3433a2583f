import { Injectable } from '@nestjs/common';
import { accounts, GENESIS, PostedLine, VoucherLine, VoucherRecord } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import type { VillageView } from '../core/village-view';
import { isUuid } from '../platform/database/ids';
import { likeEscape, Repository, tableShape, Where } from '../platform/database/repository';
import { voucherLine } from './chain-page';

export const ledgerHeadTable = tableShape('ledger_head', {
  project_id: 'uuid',
  last_sequence: 'integer',
  last_hash: 'character(64)',
  last_event_sequence: 'integer',
  last_event_hash: 'character(64)',
});

export const voucherCounterTable = tableShape('voucher_counter', {
  project_id: 'uuid',
  month: 'character(7)',
  last_n: 'integer',
});

export const voucherTable = tableShape('voucher', {
  id: 'uuid',
  project_id: 'uuid',
  sequence: 'integer',
  number: 'character varying(20)',
  voucher_date: 'date',
  summary: 'text',
  preparer: 'character varying(64)',
  reversal_of: 'uuid?',
  reversal_of_number: 'character varying(20)?',
  source_type: 'character varying(30)',
  source_id: 'character varying(100)',
  fiscal_year: 'integer?',
  prev_hash: 'character(64)',
  hash: 'character(64)',
  txid: 'bigint',
  created_at: 'timestamp with time zone',
});

export const voucherLineTable = tableShape('voucher_line', {
  voucher_id: 'uuid',
  line_no: 'integer',
  account: 'character varying(64)',
  debit: 'numeric(15,2)',
  credit: 'numeric(15,2)',
  memo: 'character varying(100)',
});

/** A stored voucher: the hash-chain record plus where it came from. */
export interface PostedVoucher extends VoucherRecord {
  id: string;
  sourceType: string;
  sourceId: string;
  fiscalYear: number | null;
  reversalOfId: string | null;
}

/** Which vouchers of a project to read. A voucher matches an account or village filter when any of its lines does. */
export interface VoucherFilter {
  /** Dated on or after (YYYY-MM-DD). */
  from?: string;
  /** Dated on or before (YYYY-MM-DD). */
  to?: string;
  /** An account; its sub-accounts are included. */
  account?: string;
  /** A village code: its payable (211-) or capital (301-) sub-account. */
  village?: string;
  /** The business record the vouchers book; without `id`, every record of the type. */
  source?: { type: string; id?: string };
  fiscalYear?: number;
  /** Only vouchers that are not reversals and have not been reversed: what a source still has on the books. */
  onlyUnreversedOriginals?: boolean;
  /** A treasurer's view: vouchers touching their village's sub-accounts, or no other village's (core/village-view.ts). */
  visibleTo?: VillageView;
  limit?: number;
  offset?: number;
}

/** Which vouchers an account balance sums over. */
export interface NetFilter {
  /** Vouchers of no distribution year, or of one before this. */
  fiscalYearBefore?: number;
  fiscalYear?: number;
  sourceType?: string;
}

/** The project's chain head as a posting finds it under the lock. */
export interface LedgerHead {
  sequence: number;
  hash: string;
  projectCode: string;
  /** The project's start date: nothing is dated before it. */
  startDate: string | null;
  /** The end of the event chain (docs/ledger.md, "The event chain"). */
  eventSequence: number;
  eventHash: string;
  /** The transaction's start (the database's now()), to the millisecond: an event's recorded_at. */
  now: Date;
}

/** One voucher as the writer stores it, hash already chained. */
export interface NewVoucher {
  id: string;
  projectId: string;
  sequence: number;
  number: string;
  date: string;
  summary: string;
  preparer: string;
  reversalOfId: string | null;
  reversalOfNumber: string | null;
  sourceType: string;
  sourceId: string;
  fiscalYear: number | null;
  prevHash: string;
  hash: string;
  lines: readonly VoucherLine[];
}

/** "Voucher v is an original still on the books": not a reversal, and not reversed. The one definition. */
const UNREVERSED_ORIGINAL = 'v.reversal_of IS NULL AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reversal_of = v.id)';

const VOUCHER_COLUMNS = `v.id, p.code AS "projectCode", v.sequence, v.number AS "voucherNumber",
  to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.summary, v.preparer, v.reversal_of_number AS "reversalOf",
  v.reversal_of AS "reversalOfId", v.source_type AS "sourceType", v.source_id AS "sourceId", v.fiscal_year AS "fiscalYear",
  v.prev_hash AS "prevHash", v.hash`;

const fen = (s: string) => parseMoney(s, 'amount');

/**
 * The books: vouchers, their lines, the per-project chain head and the
 * per-month voucher counters. Reads serve everyone; the writes (lockHead,
 * nextVoucherNumber, insertVoucher, advanceHead) are LedgerWriter's alone,
 * which holds the rules for calling them (the head lock first, then in order).
 */
@Injectable()
export class LedgerRepository extends Repository {
  /** Vouchers of a project with their lines (in stored order), in sequence order. */
  async vouchers(projectId: string, filter: VoucherFilter = {}): Promise<PostedVoucher[]> {
    const w = this.where(projectId, filter);
    const page = filter.limit !== undefined ? ` LIMIT ${w.param(filter.limit)} OFFSET ${w.param(filter.offset ?? 0)}` : '';
    const rows = await this.rows<Omit<PostedVoucher, 'lines'>>(
      `SELECT ${VOUCHER_COLUMNS} FROM voucher v JOIN project p ON p.id = v.project_id ${w.sql} ORDER BY v.sequence${page}`,
      w.params,
    );
    if (rows.length === 0) return [];
    const lines = await this.rows<{ voucherId: string; account: string; debit: string; credit: string; memo: string }>(
      `SELECT voucher_id AS "voucherId", account, debit::text AS debit, credit::text AS credit, memo FROM voucher_line
        WHERE voucher_id = ANY($1::uuid[]) ORDER BY voucher_id, line_no`,
      [rows.map((r) => r.id)],
    );
    const byVoucher = new Map<string, VoucherLine[]>();
    for (const l of lines) {
      const list = byVoucher.get(l.voucherId) ?? [];
      list.push(voucherLine(l));
      byVoucher.set(l.voucherId, list);
    }
    return rows.map((r) => ({ ...r, sequence: Number(r.sequence), lines: byVoucher.get(r.id) ?? [] }));
  }

  /**
   * Up to `limit` vouchers of the chain after `afterSequence`, in sequence order, as one JSON text (a ChainPage): the
   * event loop then decodes one string per page instead of parsing thousands of rows and amounts, and the text goes to
   * verification's worker as it came (verification.worker.ts turns it into vouchers, amounts as vouchers() gives them).
   * Keyset paging: run in one snapshot, successive pages agree.
   */
  async chainPage(projectId: string, afterSequence: number, limit: number): Promise<{ json: string; count: number; last: number }> {
    const [row] = await this.rows<{ json: string | null; count: number; last: number | null }>(
      `SELECT json_agg(json_build_object(
                'id', v.id, 'projectCode', p.code, 'sequence', v.sequence, 'voucherNumber', v.number,
                'date', to_char(v.voucher_date, 'YYYY-MM-DD'), 'summary', v.summary, 'preparer', v.preparer,
                'reversalOf', v.reversal_of_number, 'reversalOfId', v.reversal_of, 'sourceType', v.source_type,
                'sourceId', v.source_id, 'fiscalYear', v.fiscal_year, 'prevHash', v.prev_hash, 'hash', v.hash,
                'lines', coalesce((SELECT json_agg(json_build_object('account', l.account, 'debit', l.debit::text,
                                                                     'credit', l.credit::text, 'memo', l.memo) ORDER BY l.line_no)
                                     FROM voucher_line l WHERE l.voucher_id = v.id), '[]'::json))
              ORDER BY v.sequence)::text AS json,
              count(*)::int AS count, max(v.sequence) AS last
         FROM (SELECT * FROM voucher WHERE project_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3) v
         JOIN project p ON p.id = v.project_id`,
      [projectId, afterSequence, limit],
    );
    return { json: row.json ?? '[]', count: Number(row.count), last: row.last === null ? afterSequence : Number(row.last) };
  }

  async countVouchers(projectId: string, filter: VoucherFilter = {}): Promise<number> {
    const w = this.where(projectId, filter);
    return (await this.one<{ n: number }>(`SELECT count(*)::int AS n FROM voucher v ${w.sql}`, w.params))!.n;
  }

  async hasVouchers(projectId: string, filter: VoucherFilter = {}): Promise<boolean> {
    const w = this.where(projectId, filter);
    return (await this.rows(`SELECT 1 FROM voucher v ${w.sql} LIMIT 1`, w.params)).length > 0;
  }

  /** Signed (debit − credit) balance of an account and its sub-accounts over the project's vouchers (all, or those filtered). */
  async accountNet(projectId: string, account: string, filter: NetFilter = {}): Promise<bigint> {
    const w = new Where()
      .and((p) => `v.project_id = ${p(projectId)}`)
      .and((p) => accountOrSub('l.account', account, p))
      .and((p) => `v.fiscal_year IS NULL OR v.fiscal_year < ${p(filter.fiscalYearBefore)}`, filter.fiscalYearBefore)
      .and((p) => `v.fiscal_year = ${p(filter.fiscalYear)}`, filter.fiscalYear)
      .and((p) => `v.source_type = ${p(filter.sourceType)}`, filter.sourceType);
    const row = await this.one<{ net: string }>(
      `SELECT coalesce(sum(l.debit - l.credit), 0)::text AS net FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id ${w.sql}`,
      w.params,
    );
    return fen(row!.net);
  }

  /**
   * The first account paid more than it was owed: a village payable (211-…)
   * in debit, or the operator's receivable in credit. Undefined when none is.
   */
  async overpaidAccount(projectId: string): Promise<string | undefined> {
    const row = await this.one<{ account: string }>(
      `SELECT l.account FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.project_id = $1 AND (l.account LIKE '211-%' OR l.account = $2) GROUP BY l.account
       HAVING (l.account LIKE '211-%' AND sum(l.debit - l.credit) > 0) OR (l.account = $2 AND sum(l.debit - l.credit) < 0)
        LIMIT 1`,
      [projectId, accounts.OPERATOR_RECEIVABLE],
    );
    return row?.account;
  }

  /** Every posted line of a project dated up to `asOf`, for the trial balance. */
  async postedLines(projectId: string, asOf: string): Promise<PostedLine[]> {
    const rows = await this.rows<{ account: string; debit: string; credit: string; date: string }>(
      `SELECT l.account, l.debit::text AS debit, l.credit::text AS credit, to_char(v.voucher_date, 'YYYY-MM-DD') AS date
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.project_id = $1 AND v.voucher_date <= $2`,
      [projectId, asOf],
    );
    return rows.map((r) => ({ account: r.account, debit: fen(r.debit), credit: fen(r.credit), date: r.date }));
  }

  /** The year of the project's earliest voucher, if it has any. */
  async firstVoucherYear(projectId: string): Promise<number | undefined> {
    const row = await this.one<{ year: number | null }>(
      'SELECT extract(year FROM min(voucher_date))::int AS year FROM voucher WHERE project_id = $1',
      [projectId],
    );
    return row?.year ?? undefined;
  }

  /** The project's digest: the latest sequence and hash, printed with every report. */
  async digest(projectId: string): Promise<{ sequence: number; hash: string }> {
    const row = await this.one<{ sequence: number; hash: string }>(
      'SELECT last_sequence AS sequence, last_hash AS hash FROM ledger_head WHERE project_id = $1',
      [projectId],
    );
    return row ? { sequence: Number(row.sequence), hash: row.hash } : { sequence: 0, hash: GENESIS };
  }

  // Writes: LedgerWriter's only.

  /**
   * Creates the project's head row on first use, then locks it FOR UPDATE
   * until the transaction ends: every posting to the project queues here.
   * Undefined when there is no such project.
   */
  async lockHead(projectId: string): Promise<LedgerHead | undefined> {
    if (!isUuid(projectId)) return undefined;
    await this.rows('INSERT INTO ledger_head (project_id) SELECT id FROM project WHERE id = $1 ON CONFLICT DO NOTHING', [projectId]);
    const head = await this.one<LedgerHead>(
      `SELECT h.last_sequence AS sequence, h.last_hash AS hash, p.code AS "projectCode",
              to_char(p.start_date, 'YYYY-MM-DD') AS "startDate",
              h.last_event_sequence AS "eventSequence", h.last_event_hash AS "eventHash", date_trunc('milliseconds', now()) AS now
         FROM ledger_head h JOIN project p ON p.id = h.project_id WHERE h.project_id = $1 FOR UPDATE OF h`,
      [projectId],
    );
    return head && { ...head, sequence: Number(head.sequence), eventSequence: Number(head.eventSequence) };
  }

  /** The month's next voucher number (1, 2, …); taken back by a rollback, so numbers stay gapless. */
  async nextVoucherNumber(projectId: string, month: string): Promise<number> {
    const row = await this.one<{ n: number }>(
      `INSERT INTO voucher_counter (project_id, month, last_n) VALUES ($1, $2, 1)
       ON CONFLICT (project_id, month) DO UPDATE SET last_n = voucher_counter.last_n + 1 RETURNING last_n AS n`,
      [projectId, month],
    );
    return Number(row!.n);
  }

  /** The voucher and its lines; the database checks at commit that they balance. */
  async insertVoucher(v: NewVoucher): Promise<void> {
    await this.rows(
      `INSERT INTO voucher (id, project_id, sequence, number, voucher_date, summary, preparer, reversal_of, reversal_of_number,
                            source_type, source_id, fiscal_year, prev_hash, hash, txid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0)`,
      [
        v.id,
        v.projectId,
        v.sequence,
        v.number,
        v.date,
        v.summary,
        v.preparer,
        v.reversalOfId,
        v.reversalOfNumber,
        v.sourceType,
        v.sourceId,
        v.fiscalYear,
        v.prevHash,
        v.hash,
      ],
    );
    // One statement per voucher, however many lines: a 2,000-village dividend voucher is one round trip.
    await this.rows(
      `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit, memo)
       SELECT $1, n, a, d, c, mm FROM unnest($2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::text[]) AS t(n, a, d, c, mm)`,
      [
        v.id,
        v.lines.map((_, k) => k + 1),
        v.lines.map((l) => l.account),
        v.lines.map((l) => formatFen(l.debit)),
        v.lines.map((l) => formatFen(l.credit)),
        v.lines.map((l) => l.memo ?? ''),
      ],
    );
  }

  /** Moves the chain head to the last voucher posted (under the lock taken by lockHead). */
  async advanceHead(projectId: string, sequence: number, hash: string): Promise<void> {
    await this.rows('UPDATE ledger_head SET last_sequence = $2, last_hash = $3 WHERE project_id = $1', [projectId, sequence, hash]);
  }

  /** Moves the event chain's head to the last event recorded (under the lock taken by lockHead). */
  async advanceEventHead(projectId: string, sequence: number, hash: string): Promise<void> {
    await this.rows('UPDATE ledger_head SET last_event_sequence = $2, last_event_hash = $3 WHERE project_id = $1', [
      projectId,
      sequence,
      hash,
    ]);
  }

  private where(projectId: string, f: VoucherFilter): Where {
    const w = new Where()
      .and((p) => `v.project_id = ${p(projectId)}`)
      .and((p) => `v.voucher_date >= ${p(f.from)}`, f.from)
      .and((p) => `v.voucher_date <= ${p(f.to)}`, f.to)
      .and(
        (p) => `EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND ${accountOrSub('l.account', f.account!, p)})`,
        f.account,
      )
      .and(
        (p) => `EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id
                    AND l.account IN (${p(accounts.payable(f.village!, 'village'))}, ${p(accounts.villageCapital(f.village!, 'village'))}))`,
        f.village,
      )
      .and((p) => `v.source_type = ${p(f.source?.type)}`, f.source?.type)
      .and((p) => `v.source_id = ${p(f.source?.id)}`, f.source?.id)
      .and((p) => `v.fiscal_year = ${p(f.fiscalYear)}`, f.fiscalYear);
    if (f.onlyUnreversedOriginals) w.and(() => UNREVERSED_ORIGINAL);
    if (f.visibleTo) {
      const own = f.visibleTo.own;
      w.and(
        (p) => `NOT EXISTS (SELECT 1 FROM voucher_line l JOIN village vi ON vi.code = substr(l.account, 5)
                 WHERE l.voucher_id = v.id AND left(l.account, 4) IN ('211-', '301-') AND vi.code IS DISTINCT FROM ${p(own)}::text)
             OR EXISTS (SELECT 1 FROM voucher_line l WHERE l.voucher_id = v.id AND l.account IN (${p(`211-${own ?? ''}`)}, ${p(`301-${own ?? ''}`)}))`,
      );
    }
    return w;
  }

  /** Which of these codes are villages' (the rest of 211-<code> are payees and deductions' beneficiaries). */
  async villageCodes(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.rows<{ code: string }>('SELECT code FROM village WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
    return new Set(rows.map((r) => r.code));
  }
}

/** An account or any of its sub-accounts (`211` matches `211` and `211-V01`, not `2110`). */
function accountOrSub(column: string, account: string, p: (value: unknown) => string): string {
  return `(${column} = ${p(account)} OR ${column} LIKE ${p(`${likeEscape(account)}-%`)})`;
}
