import { Injectable } from '@nestjs/common';
import type { BookKind } from '../core/ledger';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

/** The advisory lock class of village book openings (holdOpenings). */
const VILLAGE_BOOK_LOCK = 0x76626f6f;

export const bookTable = tableShape('book', {
  id: 'uuid',
  kind: 'character varying(10)',
  project_id: 'uuid?',
  village_id: 'uuid?',
  opened_on: 'date?',
  opened_by: 'character varying(64)?',
  created_at: 'timestamp with time zone',
});

export interface Book {
  id: string;
  kind: BookKind;
  projectId: string | null;
  villageId: string | null;
  openedOn: string | null;
  openedBy: string | null;
}

const COLUMNS = `b.id, b.kind, b.project_id AS "projectId", b.village_id AS "villageId",
  to_char(b.opened_on, 'YYYY-MM-DD') AS "openedOn", b.opened_by AS "openedBy"`;

/**
 * book: whose chain a voucher, event, counter or closed year belongs to (migration Books). A project's book is made
 * with its chain head on first posting (LedgerRepository.lockHead); a village's is opened (VillageBookService).
 */
@Injectable()
export class BookRepository extends Repository {
  async find(id: string): Promise<Book | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Book>(`SELECT ${COLUMNS} FROM book b WHERE b.id = $1`, [id]);
  }

  /**
   * Orders the opening of village books with the project postings that book into them (a run or a payment to a
   * village posted or reversed): an opening holds this transaction lock alone (`exclusive`), the postings together.
   * Each side then sees the other committed: the opening catches up on what was posted before it, and a posting after
   * it books into (or reverses from) the new book. Without it, both read before either committed, and an opening
   * missed a run posted at that moment, or declared one being reversed. Take it before any other lock.
   */
  async holdOpenings(exclusive: boolean): Promise<void> {
    await this.rows(
      `SELECT ${exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}($1, hashtext('village book opening'))`,
      [VILLAGE_BOOK_LOCK],
    );
  }

  /** Opens a village's book and its chain head; false when it was already open (nothing written). */
  async openVillage(villageId: string, openedOn: string, openedBy: string): Promise<boolean> {
    const rows = await this.rows(
      `INSERT INTO book (id, kind, village_id, opened_on, opened_by) VALUES ($1, 'village', $1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING id`,
      [villageId, openedOn, openedBy],
    );
    if (rows.length === 0) return false;
    await this.rows('INSERT INTO ledger_head (book_id) VALUES ($1)', [villageId]);
    return true;
  }

  /**
   * The dividends to declare in open village books: per posted run and village whose book is open and whose year is
   * not before the book's opening year, what the run's unreversed vouchers left owed on 211-<village> in the project's
   * book. `by`: one run's (as it is posted) or one village book's (as it is opened).
   */
  declarable(by: { runId: string } | { villageId: string }): Promise<Declarable[]> {
    const filter = 'runId' in by ? 'r.id = $1' : 'b.id = $1';
    return this.rows<Declarable>(
      `SELECT b.id AS "villageId", vg.code AS "villageCode", r.id AS "runId", p.code AS "projectCode", r.year,
              to_char(greatest(r.posting_date, b.opened_on), 'YYYY-MM-DD') AS date, sum(l.credit - l.debit)::text AS amount
         FROM distribution_run r
         JOIN project p ON p.id = r.project_id
         JOIN voucher v ON v.book_id = r.project_id AND v.source_type = 'run' AND v.source_id = r.id::text
         JOIN voucher_line l ON l.voucher_id = v.id AND l.account LIKE '211-%'
         JOIN village vg ON vg.code = substr(l.account, 5)
         JOIN book b ON b.village_id = vg.id
        WHERE ${filter} AND r.status = 'posted' AND r.year >= extract(year FROM b.opened_on)
          AND v.reversal_of IS NULL AND NOT EXISTS (SELECT 1 FROM voucher x WHERE x.reversal_of = v.id)
        GROUP BY b.id, vg.code, r.id, p.code, r.year, r.posting_date, b.opened_on
       HAVING sum(l.credit - l.debit) > 0
        ORDER BY r.posting_date, p.code, vg.code`,
      ['runId' in by ? by.runId : by.villageId],
    );
  }

  /**
   * The payments to villages to receive in open village books: posted (not reversed), dated on or after the book's
   * opening. `by`: one payment's (as it is made) or one village book's (as it is opened).
   */
  receivable(by: { paymentId: string } | { villageId: string }): Promise<Receivable[]> {
    const filter = 'paymentId' in by ? 'pay.id = $1' : 'b.id = $1';
    return this.rows<Receivable>(
      `SELECT pay.id AS "paymentId", b.id AS "villageId", p.code AS "projectCode", to_char(pay.payment_date, 'YYYY-MM-DD') AS date,
              pay.amount::text AS amount, pay.bank_reference AS "bankReference", v.number AS "projectVoucher"
         FROM payment pay
         JOIN book b ON b.village_id = pay.village_id
         JOIN project p ON p.id = pay.project_id
         JOIN voucher v ON v.id = pay.voucher_id
        WHERE ${filter} AND pay.kind = 'village' AND pay.status = 'posted' AND pay.payment_date >= b.opened_on
        ORDER BY pay.payment_date, pay.created_at, pay.id`,
      ['paymentId' in by ? by.paymentId : by.villageId],
    );
  }

  /** The village books a project's source (a run or payment) was booked into: where its reversal goes too. */
  async booksWithSource(type: string, id: string): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT DISTINCT v.book_id AS id FROM voucher v JOIN book b ON b.id = v.book_id AND b.kind = 'village'
        WHERE v.source_type = $1 AND v.source_id = $2`,
      [type, id],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The fiscal year of a member distribution (source 'village-run', not reversed) posted in a village book in a year
   * the source's vouchers (a project run's declaration) were booked in; undefined when there is none.
   */
  async memberRunOn(bookId: string, type: string, id: string): Promise<number | undefined> {
    const [row] = await this.rows<{ year: number }>(
      `SELECT m.fiscal_year AS year FROM voucher m
        WHERE m.book_id = $1 AND m.source_type = 'village-run' AND m.reversal_of IS NULL
          AND NOT EXISTS (SELECT 1 FROM voucher x WHERE x.reversal_of = m.id)
          AND m.fiscal_year IN (SELECT d.fiscal_year FROM voucher d WHERE d.book_id = $1 AND d.source_type = $2 AND d.source_id = $3)
        LIMIT 1`,
      [bookId, type, id],
    );
    return row?.year;
  }

  /** Whether a member distribution of `year` (source 'village-run', not reversed) is posted in the village book. */
  async hasMemberRun(bookId: string, year: number): Promise<boolean> {
    const [row] = await this.rows<{ posted: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM voucher m
          WHERE m.book_id = $1 AND m.source_type = 'village-run' AND m.fiscal_year = $2 AND m.reversal_of IS NULL
            AND NOT EXISTS (SELECT 1 FROM voucher x WHERE x.reversal_of = m.id)) AS posted`,
      [bookId, year],
    );
    return row.posted;
  }

  /**
   * Income declared in a village book for a fiscal year: credits − debits of 502 (and its sub-accounts) per
   * 112-<project> it was declared against, and of 522; by the declaration vouchers' source runs' projects.
   */
  async declaredIncome(
    villageId: string,
    year: number,
  ): Promise<{ projects: Array<{ projectCode: string; projectName: string; amount: string }>; other: string }> {
    const projects = await this.rows<{ projectCode: string; projectName: string; amount: string }>(
      `SELECT p.code AS "projectCode", p.name AS "projectName", sum(l.credit - l.debit)::text AS amount
         FROM voucher v
         JOIN voucher_line l ON l.voucher_id = v.id AND (l.account = '502' OR l.account LIKE '502-%')
         JOIN voucher_line d ON d.voucher_id = v.id AND d.account LIKE '112-%'
         JOIN project p ON p.code = substr(d.account, 5)
        WHERE v.book_id = $1 AND v.fiscal_year = $2 AND v.source_type <> 'year-close'
        GROUP BY p.code, p.name
       HAVING sum(l.credit - l.debit) <> 0
        ORDER BY p.code COLLATE "C"`,
      [villageId, year],
    );
    const [other] = await this.rows<{ amount: string }>(
      `SELECT coalesce(sum(l.credit - l.debit), 0)::text AS amount
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id AND l.account = '522'
        WHERE v.book_id = $1 AND v.fiscal_year = $2 AND v.source_type <> 'year-close'`,
      [villageId, year],
    );
    return { projects, other: other.amount };
  }

  /** Declared income per fiscal year in a village book (502* and 522, credits − debits). */
  incomeByYear(villageId: string): Promise<Array<{ year: number; investment: string; other: string }>> {
    return this.rows(
      `SELECT v.fiscal_year AS year,
              coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account = '502' OR l.account LIKE '502-%'), 0)::text AS investment,
              coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account = '522'), 0)::text AS other
         FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
        WHERE v.book_id = $1 AND v.fiscal_year IS NOT NULL AND v.source_type <> 'year-close'
          AND (l.account = '502' OR l.account LIKE '502-%' OR l.account = '522')
        GROUP BY v.fiscal_year ORDER BY v.fiscal_year`,
      [villageId],
    );
  }
}

export interface Declarable {
  villageId: string;
  villageCode: string;
  runId: string;
  projectCode: string;
  year: number;
  date: string;
  amount: string;
}

export interface Receivable {
  paymentId: string;
  villageId: string;
  projectCode: string;
  date: string;
  amount: string;
  bankReference: string;
  projectVoucher: string;
}
