import { Injectable } from '@nestjs/common';
import { Repository } from '../platform/database/repository';

/** A distribution run as verification compares it with its events. */
export interface RunRecord {
  id: string;
  year: number;
  status: string;
  inputsHash: string;
  resultHash: string;
  postingDate: string | null;
  reversalDate: string | null;
  createdAt: Date;
}

/** A payment with what its vouchers say. */
export interface PaymentRecord {
  id: string;
  kind: string;
  villageCode: string | null;
  amount: string;
  date: string;
  bankReference: string;
  status: string;
  voucherNumber: string | null;
  voucherDate: string | null;
  voucherSourceType: string | null;
  voucherSourceId: string | null;
  /** The payment voucher's total debits (a payment voucher has one debit and one credit line). */
  voucherAmount: string | null;
  reversalVoucherNumber: string | null;
  createdAt: Date;
}

export interface PolicyRecord {
  id: string;
  effectiveFromYear: number;
  document: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** An opening balance document (期初余额) with the numbers of its voucher and of that voucher's reversal. */
export interface OpeningRecord {
  id: string;
  asOf: string;
  status: string;
  voucherNumber: string | null;
  reversalVoucherNumber: string | null;
  createdAt: Date;
}

export interface CounterRecord {
  month: string;
  lastN: number;
}

/**
 * A park's run or payment to a village and what the village's own book booked for it, where the two differ: `expected`
 * is the project's book (the run's 211-<village> credit, the payment's amount), `booked` the village book's 112
 * (declaration: debit − credit; receipt: credit − debit), both decimal strings.
 */
export interface AgreementRecord {
  kind: 'declaration' | 'receipt';
  id: string;
  project: string | null;
  expected: string;
  booked: string;
}

/**
 * The mutable records verification cross-checks against the chains. Reads
 * only (distribution_run, payment, distribution_policy and voucher_counter
 * belong to their own repositories); run them inside a Snapshot.
 */
@Injectable()
export class VerificationRepository extends Repository {
  /**
   * Where a village's book and the parks' books disagree: every posted run of the book's opening year or later owes
   * the village what the village book declares for it, every posted payment dated on or after the opening is received
   * for its amount, and the village book books nothing else against the parks (reversals net out on both sides).
   */
  villageAgreement(villageId: string): Promise<AgreementRecord[]> {
    return this.rows<AgreementRecord>(
      `WITH b AS (
         SELECT b.id, b.opened_on, vg.code FROM book b JOIN village vg ON vg.id = b.village_id WHERE b.id = $1 AND b.kind = 'village'),
       expected AS (
         SELECT 'declaration' AS kind, r.id::text AS id, p.code AS project, sum(l.credit - l.debit) AS amount
           FROM b JOIN distribution_run r ON r.status = 'posted' AND r.year >= extract(year FROM b.opened_on)
           JOIN project p ON p.id = r.project_id
           JOIN voucher v ON v.book_id = r.project_id AND v.source_type = 'run' AND v.source_id = r.id::text
           JOIN voucher_line l ON l.voucher_id = v.id AND l.account = '211-' || b.code
          GROUP BY r.id, p.code
         UNION ALL
         SELECT 'receipt', pay.id::text, p.code, pay.amount
           FROM b JOIN payment pay ON pay.village_id = b.id AND pay.kind = 'village' AND pay.status = 'posted'
                                  AND pay.payment_date >= b.opened_on
           JOIN project p ON p.id = pay.project_id),
       booked AS (
         SELECT v.source_type AS kind, v.source_id AS id,
                sum(CASE WHEN v.source_type = 'declaration' THEN l.debit - l.credit ELSE l.credit - l.debit END) AS amount
           FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id AND l.account LIKE '112-%'
          WHERE v.book_id = $1 AND v.source_type IN ('declaration', 'receipt')
          GROUP BY v.source_type, v.source_id)
       SELECT coalesce(e.kind, k.kind) AS kind, coalesce(e.id, k.id) AS id, e.project,
              coalesce(e.amount, 0)::text AS expected, coalesce(k.amount, 0)::text AS booked
         FROM expected e FULL JOIN booked k ON k.kind = e.kind AND k.id = e.id
        WHERE coalesce(e.amount, 0) <> coalesce(k.amount, 0)
        ORDER BY 1, 2`,
      [villageId],
    );
  }

