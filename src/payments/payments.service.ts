import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditFn } from '../audit/audit-trail';
import { ConflictError, NotFoundError } from '../core/errors';
import { accounts, buildOperatorPayment, buildVillagePayment } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { findByCodeOrReject, findByIdOrFail, isUuid } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { currentActor, today } from '../ledger/actor';
import { accountNet, digestOf } from '../ledger/ledger-reader';
import { LedgerWriter } from '../ledger/ledger-writer';
import { Project } from '../projects/project.entity';
import { Village } from '../villages/village.entity';
import { OperatorPaymentDto, VillagePaymentDto } from './payment.dto';


/**
 * Cash against the distribution: dividends paid to a village, the operator
 * paying its top-up. The balance is read after taking the project's ledger
 * lock, so two concurrent payments cannot both spend the same balance.
 */
@Injectable()
export class PaymentsService {
  constructor(private readonly db: DataSource, private readonly ledger: LedgerWriter, private readonly tx: TransactionRunner) {}

  payVillage(projectId: string, dto: VillagePaymentDto) {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      const village = await findByCodeOrReject(m, Village, 'village', 'villageCode', dto.villageCode);
      const amount = parseMoney(dto.amount, 'amount');
      await this.ledger.lock(m, projectId);
      const owed = -(await accountNet(m, projectId, accounts.payable(village.code)));
      if (amount > owed) throw new ConflictError(`${formatFen(amount)} is more than ${village.code} is owed (${formatFen(owed < 0n ? 0n : owed)})`, 'amount');
      const vouchers = buildVillagePayment({ village: village.code, villageName: village.name, date: dto.date, amount, owed });
      return this.record(m, audit, projectId, 'village', village.id, dto, vouchers);
    });
  }

  payOperator(projectId: string, dto: OperatorPaymentDto) {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      const amount = parseMoney(dto.amount, 'amount');
      await this.ledger.lock(m, projectId);
      const outstanding = await accountNet(m, projectId, accounts.OPERATOR_RECEIVABLE);
      if (amount > outstanding) throw new ConflictError(`${formatFen(amount)} is more than the operator owes (${formatFen(outstanding < 0n ? 0n : outstanding)})`, 'amount');
      const vouchers = buildOperatorPayment({ date: dto.date, amount, outstanding });
      return this.record(m, audit, projectId, 'operator', null, dto, vouchers);
    });
  }

  private async record(m: EntityManager, audit: AuditFn, projectId: string, kind: 'village' | 'operator', villageId: string | null,
    dto: OperatorPaymentDto, vouchers: ReturnType<typeof buildOperatorPayment>) {
    const [{ id }] = await m.query('SELECT gen_random_uuid() AS id');
    const [posted] = await this.ledger.post(m, projectId, vouchers, { type: kind === 'village' ? 'payment' : 'operator-payment', id });
    await m.query(
      `INSERT INTO payment (id, project_id, kind, village_id, amount, payment_date, bank_reference, voucher_id, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'posted', $9)`,
      [id, projectId, kind, villageId, dto.amount, dto.date, dto.bankReference, posted.id, currentActor().login],
    );
    await audit('create', `${kind}-payment`, id, { amount: dto.amount, date: dto.date, bankReference: dto.bankReference, voucher: posted.voucherNumber });
    return this.view(m, projectId, id);
  }

  reverse(projectId: string, id: string, kind: 'village' | 'operator', date = today()) {
    return this.tx.run(async (m, audit) => {
      const p = await this.find(m, projectId, id, kind, true);
      if (p.status !== 'posted') throw new ConflictError('this payment is already reversed', 'status');
      const reversed = await this.ledger.reverseSource(m, projectId, kind === 'village' ? 'payment' : 'operator-payment', id, date);
      await m.query(`UPDATE payment SET status = 'reversed', reversal_voucher_id = $2 WHERE id = $1`, [id, reversed[0].id]);
      await audit('reverse', `${kind}-payment`, id, { voucher: reversed[0].voucherNumber, date });
      return this.view(m, projectId, id);
    });
  }

  async list(projectId: string, kind: 'village' | 'operator') {
    const m = this.db.manager;
    await findByIdOrFail(m, Project, 'project', projectId);
    const rows = await m.query(`${SELECT} WHERE p.project_id = $1 AND p.kind = $2 ORDER BY p.payment_date, p.created_at`, [projectId, kind]);
    return { items: rows, digest: await digestOf(m, projectId) };
  }

  async get(projectId: string, id: string, kind: 'village' | 'operator') {
    return this.find(this.db.manager, projectId, id, kind);
  }

  private async find(m: EntityManager, projectId: string, id: string, kind: string, lock = false) {
    if (!isUuid(id)) throw new NotFoundError('payment', id);
    const rows = await m.query(`${SELECT} WHERE p.id = $1 AND p.project_id = $2 AND p.kind = $3${lock ? ' FOR UPDATE OF p' : ''}`, [id, projectId, kind]);
    if (rows.length === 0) throw new NotFoundError('payment', id);
    return rows[0];
  }

  private view(m: EntityManager, projectId: string, id: string) {
    return m.query(`${SELECT} WHERE p.id = $1 AND p.project_id = $2`, [id, projectId]).then((r) => r[0]);
  }
}

const SELECT = `SELECT p.id, p.project_id AS "projectId", p.kind, vl.code AS "villageCode", p.amount::text AS amount,
  to_char(p.payment_date, 'YYYY-MM-DD') AS date, p.bank_reference AS "bankReference", p.status, v.number AS voucher,
  rv.number AS "reversalVoucher", p.created_by AS "createdBy"
  FROM payment p JOIN voucher v ON v.id = p.voucher_id LEFT JOIN voucher rv ON rv.id = p.reversal_voucher_id
  LEFT JOIN village vl ON vl.id = p.village_id`;
