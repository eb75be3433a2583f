import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import {
  accounts,
  buildOperatorPayment,
  buildVillagePayment,
  OwedMovement,
  owedAsOf,
  paymentOwedIssue,
  postingDateIssue,
  Voucher,
} from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { LedgerWriter } from '../ledger/ledger-writer';
import { LedgerRepository } from '../ledger/ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { OperatorPaymentDto, VillagePaymentDto } from './payment.dto';
import { Payment, PaymentKind, PaymentsRepository } from './payments.repository';

const sourceType = (kind: PaymentKind) => (kind === 'village' ? 'payment' : 'operator-payment');

/** Who is owed, in the words of the refusal: "V01 is owed" / "V01 was owed", "the operator owes" / "the operator owed". */
interface Payee {
  is: string;
  was: string;
}

const notBelowZero = (fen: bigint) => formatFen(fen < 0n ? 0n : fen);

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
    private readonly snapshot: Snapshot,
  ) {}

  @Transactional()
  async payVillage(actor: Actor, projectId: string, dto: VillagePaymentDto): Promise<Payment> {
    await this.assertCalendar(projectId, dto.date);
    const village = await this.villages.byCode(dto.villageCode, 'villageCode');
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const account = accounts.payable(village.code);
    const owed = await this.owedUpTo(projectId, account, 'credit', amount, dto.date, {
      is: `${village.code} is owed`,
      was: `${village.code} was owed`,
    });
    const vouchers = buildVillagePayment({ village: village.code, villageName: village.name, date: dto.date, amount, owed });
    return this.record(actor, projectId, 'village', village, dto, vouchers);
  }

  @Transactional()
  async payOperator(actor: Actor, projectId: string, dto: OperatorPaymentDto): Promise<Payment> {
    await this.assertCalendar(projectId, dto.date);
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const account = accounts.OPERATOR_RECEIVABLE;
    const outstanding = await this.owedUpTo(projectId, account, 'debit', amount, dto.date, {
      is: 'the operator owes',
      was: 'the operator owed',
    });
    const vouchers = buildOperatorPayment({ date: dto.date, amount, outstanding });
    return this.record(actor, projectId, 'operator', null, dto, vouchers);
  }

  /**
   * The date is checked before anything else: a payment dated after today or
   * before the project's start is bad input (400) whatever its amount.
   * LedgerWriter.post refuses such a voucher too; this answers first.
   */
  private async assertCalendar(projectId: string, date: string): Promise<void> {
    const project = await this.projects.get(projectId);
    const issue = postingDateIssue(date, { today: this.clock.today(), startDate: project.startDate });
    if (issue) throw ValidationError.of('date', issue);
  }

  /**
   * What is owed today, after checking (under the ledger lock) that `amount`
   * dated `date` never pays more than is owed: as of its date, on any later
   * day, and today (core paymentOwedIssue). 409 naming amount or date.
   */
  private async owedUpTo(
    projectId: string,
    account: string,
    owedSide: 'credit' | 'debit',
    amount: bigint,
    date: string,
    payee: Payee,
  ): Promise<bigint> {
    const rows = await this.payments.owedMovements(projectId, account, owedSide);
    const movements: OwedMovement[] = rows.map((r) => ({ date: r.date, amount: parseMoney(r.amount, 'amount') }));
    const today = this.clock.today();
    const issue = paymentOwedIssue({ amount, date, today, movements });
    const a = formatFen(amount);
    if (issue?.field === 'amount') throw new ConflictError(`${a} is more than ${payee.is} (${notBelowZero(issue.owed)})`, 'amount');
    if (issue && issue.on === date) {
      throw new ConflictError(
        `${a} is more than ${payee.was} on ${date} (${notBelowZero(issue.owed)}): nothing is paid before it is owed`,
        'date',
      );
    }
    if (issue) {
      const owed = notBelowZero(issue.owed);
      throw new ConflictError(
        `${a} dated ${date} is more than ${payee.was} on ${issue.on} (${owed}): a payment never exceeds what is owed on any day from its date on`,
        'date',
      );
    }
    return owedAsOf(movements, today);
  }

  private async record(
    actor: Actor,
    projectId: string,
    kind: PaymentKind,
    village: { id: string; code: string } | null,
    dto: OperatorPaymentDto,
    vouchers: Voucher[],
  ): Promise<Payment> {
    const id = randomUUID();
    const [posted] = await this.ledger.post(actor, projectId, vouchers, { type: sourceType(kind), id });
    const { amount, date, bankReference } = dto;
    const createdBy = actor.login;
    const villageId = village?.id ?? null;
    await this.payments.insert({ id, projectId, kind, villageId, amount, date, bankReference, voucherId: posted.id, createdBy });
    const payload = {
      paymentId: id,
      kind,
      villageCode: village?.code ?? null,
      amount: formatFen(parseMoney(amount, 'amount')),
      date,
      bankReference,
      voucher: posted.voucherNumber,
    };
    await this.ledger.recordEvent(actor, projectId, { kind: 'payment.posted', subjectId: id, date, payload });
    await this.audit.record(actor, 'create', `${kind}-payment`, id, { amount, date, bankReference, voucher: posted.voucherNumber });
    return (await this.payments.find(projectId, id))!;
  }

  /**
   * Reverses a posted payment, dated `date` (default today in Beijing): never
   * before the payment's own voucher (400 naming date), nor inside a closed
   * year (LedgerWriter.post: 409).
   */
  @Transactional()
  async reverse(actor: Actor, projectId: string, id: string, kind: PaymentKind, date?: string): Promise<Payment> {
    const on = date ?? this.clock.today();
    const p = await this.find(projectId, id, kind, true);
    if (p.status !== 'posted') throw new ConflictError('this payment is already reversed', 'status');
    const reversed = await this.ledger.reverseSource(actor, projectId, sourceType(kind), id, on);
    // The payment row said posted, but its voucher was reversed already: the books decide.
    if (reversed.length === 0) throw new ConflictError('this payment is already reversed', 'status');
    const voucher = reversed[0].voucherNumber;
    await this.payments.markReversed(id, reversed[0].id);
    await this.ledger.recordEvent(actor, projectId, {
      kind: 'payment.reversed',
      subjectId: id,
      date: on,
      payload: { paymentId: id, date: on, voucher },
    });
    await this.audit.record(actor, 'reverse', `${kind}-payment`, id, { voucher, date: on });
    return (await this.payments.find(projectId, id))!;
  }

  /** The payments and the digest, read in one snapshot so that both describe the same books. */
  list(projectId: string, kind: PaymentKind): Promise<{ items: Payment[]; digest: { sequence: number; hash: string } }> {
    return this.snapshot.read(async () => {
      await this.projects.get(projectId);
      return { items: await this.payments.list(projectId, kind), digest: await this.books.digest(projectId) };
    });
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