  runs(projectId: string): Promise<RunRecord[]> {
    return this.rows<RunRecord>(
      `SELECT id, year, status, inputs_hash AS "inputsHash", result_hash AS "resultHash",
              to_char(posting_date, 'YYYY-MM-DD') AS "postingDate", to_char(reversal_date, 'YYYY-MM-DD') AS "reversalDate",
              created_at AS "createdAt"
         FROM distribution_run WHERE project_id = $1 ORDER BY created_at, id`,
      [projectId],
    );
  }

  payments(projectId: string): Promise<PaymentRecord[]> {
    return this.rows<PaymentRecord>(
      `SELECT p.id, p.kind, vl.code AS "villageCode", p.amount::text AS amount, to_char(p.payment_date, 'YYYY-MM-DD') AS date,
              p.bank_reference AS "bankReference", p.status, v.number AS "voucherNumber",
              to_char(v.voucher_date, 'YYYY-MM-DD') AS "voucherDate", v.source_type AS "voucherSourceType",
              v.source_id AS "voucherSourceId",
              (SELECT sum(l.debit)::text FROM voucher_line l WHERE l.voucher_id = v.id) AS "voucherAmount",
              r.number AS "reversalVoucherNumber", p.created_at AS "createdAt"
         FROM payment p
         LEFT JOIN village vl ON vl.id = p.village_id
         LEFT JOIN voucher v ON v.id = p.voucher_id
         LEFT JOIN voucher r ON r.id = p.reversal_voucher_id
        WHERE p.project_id = $1 ORDER BY p.created_at, p.id`,
      [projectId],
    );
  }

  policies(projectId: string): Promise<PolicyRecord[]> {
    return this.rows<PolicyRecord>(
      `SELECT id, effective_from_year AS "effectiveFromYear", document, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM distribution_policy WHERE project_id = $1 ORDER BY effective_from_year`,
      [projectId],
    );
  }

  /** The project's opening balance documents (opening_balance belongs to src/opening-balances). */
  openings(projectId: string): Promise<OpeningRecord[]> {
    return this.rows<OpeningRecord>(
      `SELECT o.id, to_char(o.as_of, 'YYYY-MM-DD') AS "asOf", o.status, v.number AS "voucherNumber",
              r.number AS "reversalVoucherNumber", o.created_at AS "createdAt"
         FROM opening_balance o LEFT JOIN voucher v ON v.id = o.voucher_id LEFT JOIN voucher r ON r.id = o.reversal_voucher_id
        WHERE o.project_id = $1 ORDER BY o.created_at, o.id`,
      [projectId],
    );
  }

  async counters(projectId: string): Promise<CounterRecord[]> {
    const rows = await this.rows<CounterRecord>('SELECT month, last_n AS "lastN" FROM voucher_counter WHERE book_id = $1 ORDER BY month', [
      projectId,
    ]);
    return rows.map((r) => ({ month: r.month, lastN: Number(r.lastN) }));
  }

  /** The ends of both chains as ledger_head records them (genesis when the project has no head row yet). */
  async head(
    projectId: string,
  ): Promise<{ vouchers: { sequence: number; hash: string }; events: { sequence: number; hash: string } } | undefined> {
    const row = await this.one<{ sequence: number; hash: string; eventSequence: number; eventHash: string }>(
      `SELECT last_sequence AS sequence, last_hash AS hash, last_event_sequence AS "eventSequence", last_event_hash AS "eventHash"
         FROM ledger_head WHERE book_id = $1`,
      [projectId],
    );
    if (!row) return undefined;
    return {
      vouchers: { sequence: Number(row.sequence), hash: row.hash },
      events: { sequence: Number(row.eventSequence), hash: row.eventHash },
    };
  }
}
