import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../core/errors';
import { accounts, buildOperatorPayment, buildVillagePayment, Voucher } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { LedgerWriter } from '../ledger/ledger-writer';
import { LedgerRepository } from '../ledger/ledger.repository';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { OperatorPaymentDto, VillagePaymentDto } from './payment.dto';
import { Payment, PaymentKind, PaymentsRepository } from './payments.repository';

const sourceType = (kind: PaymentKind) => (kind === 'village' ? 'payment' : 'operator-payment');

/**
 * Cash against the distribution: dividends paid to a village, the operator
 * paying its top-up. The balance is read after taking the project's ledger
 * lock, so two concurrent payments cannot both spend the same balance.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  @Transactional()
  async payVillage(actor: Actor, projectId: string, dto: VillagePaymentDto): Promise<Payment> {
    await this.projects.get(projectId);
    const village = await this.villages.byCode(dto.villageCode, 'villageCode');
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const owed = -(await this.books.accountNet(projectId, accounts.payable(village.code)));
    if (amount > owed) {
      throw new ConflictError(`${formatFen(amount)} is more than ${village.code} is owed (${formatFen(owed < 0n ? 0n : owed)})`, 'amount');
    }
    const vouchers = buildVillagePayment({ village: village.code, villageName: village.name, date: dto.date, amount, owed });
    return this.record(actor, projectId, 'village', village.id, dto, vouchers);
  }

  @Transactional()
  async payOperator(actor: Actor, projectId: string, dto: OperatorPaymentDto): Promise<Payment> {
    await this.projects.get(projectId);
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const outstanding = await this.books.accountNet(projectId, accounts.OPERATOR_RECEIVABLE);
    if (amount > outstanding) {
      const owes = formatFen(outstanding < 0n ? 0n : outstanding);
      throw new ConflictError(`${formatFen(amount)} is more than the operator owes (${owes})`, 'amount');
    }
    const vouchers = buildOperatorPayment({ date: dto.date, amount, outstanding });
    return this.record(actor, projectId, 'operator', null, dto, vouchers);
  }

  private async record(
    actor: Actor,
    projectId: string,
    kind: PaymentKind,
    villageId: string | null,
    dto: OperatorPaymentDto,
    vouchers: Voucher[],
  ): Promise<Payment> {
    const id = randomUUID();
    const [posted] = await this.ledger.post(actor, projectId, vouchers, { type: sourceType(kind), id });
    const { amount, date, bankReference } = dto;
    const createdBy = actor.login;
    await this.payments.insert({ id, projectId, kind, villageId, amount, date, bankReference, voucherId: posted.id, createdBy });
    await this.audit.record(actor, 'create', `${kind}-payment`, id, { amount, date, bankReference, voucher: posted.voucherNumber });
    return (await this.payments.find(projectId, id))!;
  }

  /** Reverses a posted payment, dated `date` (default today in Beijing). */
  @Transactional()
  async reverse(actor: Actor, projectId: string, id: string, kind: PaymentKind, date?: string): Promise<Payment> {
    const on = date ?? this.clock.today();
    const p = await this.find(projectId, id, kind, true);
    if (p.status !== 'posted') throw new ConflictError('this payment is already reversed', 'status');
    const reversed = await this.ledger.reverseSource(actor, projectId, sourceType(kind), id, on);
    await this.payments.markReversed(id, reversed[0].id);
    await this.audit.record(actor, 'reverse', `${kind}-payment`, id, { voucher: reversed[0].voucherNumber, date: on });
    return (await this.payments.find(projectId, id))!;
  }

  async list(projectId: string, kind: PaymentKind): Promise<{ items: Payment[]; digest: { sequence: number; hash: string } }> {
    await this.projects.get(projectId);
    return { items: await this.payments.list(projectId, kind), digest: await this.books.digest(projectId) };
  }

  get(projectId: string, id: string, kind: PaymentKind): Promise<Payment> {
    return this.find(projectId, id, kind);
  }

  private async find(projectId: string, id: string, kind: PaymentKind, lock = false): Promise<Payment> {
    const p = await this.payments.find(projectId, id, { kind, lock });
    if (!p) throw new NotFoundError('payment', id);
    return p;
  }
}
