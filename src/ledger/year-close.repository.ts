import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const yearCloseTable = tableShape('year_close', {
  book_id: 'uuid',
  year: 'integer',
  closed_at: 'timestamp with time zone',
  closed_by: 'character varying(64)',
});

export const closedYearBalanceTable = tableShape('closed_year_balance', {
  book_id: 'uuid',
  year: 'integer',
  account: 'character varying(64)',
  debit: 'numeric',
  credit: 'numeric',
});

/** A closed year as stored. */
export interface ClosedYear {
  year: number;
  closedAt: Date;
  closedBy: string;
}

/**
 * A closed year's carried-forward balance of one account (or the lines' own sums, where they differ) as verification
 * compares them: null where one side has no row. `closed` is false for stored rows of a year that is not closed.
 */
export interface ClosedBalanceMismatch {
  year: number;
  account: string;
  storedDebit: string | null;
  storedCredit: string | null;
  lineDebit: string | null;
  lineCredit: string | null;
  closed: boolean;
}

/** At most this many mismatches are reported: a few name the tampering, thousands would only bury it. */
const MISMATCHES_SHOWN = 100;

/**
 * year_close: the years of a project closed against any further voucher (the
 * voucher trigger enforces it too). Closed years run without a gap from the
 * project's first year (year-close.service.ts), so the latest says it all.
 * closed_year_balance: each closed year's balances carried forward (结转), the
 * sums of every account's lines dated up to its 31 December; written in the
 * close's transaction, deleted by the reopen's, never changed in between
 * (nothing can be posted into a closed year), compared with the lines by
 * verification.
 */
@Injectable()
export class YearCloseRepository extends Repository {
  /** The earliest of these years that is closed, if any. */
  async firstClosed(bookId: string, years: number[]): Promise<number | undefined> {
    const row = await this.one<{ year: number }>(
      'SELECT year FROM year_close WHERE book_id = $1 AND year = ANY($2::int[]) ORDER BY year LIMIT 1',
      [bookId, years],
    );
    return row?.year;
  }

  async isClosed(bookId: string, year: number): Promise<boolean> {
    return (await this.firstClosed(bookId, [year])) !== undefined;
  }

  /** The latest closed year of the project, if any. */
  async latestClosed(bookId: string): Promise<number | undefined> {
    const row = await this.one<{ year: number | null }>('SELECT max(year) AS year FROM year_close WHERE book_id = $1', [bookId]);
    return row?.year ?? undefined;
  }

  async list(bookId: string): Promise<ClosedYear[]> {
    return this.rows<ClosedYear>(
      'SELECT year, closed_at AS "closedAt", closed_by AS "closedBy" FROM year_close WHERE book_id = $1 ORDER BY year',
      [bookId],
    );
  }

  async insert(bookId: string, year: number, closedBy: string): Promise<void> {
    await this.rows('INSERT INTO year_close (book_id, year, closed_by) VALUES ($1, $2, $3)', [bookId, year, closedBy]);
  }

  /** Reopens the year (反结账): its carried-forward balances go, and vouchers dated inside it are accepted again. */
  async delete(bookId: string, year: number): Promise<void> {
    await this.rows('DELETE FROM closed_year_balance WHERE book_id = $1 AND year = $2', [bookId, year]);
    await this.rows('DELETE FROM year_close WHERE book_id = $1 AND year = $2', [bookId, year]);
  }

  /**
   * Carries the balances forward (结转) into the year being closed, in SQL: per account, the previous closed year's
   * balances plus the sums of the lines dated after its 31 December up to this year's (all lines up to it when no
   * earlier year is closed). Called in the close's transaction, after its own vouchers are posted. An account with
   * lines has a row even when its debits equal its credits; a year with no line at all has none.
   */
  async writeBalances(bookId: string, year: number): Promise<void> {
    const prev = await this.one<{ year: number | null }>('SELECT max(year) AS year FROM year_close WHERE book_id = $1 AND year < $2', [
      bookId,
      year,
    ]);
    const after = prev?.year == null ? '-infinity' : `${prev.year}-12-31`;
    await this.rows(
      `INSERT INTO closed_year_balance (book_id, year, account, debit, credit)
       SELECT $1, $2, account, sum(debit), sum(credit)
         FROM (SELECT account, debit, credit FROM closed_year_balance WHERE book_id = $1 AND year = $3
               UNION ALL
               SELECT l.account, l.debit, l.credit
                 FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
                WHERE v.book_id = $1 AND v.voucher_date > $4::date AND v.voucher_date <= make_date($2, 12, 31)) s
        GROUP BY account`,
      [bookId, year, prev?.year ?? null, after],
    );
  }

  /**
   * Verification's comparison, one statement: each closed year's stored balances against the sums of the lines dated
   * up to its 31 December (per account, any difference, a missing row on either side), and stored balances of a year
   * that is not closed. The lines are summed once per year and account, then accumulated over the closed years.
   */
  balanceMismatches(bookId: string): Promise<ClosedBalanceMismatch[]> {
    return this.rows<ClosedBalanceMismatch>(
      `WITH closed AS (SELECT year FROM year_close WHERE book_id = $1),
       per AS (
         SELECT extract(year FROM v.voucher_date)::int AS year, l.account, sum(l.debit) AS debit, sum(l.credit) AS credit
           FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.voucher_date <= (SELECT make_date(max(year), 12, 31) FROM closed)
          GROUP BY 1, 2),
       lines AS (
         SELECT c.year, p.account, sum(p.debit) AS debit, sum(p.credit) AS credit
           FROM closed c JOIN per p ON p.year <= c.year GROUP BY c.year, p.account),
       stored AS (SELECT year, account, debit, credit FROM closed_year_balance WHERE book_id = $1)
       SELECT coalesce(s.year, l.year) AS year, coalesce(s.account, l.account) AS account,
              s.debit::text AS "storedDebit", s.credit::text AS "storedCredit", l.debit::text AS "lineDebit", l.credit::text AS "lineCredit",
              EXISTS (SELECT 1 FROM closed c WHERE c.year = coalesce(s.year, l.year)) AS closed
         FROM stored s FULL JOIN lines l ON l.year = s.year AND l.account = s.account
        WHERE s.debit IS DISTINCT FROM l.debit OR s.credit IS DISTINCT FROM l.credit
        ORDER BY 1, 2
        LIMIT ${MISMATCHES_SHOWN}`,
      [bookId],
    );
  }

  /** Whether the year has a recorded result (year_result belongs to the results module, read here only). */
  async hasResult(bookId: string, year: number): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM year_result WHERE project_id = $1 AND year = $2', [bookId, year])).length > 0;
  }
}
