import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape, Where } from '../platform/database/repository';

export const villagePaymentTable = tableShape('village_payment', {
  id: 'uuid',
  run_id: 'uuid',
  household_id: 'uuid',
  amount: 'numeric(15,2)',
  payment_date: 'date',
  bank_reference: 'character varying(100)',
  voucher_id: 'uuid',
  file_id: 'uuid?',
  status: 'character varying(10)',
  reversal_voucher_id: 'uuid?',
  created_by: 'character varying(64)',
  created_at: 'timestamp with time zone',
});

/** A dividend paid to a household against a village run, as the API shows it: voucher numbers, the household by code. */
export interface VillagePayment {
  id: string;
  runId: string;
  householdCode: string;
  headName: string;
  amount: string;
  date: string;
  bankReference: string;
  fileId: string | null;
  status: 'posted' | 'reversed';
  voucher: string;
  reversalVoucher: string | null;
  createdBy: string;
}

export interface NewVillagePayment {
  id: string;
  runId: string;
  householdId: string;
  amount: string;
  date: string;
  bankReference: string;
  voucherId: string;
  fileId: string | null;
  createdBy: string;
}

const SELECT = `SELECT p.id, p.run_id AS "runId", h.code AS "householdCode", h.head_name AS "headName", p.amount::text AS amount,
  to_char(p.payment_date, 'YYYY-MM-DD') AS date, p.bank_reference AS "bankReference", p.file_id AS "fileId", p.status,
  v.number AS voucher, rv.number AS "reversalVoucher", p.created_by AS "createdBy"
  FROM village_payment p JOIN household h ON h.id = p.household_id JOIN voucher v ON v.id = p.voucher_id
  LEFT JOIN voucher rv ON rv.id = p.reversal_voucher_id`;

/** village_payment: one row per voucher paying a household (Dr 211-<household> / Cr 102) in the village's book. */
@Injectable()
export class VillagePaymentsRepository extends Repository {
  /** Every payment at once (a confirmed file's households): one statement. */
  async insertMany(payments: readonly NewVillagePayment[]): Promise<void> {
    if (payments.length === 0) return;
    await this.rows(
      `INSERT INTO village_payment (id, run_id, household_id, amount, payment_date, bank_reference, voucher_id, file_id, status, created_by)
       SELECT id, run_id, household_id, amount, payment_date, bank_reference, voucher_id, file_id, 'posted', created_by
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[], $5::date[], $6::varchar[], $7::uuid[], $8::uuid[], $9::varchar[])
              AS t(id, run_id, household_id, amount, payment_date, bank_reference, voucher_id, file_id, created_by)`,
      [
        payments.map((p) => p.id),
        payments.map((p) => p.runId),
        payments.map((p) => p.householdId),
        payments.map((p) => p.amount),
        payments.map((p) => p.date),
        payments.map((p) => p.bankReference),
        payments.map((p) => p.voucherId),
        payments.map((p) => p.fileId),
        payments.map((p) => p.createdBy),
      ],
    );
  }

  async markReversed(id: string, reversalVoucherId: string): Promise<void> {
    await this.rows(`UPDATE village_payment SET status = 'reversed', reversal_voucher_id = $2 WHERE id = $1`, [id, reversalVoucherId]);
  }

  /** A payment of the run, optionally locked FOR UPDATE; a malformed id is not found. */
  async find(runId: string, id: string, lock = false): Promise<VillagePayment | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<VillagePayment>(`${SELECT} WHERE p.id = $1 AND p.run_id = $2${lock ? ' FOR UPDATE OF p' : ''}`, [id, runId]);
  }

  /** The run's payments (of a file, when given), in date order. */
  list(runId: string, fileId?: string): Promise<VillagePayment[]> {
    const w = new Where().and((p) => `p.run_id = ${p(runId)}`).and((p) => `p.file_id = ${p(fileId)}`, fileId);
    return this.rows<VillagePayment>(`${SELECT} ${w.sql} ORDER BY p.payment_date, h.code COLLATE "C", p.created_at`, w.params);
  }

  /** What the run's posted (unreversed) payments paid each household, as decimal strings by household id. */
  async paidByHousehold(runId: string): Promise<Map<string, string>> {
    const rows = await this.rows<{ householdId: string; paid: string }>(
      `SELECT household_id AS "householdId", sum(amount)::text AS paid FROM village_payment
        WHERE run_id = $1 AND status = 'posted' GROUP BY household_id`,
      [runId],
    );
    return new Map(rows.map((r) => [r.householdId, r.paid]));
  }

  /** How many of the run's payments are not reversed (a run with any cannot be reversed). */
  async countPosted(runId: string): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM village_payment WHERE run_id = $1 AND status = 'posted'`, [
      runId,
    ]);
    return row.n;
  }

  /** The book's balances owed to each account given (credit − debit, whole book), as decimal strings. */
  async owedInBook(bookId: string, accounts: readonly string[]): Promise<Map<string, string>> {
    if (accounts.length === 0) return new Map();
    const rows = await this.rows<{ account: string; owed: string }>(
      `SELECT l.account, sum(l.credit - l.debit)::text AS owed
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.book_id = $1 AND l.account = ANY($2::varchar[]) GROUP BY l.account`,
      [bookId, accounts],
    );
    return new Map(rows.map((r) => [r.account, r.owed]));
  }

  /** The village's payments (of any run) whose bank reference is this one (trimmed, ignoring case). */
  withBankReference(villageId: string, bankReference: string): Promise<VillagePayment[]> {
    return this.rows<VillagePayment>(
      `${SELECT} JOIN village_run r ON r.id = p.run_id
        WHERE r.village_id = $1 AND lower(btrim(p.bank_reference)) = lower(btrim($2)) ORDER BY p.payment_date, p.created_at`,
      [villageId, bankReference],
    );
  }
}
