import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape, Where } from '../platform/database/repository';

export const paymentTable = tableShape('payment', {
  id: 'uuid',
  project_id: 'uuid',
  kind: 'character varying(10)',
  village_id: 'uuid?',
  amount: 'numeric(15,2)',
  payment_date: 'date',
  bank_reference: 'character varying(100)',
  voucher_id: 'uuid',
  status: 'character varying(10)',
  reversal_voucher_id: 'uuid?',
  created_by: 'character varying(64)',
  created_at: 'timestamp with time zone',
});

/** Dividends paid to a village, or the operator paying its top-up. */
export type PaymentKind = 'village' | 'operator';

/** A payment as the API shows it: voucher numbers rather than ids, the village by code. */
export interface Payment {
  id: string;
  projectId: string;
  kind: PaymentKind;
  villageCode: string | null;
  amount: string;
  date: string;
  bankReference: string;
  status: 'posted' | 'reversed';
  voucher: string;
  reversalVoucher: string | null;
  createdBy: string;
}

export interface NewPayment {
  id: string;
  projectId: string;
  kind: PaymentKind;
  villageId: string | null;
  amount: string;
  date: string;
  bankReference: string;
  voucherId: string;
  createdBy: string;
}

const SELECT = `SELECT p.id, p.project_id AS "projectId", p.kind, vl.code AS "villageCode", p.amount::text AS amount,
  to_char(p.payment_date, 'YYYY-MM-DD') AS date, p.bank_reference AS "bankReference", p.status, v.number AS voucher,
  rv.number AS "reversalVoucher", p.created_by AS "createdBy"
  FROM payment p JOIN voucher v ON v.id = p.voucher_id LEFT JOIN voucher rv ON rv.id = p.reversal_voucher_id
  LEFT JOIN village vl ON vl.id = p.village_id`;

@Injectable()
export class PaymentsRepository extends Repository {
  async insert(p: NewPayment): Promise<void> {
    await this.rows(
      `INSERT INTO payment (id, project_id, kind, village_id, amount, payment_date, bank_reference, voucher_id, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'posted', $9)`,
      [p.id, p.projectId, p.kind, p.villageId, p.amount, p.date, p.bankReference, p.voucherId, p.createdBy],
    );
  }

  async markReversed(id: string, reversalVoucherId: string): Promise<void> {
    await this.rows(`UPDATE payment SET status = 'reversed', reversal_voucher_id = $2 WHERE id = $1`, [id, reversalVoucherId]);
  }

  /**
   * A payment of the project (of that kind, to that village, when given), optionally locked FOR UPDATE; a malformed
   * id is not found.
   */
  async find(
    projectId: string,
    id: string,
    f: { kind?: PaymentKind; villageId?: string; lock?: boolean } = {},
  ): Promise<Payment | undefined> {
    if (!isUuid(id)) return undefined;
    const w = new Where()
      .and((p) => `p.id = ${p(id)}`)
      .and((p) => `p.project_id = ${p(projectId)}`)
      .and((p) => `p.kind = ${p(f.kind)}`, f.kind)
      .and((p) => `p.village_id = ${p(f.villageId)}`, f.villageId);
    return this.one<Payment>(`${SELECT} ${w.sql}${f.lock ? ' FOR UPDATE OF p' : ''}`, w.params);
  }

  /**
   * What the account's vouchers add to what is owed, per day, in date order:
   * credit − debit for a payable (211-<village>), debit − credit for the
   * operator's receivable. The account exactly: 211-V01 is not 211-V01-A's.
   */
  owedMovements(projectId: string, account: string, owedSide: 'credit' | 'debit'): Promise<Array<{ date: string; amount: string }>> {
    const net = owedSide === 'credit' ? 'l.credit - l.debit' : 'l.debit - l.credit';
    return this.rows(
      `SELECT to_char(v.voucher_date, 'YYYY-MM-DD') AS date, sum(${net})::text AS amount
         FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.book_id = $1 AND l.account = $2 GROUP BY v.voucher_date ORDER BY v.voucher_date`,
      [projectId, account],
    );
  }

  /** The project's payments, of either kind, whose bank reference is this one (trimmed, ignoring case), oldest first. */
  withBankReference(projectId: string, bankReference: string): Promise<Payment[]> {
    const w = new Where()
      .and((p) => `p.project_id = ${p(projectId)}`)
      .and((p) => `lower(btrim(p.bank_reference)) = lower(btrim(${p(bankReference)}))`);
    return this.rows<Payment>(`${SELECT} ${w.sql} ORDER BY p.payment_date, p.created_at`, w.params);
  }

  /** The project's payments of a kind in date order; with `villageId`, only those to that village (a treasurer's). */
  list(projectId: string, kind: PaymentKind, villageId?: string): Promise<Payment[]> {
    const w = new Where()
      .and((p) => `p.project_id = ${p(projectId)}`)
      .and((p) => `p.kind = ${p(kind)}`)
      .and((p) => `p.village_id = ${p(villageId)}`, villageId);
    return this.rows<Payment>(`${SELECT} ${w.sql} ORDER BY p.payment_date, p.created_at`, w.params);
  }
}
