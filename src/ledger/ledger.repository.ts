import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { QueryFailedError } from 'typeorm';
import { accounts, BookKind, GENESIS, PostedLine, VoucherLine, VoucherRecord } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import type { VillageView } from '../core/village-view';
import { InvariantError } from '../core/errors';
import { isUuid } from '../platform/database/ids';
import { takeCommitWithLast, takePendingBegin } from '../platform/database/transactional-adapter';
import { likeEscape, Repository, tableShape, Where } from '../platform/database/repository';
import { voucherLine } from './chain-page';

export const ledgerHeadTable = tableShape('ledger_head', {
  book_id: 'uuid',
  last_sequence: 'integer',
  last_hash: 'character(64)',
  last_event_sequence: 'integer',
  last_event_hash: 'character(64)',
});

export const voucherCounterTable = tableShape('voucher_counter', {
  book_id: 'uuid',
  month: 'character(7)',
  last_n: 'integer',
});

export const voucherTable = tableShape('voucher', {
  id: 'uuid',
  book_id: 'uuid',
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

/** The book's chain head as a posting finds it under the lock. */
export interface LedgerHead {
  /** Whose book: a project's (its chart of accounts is the project's) or a village's. */
  kind: BookKind;
  sequence: number;
  hash: string;
  /** The book's code: its project's, or its village's (hashed into every voucher as VoucherContent.projectCode). */
  projectCode: string;
  /** The project's start date, a village book's opening date: nothing is dated before it. */
  startDate: string | null;
  /** The end of the event chain (docs/ledger.md, "The event chain"). */
  eventSequence: number;
  eventHash: string;
  /** The transaction's start (the database's now()), to the millisecond: an event's recorded_at. */
  now: Date;
  /** The project's cut-over date (its row held FOR SHARE until the transaction ends), or null. */
  cutoverDate: string | null;
  /** The date of the project's posted, unreversed opening voucher (opening-voucher.ts), when it has a cut-over date. */
  openingDate: string | null;
  /** The project's closed years, ascending. */
  closedYears: number[];
  /** The last voucher number of each month asked for (0 when the month has none yet). */
  counters: Map<string, number>;
}
/** One voucher as the writer stores it, hash already chained. */
export interface NewVoucher {
  id: string;
  bookId: string;
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

/** Every book's id and code: a project book's id is its project's, a village book's its village's (migration Books). */
export const BOOK_CODES = '(SELECT id, code, name FROM project UNION ALL SELECT id, code, name FROM village)';

/**
 * What a posting's checks read besides the head (head h, `cutover` the project's cut-over date or NULL for a village's
 * book; $2 the opening source type, $3 the months): the posted opening voucher's date when the book has a cut-over
 * date, the closed years, the months' counters.
 */
const booksState = (cutover: string) => `CASE WHEN ${cutover} IS NOT NULL THEN
    (SELECT to_char(v.voucher_date, 'YYYY-MM-DD') FROM voucher v
      WHERE v.book_id = h.book_id AND v.source_type = $2 AND ${UNREVERSED_ORIGINAL} ORDER BY v.sequence LIMIT 1)
  END AS "openingDate",
  ARRAY(SELECT c.year FROM year_close c WHERE c.book_id = h.book_id ORDER BY c.year) AS "closedYears",
  (SELECT json_object_agg(vc.month, vc.last_n) FROM voucher_counter vc
    WHERE vc.book_id = h.book_id AND vc.month = ANY($3::text[])) AS counters`;

/** Lines a statement when vouchers are appended: bounds the parameter arrays' memory. */
const LINES_PER_STATEMENT = 10_000;

/**
 * Lines up to which an append that ends its unit also commits in its message (prepared(), `last`), its parameters
 * written as literals: a round trip saved is worth it for a few vouchers; for a run's thousands of lines the text
 * costs more than the round trip, and they go as parameters, the COMMIT after.
 */
const LITERAL_LINES = 200;

/** opening-voucher.ts's OPENING_SOURCE (that file imports this one, so the value is repeated, not imported). */
const OPENING_SOURCE_TYPE = 'opening-balance';

/**
 * The books: vouchers, their lines, the per-project chain head and the
 * per-month voucher counters. Reads serve everyone; the writes (lockHead,
 * appendVouchers, advanceEventHead) are LedgerWriter's alone, which holds the
 * rules for calling them (the head lock first, then in order).
 */
@Injectable()
export class LedgerRepository extends Repository {
  /** Vouchers of a project with their lines (in stored order), in sequence order. */
  async vouchers(bookId: string, filter: VoucherFilter = {}): Promise<PostedVoucher[]> {
    const w = this.where(bookId, filter);
    const page = filter.limit !== undefined ? ` LIMIT ${w.param(filter.limit)} OFFSET ${w.param(filter.offset ?? 0)}` : '';
    const rows = await this.rows<Omit<PostedVoucher, 'lines'>>(
      `SELECT ${VOUCHER_COLUMNS} FROM voucher v JOIN ${BOOK_CODES} p ON p.id = v.book_id ${w.sql} ORDER BY v.sequence${page}`,
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
  async chainPage(bookId: string, afterSequence: number, limit: number): Promise<{ json: string; count: number; last: number }> {
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
         FROM (SELECT * FROM voucher WHERE book_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3) v
         JOIN ${BOOK_CODES} p ON p.id = v.book_id`,
      [bookId, afterSequence, limit],
    );
    return { json: row.json ?? '[]', count: Number(row.count), last: row.last === null ? afterSequence : Number(row.last) };
  }

  async countVouchers(bookId: string, filter: VoucherFilter = {}): Promise<number> {
    const w = this.where(bookId, filter);
    return (await this.one<{ n: number }>(`SELECT count(*)::int AS n FROM voucher v ${w.sql}`, w.params))!.n;
  }

  async hasVouchers(bookId: string, filter: VoucherFilter = {}): Promise<boolean> {
    const w = this.where(bookId, filter);
    return (await this.rows(`SELECT 1 FROM voucher v ${w.sql} LIMIT 1`, w.params)).length > 0;
  }

  /** Signed (debit − credit) balance of an account and its sub-accounts over the project's vouchers (all, or those filtered). */
  async accountNet(bookId: string, account: string, filter: NetFilter = {}): Promise<bigint> {
    const w = new Where()
      .and((p) => `v.book_id = ${p(bookId)}`)
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
  async overpaidAccount(bookId: string): Promise<string | undefined> {
    const row = await this.one<{ account: string }>(
      `SELECT l.account FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.book_id = $1 AND (l.account LIKE '211-%' OR l.account = $2) GROUP BY l.account
       HAVING (l.account LIKE '211-%' AND sum(l.debit - l.credit) > 0) OR (l.account = $2 AND sum(l.debit - l.credit) < 0)
        LIMIT 1`,
      [bookId, accounts.OPERATOR_RECEIVABLE],
    );
    return row?.account;
  }

  /** Every posted line of a project dated up to `asOf`, for the trial balance. */
  async postedLines(bookId: string, asOf: string): Promise<PostedLine[]> {
    const rows = await this.rows<{ account: string; debit: string; credit: string; date: string }>(
      `SELECT l.account, l.debit::text AS debit, l.credit::text AS credit, to_char(v.voucher_date, 'YYYY-MM-DD') AS date
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id WHERE v.book_id = $1 AND v.voucher_date <= $2`,
      [bookId, asOf],
    );
    return rows.map((r) => ({ account: r.account, debit: fen(r.debit), credit: fen(r.credit), date: r.date }));
  }

  /** The year of the project's earliest voucher, if it has any. */
  async firstVoucherYear(bookId: string): Promise<number | undefined> {
    const row = await this.one<{ year: number | null }>(
      'SELECT extract(year FROM min(voucher_date))::int AS year FROM voucher WHERE book_id = $1',
      [bookId],
    );
    return row?.year ?? undefined;
  }

  /** The project's digest: the latest sequence and hash, printed with every report. */
  async digest(bookId: string): Promise<{ sequence: number; hash: string }> {
    const row = await this.one<{ sequence: number; hash: string }>(
      'SELECT last_sequence AS sequence, last_hash AS hash FROM ledger_head WHERE book_id = $1',
      [bookId],
    );
    return row ? { sequence: Number(row.sequence), hash: row.hash } : { sequence: 0, hash: GENESIS };
  }

  // Writes: LedgerWriter's only.

  /**
   * Locks the project's head row FOR UPDATE until the transaction ends (every posting to the project queues here;
   * the row is created on first use) and reads with it what a posting's checks need: the cut-over date (the project
   * row FOR SHARE, as ProjectsRepository.cutoverDate holds it), the posted opening voucher's date, the closed years,
   * and the voucher counters of `months`. Undefined when there is no such project.
   *
   * One statement when nobody moved the books while it waited for the lock. READ COMMITTED gives the locked rows'
   * latest versions, but the rest of the statement reads its snapshot, taken before the wait: so it also reads the
   * head as that snapshot saw it, and when a posting or an event moved the head meanwhile (every change to what is read
   * here moves it, under this lock), reads the rest again in a statement of its own, after the lock.
   */
  async lockHead(bookId: string, months: readonly string[] = []): Promise<LedgerHead | undefined> {
    if (!isUuid(bookId)) return undefined;
    const monthList = [...new Set(months)];
    type Row = Omit<LedgerHead, 'counters' | 'kind'> & {
      counters: Record<string, number> | null;
      seenSequence: number;
      seenEventSequence: number;
    };
    const params = [bookId, OPENING_SOURCE_TYPE, monthList];
    const types: readonly SqlType[] = ['uuid', 'text', 'text[]'];
    const seen = `(SELECT s.last_sequence FROM ledger_head s WHERE s.book_id = h.book_id) AS "seenSequence",
                (SELECT s.last_event_sequence FROM ledger_head s WHERE s.book_id = h.book_id) AS "seenEventSequence"`;
    const lockProject = async () =>
      (
        await this.prepared<Row>(
          'ledger_lock_head',
          `SELECT h.last_sequence AS sequence, h.last_hash AS hash, p.code AS "projectCode",
                to_char(p.start_date, 'YYYY-MM-DD') AS "startDate",
                h.last_event_sequence AS "eventSequence", h.last_event_hash AS "eventHash", date_trunc('milliseconds', now()) AS now,
                to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate",
                ${seen},
                ${booksState('p.cutover_date')}
           FROM ledger_head h JOIN project p ON p.id = h.book_id WHERE h.book_id = $1
            FOR UPDATE OF h FOR SHARE OF p`,
          params,
          types,
        )
      )[0];
    // A village's book: its head is made when it is opened (VillageBookService), never on first use.
    const lockVillage = async () =>
      (
        await this.prepared<Row>(
          'ledger_lock_village_head',
          `SELECT h.last_sequence AS sequence, h.last_hash AS hash, vg.code AS "projectCode",
                to_char(b.opened_on, 'YYYY-MM-DD') AS "startDate",
                h.last_event_sequence AS "eventSequence", h.last_event_hash AS "eventHash", date_trunc('milliseconds', now()) AS now,
                NULL::text AS "cutoverDate",
                ${seen},
                ${booksState('NULL::date')}
           FROM ledger_head h JOIN book b ON b.id = h.book_id AND b.kind = 'village' JOIN village vg ON vg.id = b.village_id
          WHERE h.book_id = $1
            FOR UPDATE OF h FOR SHARE OF b`,
          params,
          types,
        )
      )[0];
    let kind: BookKind = 'project';
    let head = await lockProject();
    if (!head) {
      kind = 'village';
      head = await lockVillage();
    }
    if (!head) {
      // A project's book and head are made on first use.
      kind = 'project';
      await this.rows(
        "INSERT INTO book (id, kind, project_id) SELECT id, 'project', id FROM project WHERE id = $1 ON CONFLICT DO NOTHING",
        [bookId],
      );
      await this.rows("INSERT INTO ledger_head (book_id) SELECT id FROM book WHERE id = $1 AND kind = 'project' ON CONFLICT DO NOTHING", [
        bookId,
      ]);
      head = await lockProject();
    }
    if (!head) return undefined;
    if (Number(head.seenSequence) !== Number(head.sequence) || Number(head.seenEventSequence) !== Number(head.eventSequence)) {
      const fresh = await this.one<Pick<Row, 'openingDate' | 'closedYears' | 'counters'>>(
        kind === 'project'
          ? `SELECT ${booksState('p.cutover_date')} FROM project p, (SELECT $1::uuid AS book_id) h WHERE p.id = h.book_id`
          : `SELECT ${booksState('NULL::date')} FROM (SELECT $1::uuid AS book_id) h`,
        params,
      );
      head = { ...head, ...fresh! };
    }
    const { seenSequence: _s, seenEventSequence: _e, ...rest } = head;
    return {
      ...rest,
      kind,
      sequence: Number(head.sequence),
      eventSequence: Number(head.eventSequence),
      closedYears: head.closedYears.map(Number),
      counters: new Map(months.map((m) => [m, Number(head!.counters?.[m] ?? 0)])),
    };
  }

  /**
   * Appends chained vouchers after the head: one statement sets the months' counters to their new last numbers,
   * moves the head to the last voucher and inserts the vouchers; then their lines, LINES_PER_STATEMENT a statement (a
   * voucher of 2 lines or a 20,000-village run's 40,000: two statements or five). Under the head lock taken by
   * lockHead, from which `after` (the sequence the first voucher follows) and the counters were read: the head moves
   * only from `after`, or nothing is written. The database checks at commit that every voucher balances. `endsUnit`:
   * nothing follows in the caller's unit of work, so a group commit's posting ends its transaction with this statement.
   */
  async appendVouchers(
    bookId: string,
    after: number,
    vouchers: readonly NewVoucher[],
    counters: ReadonlyMap<string, number>,
    endsUnit = false,
  ): Promise<void> {
    if (vouchers.length === 0) return;
    const last = vouchers[vouchers.length - 1];
    const col = <T>(f: (v: NewVoucher) => T) => vouchers.map(f);
    const lines = vouchers.flatMap((v) => v.lines.map((l, k) => ({ voucherId: v.id, lineNo: k + 1, l })));
    const [first, ...more] = chunks(lines, LINES_PER_STATEMENT);
    const [{ n }] = await this.prepared<{ n: number }>(
      'ledger_append_vouchers',
      `WITH c AS (INSERT INTO voucher_counter (book_id, month, last_n)
                  SELECT $1, m, n FROM unnest($2::text[], $3::int[]) AS t(m, n)
                  ON CONFLICT (book_id, month) DO UPDATE SET last_n = EXCLUDED.last_n RETURNING 1),
            h AS (UPDATE ledger_head SET last_sequence = $5, last_hash = $6 WHERE book_id = $1 AND last_sequence = $4 RETURNING 1),
            v AS (INSERT INTO voucher (id, book_id, sequence, number, voucher_date, summary, preparer, reversal_of,
                                       reversal_of_number, source_type, source_id, fiscal_year, prev_hash, hash, txid)
                  SELECT id, $1, seq, num, d, s, pr, ro, ron, st, si, fy, ph, hh, 0
                    FROM unnest($7::uuid[], $8::int[], $9::text[], $10::date[], $11::text[], $12::text[], $13::uuid[], $14::text[],
                                $15::text[], $16::text[], $17::int[], $18::text[], $19::text[])
                         AS t(id, seq, num, d, s, pr, ro, ron, st, si, fy, ph, hh)
                   WHERE (SELECT count(*) FROM c) = cardinality($2::text[]) AND EXISTS (SELECT 1 FROM h)
                  RETURNING id),
            l AS (INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit, memo)
                  SELECT t.* FROM unnest($20::uuid[], $21::int[], $22::text[], $23::numeric[], $24::numeric[], $25::text[])
                         AS t(voucher_id, line_no, account, debit, credit, memo)
                   WHERE EXISTS (SELECT 1 FROM v)
                  RETURNING 1)
       SELECT ledger_appended((SELECT count(*) FROM v)::int, cardinality($7::uuid[])) AS n`,
      [
        bookId,
        [...counters.keys()],
        [...counters.values()],
        after,
        last.sequence,
        last.hash,
        col((v) => v.id),
        col((v) => v.sequence),
        col((v) => v.number),
        col((v) => v.date),
        col((v) => v.summary),
        col((v) => v.preparer),
        col((v) => v.reversalOfId),
        col((v) => v.reversalOfNumber),
        col((v) => v.sourceType),
        col((v) => v.sourceId),
        col((v) => v.fiscalYear),
        col((v) => v.prevHash),
        col((v) => v.hash),
        ...lineArrays(first ?? []),
      ],
      APPEND_TYPES,
      endsUnit && lines.length <= LITERAL_LINES,
    ).catch((e: unknown) => {
      // ledger_appended's refusal (migration PostingSingle): the writer's own invariant, as it always was.
      const driver = (e as { driverError?: { code?: string; message?: string } }).driverError;
      throw driver?.code === 'EL001' ? new InvariantError(driver.message ?? '') : e;
    });
    if (n !== vouchers.length) {
      throw new InvariantError(`账簿头或凭证号计数器与锁定时读到的不一致：应写入 ${vouchers.length} 张凭证，实际 ${n} 张`);
    }
    for (const part of more) {
      await this.prepared(
        'ledger_append_lines',
        `INSERT INTO voucher_line (voucher_id, line_no, account, debit, credit, memo)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::numeric[], $5::numeric[], $6::text[])`,
        lineArrays(part),
      );
    }
  }

  /** Moves the event chain's head to the last event recorded (under the lock taken by lockHead). */
  /** Until the current transaction ends, a wait for a lock longer than `milliseconds` fails (lock_not_available). */
  async boundLockWaits(milliseconds: number): Promise<void> {
    await this.rows(`SET LOCAL lock_timeout = ${Math.trunc(milliseconds)}`);
  }

  async advanceEventHead(bookId: string, sequence: number, hash: string): Promise<void> {
    await this.rows('UPDATE ledger_head SET last_event_sequence = $2, last_event_hash = $3 WHERE book_id = $1', [bookId, sequence, hash]);
  }

  /**
   * A statement of the posting's path, prepared on the transaction's connection the first time it runs there (by
   * name; its text never changes) and then only bound and run: parsing and planning lockHead and appendVouchers cost
   * more than running them (issue 14). Given its parameters' types, it also begins a lazyBegin transaction
   * (transactional-adapter.ts) in the same message, `START TRANSACTION; EXECUTE …`, and when `last` (nothing follows
   * in the unit of work) ends a commitWithLast one, `EXECUTE …; COMMIT`: the statement prepared in SQL (PREPARE, once
   * per connection) and its parameters written as literals quoted by the driver. A client that posts one voucher at a
   * time so pays two round trips. Errors are TypeORM's QueryFailedError, as this.rows() gives them.
   */
  private async prepared<T>(name: string, sql: string, params: unknown[], types?: readonly SqlType[], last = false): Promise<T[]> {
    const runner = this.db.queryRunner;
    if (!runner?.isTransactionActive) return this.rows<T>(sql, params);
    const client = (await runner.connect()) as PoolClient;
    try {
      const begin = types !== undefined && takePendingBegin(this.db);
      const commit = types !== undefined && last && takeCommitWithLast(this.db);
      if (types && (begin || commit)) {
        const sqlName = `${name}_sql`;
        let names = preparedInSql.get(client);
        if (!names?.has(sqlName)) {
          await client.query(`PREPARE ${sqlName} (${types.join(', ')}) AS ${sql}`);
          preparedInSql.set(client, (names ??= new Set()).add(sqlName));
        }
        const args = params.map((p, i) => sqlLiteral(client, p, types[i])).join(', ');
        const text = `${begin ? 'START TRANSACTION; ' : ''}EXECUTE ${sqlName}(${args})${commit ? '; COMMIT' : ''}`;
        runner.connection.logger.logQuery(text, undefined, runner);
        const results = (await client.query(text)) as unknown as Array<{ rows: T[] }>;
        return results[begin ? 1 : 0].rows;
      }
      runner.connection.logger.logQuery(sql, params, runner);
      return (await client.query<T & object>({ name, text: sql, values: params })).rows;
    } catch (e) {
      throw new QueryFailedError(sql, params, e as Error);
    }
  }

  private where(bookId: string, f: VoucherFilter): Where {
    const w = new Where()
      .and((p) => `v.book_id = ${p(bookId)}`)
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

/** The types prepared() writes literals of. */
type SqlType = 'uuid' | 'text' | 'int' | 'uuid[]' | 'text[]' | 'int[]' | 'date[]' | 'numeric[]';

/** appendVouchers' parameters' types: the counters, the head, the vouchers' columns, the lines' columns. */
const APPEND_TYPES: readonly SqlType[] = [
  'uuid',
  'text[]',
  'int[]',
  'int',
  'int',
  'text',
  'uuid[]',
  'int[]',
  'text[]',
  'date[]',
  'text[]',
  'text[]',
  'uuid[]',
  'text[]',
  'text[]',
  'text[]',
  'int[]',
  'text[]',
  'text[]',
  'uuid[]',
  'int[]',
  'text[]',
  'numeric[]',
  'numeric[]',
  'text[]',
];

/** The statements each connection has prepared in SQL (PREPARE), by name. */
const preparedInSql = new WeakMap<PoolClient, Set<string>>();

/**
 * A parameter written as an SQL literal of its type, quoted by the driver; an array as one literal in PostgreSQL's
 * array syntax (as the driver sends an array parameter), which the server reads far faster than an ARRAY[…] of
 * thousands of elements (a run's lines).
 */
function sqlLiteral(client: PoolClient, value: unknown, type: SqlType): string {
  if (value === null || value === undefined) return `NULL::${type}`;
  if (!type.endsWith('[]')) return `${client.escapeLiteral(String(value))}::${type}`;
  if (!Array.isArray(value)) throw new InvariantError(`${type} 参数不是数组`);
  const element = (v: unknown) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`);
  return `${client.escapeLiteral(`{${value.map(element).join(',')}}`)}::${type}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

/** Lines as the parallel arrays an `unnest` insert takes: voucher id, line number, account, debit, credit, memo. */
function lineArrays(lines: ReadonlyArray<{ voucherId: string; lineNo: number; l: VoucherLine }>): unknown[] {
  return [
    lines.map((p) => p.voucherId),
    lines.map((p) => p.lineNo),
    lines.map((p) => p.l.account),
    lines.map((p) => formatFen(p.l.debit)),
    lines.map((p) => formatFen(p.l.credit)),
    lines.map((p) => p.l.memo ?? ''),
  ];
}

/** An account or any of its sub-accounts (`211` matches `211` and `211-V01`, not `2110`). */
function accountOrSub(column: string, account: string, p: (value: unknown) => string): string {
  return `(${column} = ${p(account)} OR ${column} LIKE ${p(`${likeEscape(account)}-%`)})`;
}
