import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

export const villagePaymentFileTables = [
  tableShape('village_payment_file', {
    id: 'uuid',
    run_id: 'uuid',
    number: 'integer',
    status: 'character varying(10)',
    total: 'numeric(15,2)',
    created_by: 'character varying(64)',
    created_at: 'timestamp with time zone',
    paid_on: 'date?',
    bank_reference: 'character varying(100)?',
    confirmed_by: 'character varying(64)?',
    confirmed_at: 'timestamp with time zone?',
    cancelled_by: 'character varying(64)?',
    cancelled_at: 'timestamp with time zone?',
  }),
  tableShape('village_payment_file_line', {
    file_id: 'uuid',
    household_id: 'uuid',
    amount: 'numeric(15,2)',
  }),
];

export type PaymentFileStatus = 'open' | 'confirmed' | 'cancelled';

/** A bank payment file of a run: its number in the run, total, and who made and confirmed it. */
export interface PaymentFile {
  id: string;
  runId: string;
  number: number;
  status: PaymentFileStatus;
  total: string;
  lineCount: number;
  createdBy: string;
  createdAt: Date;
  paidOn: string | null;
  bankReference: string | null;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
}

/** One household of a file: what the file pays it (bank details are read, masked or not, by the households feature). */
export interface PaymentFileLine {
  householdId: string;
  householdCode: string;
  headName: string;
  amount: string;
}

const COLUMNS = `f.id, f.run_id AS "runId", f.number, f.status, f.total::text AS total,
  (SELECT count(*)::int FROM village_payment_file_line l WHERE l.file_id = f.id) AS "lineCount",
  f.created_by AS "createdBy", f.created_at AS "createdAt", to_char(f.paid_on, 'YYYY-MM-DD') AS "paidOn",
  f.bank_reference AS "bankReference", f.confirmed_by AS "confirmedBy", f.confirmed_at AS "confirmedAt",
  f.cancelled_by AS "cancelledBy", f.cancelled_at AS "cancelledAt"`;

/**
 * village_payment_file and its lines. A file is open until confirmed (its payments posted, all at once) or
 * cancelled; the partial unique index village_payment_file_one_open keeps one open file per run.
 */
@Injectable()
export class VillagePaymentFilesRepository extends Repository {
  /** A new open file numbered after the run's last, with its lines; its id. */
  async insert(
    runId: string,
    lines: ReadonlyArray<{ householdId: string; amount: string }>,
    total: string,
    createdBy: string,
  ): Promise<string> {
    const row = await this.one<{ id: string }>(
      `INSERT INTO village_payment_file (run_id, number, status, total, created_by)
       VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM village_payment_file WHERE run_id = $1), 'open', $2, $3) RETURNING id`,
      [runId, total, createdBy],
    );
    const id = row!.id;
    await this.rows(
      `INSERT INTO village_payment_file_line (file_id, household_id, amount)
       SELECT $1, household_id, amount FROM unnest($2::uuid[], $3::numeric[]) AS t(household_id, amount)`,
      [id, lines.map((l) => l.householdId), lines.map((l) => l.amount)],
    );
    return id;
  }

  /** A file of the run, optionally locked FOR UPDATE; a malformed id is not found. */
  async find(runId: string, id: string, lock = false): Promise<PaymentFile | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<PaymentFile>(
      `SELECT ${COLUMNS} FROM village_payment_file f WHERE f.id = $1 AND f.run_id = $2${lock ? ' FOR UPDATE OF f' : ''}`,
      [id, runId],
    );
  }

  list(runId: string): Promise<PaymentFile[]> {
    return this.rows<PaymentFile>(`SELECT ${COLUMNS} FROM village_payment_file f WHERE f.run_id = $1 ORDER BY f.number`, [runId]);
  }

  /** The run's open file, if any. */
  open(runId: string): Promise<{ id: string; number: number } | undefined> {
    return this.one(`SELECT id, number FROM village_payment_file WHERE run_id = $1 AND status = 'open'`, [runId]);
  }

  /** A file's lines by household code. */
  lines(fileId: string): Promise<PaymentFileLine[]> {
    return this.rows<PaymentFileLine>(
      `SELECT l.household_id AS "householdId", h.code AS "householdCode", h.head_name AS "headName", l.amount::text AS amount
         FROM village_payment_file_line l JOIN household h ON h.id = l.household_id
        WHERE l.file_id = $1 ORDER BY h.code COLLATE "C"`,
      [fileId],
    );
  }

  async markConfirmed(id: string, paidOn: string, bankReference: string, by: string): Promise<void> {
    await this.rows(
      `UPDATE village_payment_file SET status = 'confirmed', paid_on = $2, bank_reference = $3, confirmed_by = $4, confirmed_at = now()
        WHERE id = $1`,
      [id, paidOn, bankReference, by],
    );
  }

  async markCancelled(id: string, by: string): Promise<void> {
    await this.rows(`UPDATE village_payment_file SET status = 'cancelled', cancelled_by = $2, cancelled_at = now() WHERE id = $1`, [
      id,
      by,
    ]);
  }
}
