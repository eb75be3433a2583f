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
import { VillageBookService } from '../ledger/village-book.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { Snapshot } from '../platform/database/snapshot';
import { ownVillageId } from '../platform/access/treasurer-view';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { OperatorPaymentDto, VillagePaymentDto } from './payment.dto';
import { Payment, PaymentKind, PaymentsRepository } from './payments.repository';

const sourceType = (kind: PaymentKind) => (kind === 'village' ? 'payment' : 'operator-payment');

/** Who is owed, in the words of the refusal: "村 V01 应收" today, "村 V01 在 2026-04-10 应收" on a day. */
interface Payee {
  is: string;
  on: (date: string) => string;
}

/** A payment as POST answers it: `warnings` when its bank reference was used before in the project. */
export type PostedPayment = Payment & { warnings?: string[] };

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
    private readonly villageBooks: VillageBookService,
  ) {}

  @Transactional()
  async payVillage(actor: Actor, projectId: string, dto: VillagePaymentDto): Promise<PostedPayment> {
    await this.assertCalendar(projectId, dto.date);
    const village = await this.villages.byCode(dto.villageCode, 'villageCode');
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const warnings = await this.bankReferenceWarnings(projectId, 'village', village.code, amount, dto.bankReference);
    const account = accounts.payable(village.code);
    const owed = await this.owedUpTo(projectId, account, 'credit', amount, dto.date, {
      is: `村 ${village.code} 应收`,
      on: (date) => `村 ${village.code} 在 ${date} 应收`,
    });
    const vouchers = buildVillagePayment({ village: village.code, villageName: village.name, date: dto.date, amount, owed });
    return withWarnings(await this.record(actor, projectId, 'village', village, dto, vouchers), warnings);
  }

  @Transactional()
  async payOperator(actor: Actor, projectId: string, dto: OperatorPaymentDto): Promise<PostedPayment> {
    await this.assertCalendar(projectId, dto.date);
    const amount = parseMoney(dto.amount, 'amount');
    await this.ledger.lock(projectId);
    const warnings = await this.bankReferenceWarnings(projectId, 'operator', null, amount, dto.bankReference);
    const account = accounts.OPERATOR_RECEIVABLE;
    const outstanding = await this.owedUpTo(projectId, account, 'debit', amount, dto.date, {
      is: '运营方应付',
      on: (date) => `运营方在 ${date} 应付`,
    });
    const vouchers = buildOperatorPayment({ date: dto.date, amount, outstanding });
    return withWarnings(await this.record(actor, projectId, 'operator', null, dto, vouchers), warnings);
  }

  /**
   * The project's earlier payments with the same bank reference (compared trimmed, ignoring case), under the ledger
   * lock: one to the same payee of the same amount, not reversed, is a payment entered twice (409 DUPLICATE_PAYMENT);
   * any other is a warning naming it, for the accountant to check.
   */
  private async bankReferenceWarnings(
    projectId: string,
    kind: PaymentKind,
    villageCode: string | null,
    amount: bigint,
    bankReference: string,
  ): Promise<string[]> {
    const earlier = await this.payments.withBankReference(projectId, bankReference);
    const ref = JSON.stringify(bankReference);
    for (const p of earlier) {
      if (p.status === 'posted' && p.kind === kind && p.villageCode === villageCode && parseMoney(p.amount, 'amount') === amount) {
        throw new ConflictError(
          `银行流水号 ${ref} 已用于同一笔款项：${describePayment(p)}；同一收款方、同一金额，很可能是重复录入，没有再记一次`,
          'bankReference',
          'DUPLICATE_PAYMENT',
        );
      }
    }
    return earlier.map((p) => `银行流水号 ${ref} 在本项目中已用过：${describePayment(p)}；请核对是否重复`);
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
    if (issue?.field === 'amount') {
      throw new ConflictError(`${a} 超过了${payee.is}的金额（${notBelowZero(issue.owed)}）`, 'amount', 'OVERPAYMENT');
    }
    if (issue && issue.on === date) {
      throw new ConflictError(
        `${a} 超过了${payee.on(date)}的金额（${notBelowZero(issue.owed)}）：款项在应付之前不能支付`,
        'date',
        'OVERPAYMENT',
      );
    }
    if (issue) {
      const owed = notBelowZero(issue.owed);
      throw new ConflictError(
        `日期为 ${date} 的 ${a} 超过了${payee.on(issue.on)}的金额（${owed}）：从支付日期起的任何一天，支付都不能超过应付的金额`,
        'date',
        'OVERPAYMENT',
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
    // Received in the village's own book when it is open, in this transaction.
    if (kind === 'village') await this.villageBooks.paymentMade(actor, id);
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
    if (p.status !== 'posted') throw new ConflictError('这笔支付已经冲销过了', 'status', 'ALREADY_REVERSED');
    const reversed = await this.ledger.reverseSource(actor, projectId, sourceType(kind), id, on);
    // The payment row said posted, but its voucher was reversed already: the books decide.
    if (reversed.length === 0) throw new ConflictError('这笔支付已经冲销过了', 'status', 'ALREADY_REVERSED');
    const voucher = reversed[0].voucherNumber;
    await this.payments.markReversed(id, reversed[0].id);
    if (kind === 'village') await this.villageBooks.paymentReversed(actor, id, on);
    await this.ledger.recordEvent(actor, projectId, {
      kind: 'payment.reversed',
      subjectId: id,
      date: on,
      payload: { paymentId: id, date: on, voucher },
    });
    await this.audit.record(actor, 'reverse', `${kind}-payment`, id, { voucher, date: on });
    return (await this.payments.find(projectId, id))!;
  }

  /**
   * The payments and the digest, read in one snapshot so that both describe the same books. A treasurer gets only
   * the payments to their own village: none of another village's, nor the operator's (its top-up is in the run's totals).
   */
  list(actor: Actor, projectId: string, kind: PaymentKind): Promise<{ items: Payment[]; digest: { sequence: number; hash: string } }> {
    return this.snapshot.read(async () => {
      await this.projects.get(projectId);
      return { items: await this.payments.list(projectId, kind, ownVillageId(actor)), digest: await this.books.digest(projectId) };
    });
  }

  /** One payment; another village's is not found for a treasurer, as if it did not exist. */
  async get(actor: Actor, projectId: string, id: string, kind: PaymentKind): Promise<Payment> {
    const p = await this.payments.find(projectId, id, { kind, villageId: ownVillageId(actor) });
    if (!p) throw new NotFoundError('payment', id);
    return p;
  }

  private async find(projectId: string, id: string, kind: PaymentKind, lock = false): Promise<Payment> {
    const p = await this.payments.find(projectId, id, { kind, lock });
    if (!p) throw new NotFoundError('payment', id);
    return p;
  }
}

/** An earlier payment as a warning names it: date, payee, amount, voucher, and whether it was reversed. */
function describePayment(p: Payment): string {
  const payee = p.kind === 'village' ? `付给村 ${p.villageCode}` : '运营方交来';
  return `${p.date} ${payee}的 ${p.amount}（凭证 ${p.voucher}${p.status === 'reversed' ? '，已冲销' : ''}）`;
}

function withWarnings(payment: Payment, warnings: string[]): PostedPayment {
  return warnings.length ? { ...payment, warnings } : payment;
}
