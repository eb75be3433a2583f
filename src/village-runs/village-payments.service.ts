import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { formatFen, parseMoney } from '../core/money';
import type { MemberDistributionResult } from '../core/village-distribution';
import { HouseholdsService, HouseholdView } from '../households/households.service';
import { LedgerWriter } from '../ledger/ledger-writer';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { renderCsv } from '../platform/documents/csv-renderer';
import type { StoredMemberInput } from './member-input';
import { buildHouseholdPayment, VILLAGE_ACCOUNTS } from '../core/ledger';
import { source } from './village-run-sources';
import { PaymentFile, VillagePaymentFilesRepository } from './village-payment-files.repository';
import { NewVillagePayment, VillagePayment, VillagePaymentsRepository } from './village-payments.repository';
import { VILLAGE_RUN_STATUS, VillageRun, VillageRunsRepository } from './village-runs.repository';

/** The bank file's columns (documented in docs/api.md "Village runs"): one household a row, no totals row. */
export const BANK_FILE_COLUMNS = ['户编码', '户主', '开户行', '账号', '金额', '摘要'] as const;

/** A payment file as the API shows it: each line's bank account masked, the payments its confirmation posted. */
export interface PaymentFileView extends PaymentFile {
  lines: Array<{
    householdCode: string;
    headName: string;
    bankName: string | null;
    bankAccountMasked: string | null;
    amount: string;
  }>;
  payments: VillagePayment[];
}

/** What a new payment file answers: the file, and the households owed something that it could not include. */
export interface NewPaymentFile extends PaymentFileView {
  skipped: Array<{ householdCode: string; headName: string; outstanding: string; reason: string }>;
}

/**
 * Paying households what a posted village run owes them (Dr 211-<household> / Cr 102 in the village's book): one at
 * a time, or by a bank payment file of everyone still owed, marked paid at once when the bank has paid it. What is
 * owed is read under the run row's lock and then the book's: two payments can never both spend the same balance.
 */
@Injectable()
export class VillagePaymentsService {
  constructor(
    private readonly runs: VillageRunsRepository,
    private readonly payments: VillagePaymentsRepository,
    private readonly files: VillagePaymentFilesRepository,
    private readonly households: HouseholdsService,
    private readonly ledger: LedgerWriter,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** One household paid, never more than the run still owes it (409 naming amount). */
  @Transactional()
  async pay(
    actor: Actor,
    villageId: string,
    runId: string,
    dto: { household: string; amount: string; date: string; bankReference: string },
  ): Promise<VillagePayment> {
    const amount = parseMoney(dto.amount, 'amount');
    if (amount <= 0n) throw ValidationError.of('amount', '支付金额须大于零');
    const run = await this.postedRun(villageId, runId);
    this.assertNotBeforePosting(run, dto.date, 'date');
    const input = JSON.parse(run.inputJson) as StoredMemberInput;
    const household = input.households.find((h) => h.code === dto.household);
    if (!household) throw ValidationError.of('household', `户 "${dto.household}" 不在这次分红的股权登记中`);
    await this.ledger.lock(villageId);
    const owed = (await this.outstanding(run)).get(household.id) ?? 0n;
    if (amount > owed) {
      throw new ConflictError(
        `${formatFen(amount)} 超过了这次分红尚欠 ${household.code} 户（${household.name}）的金额（${formatFen(owed)}）`,
        'amount',
        'OVERPAYMENT',
      );
    }
    await this.assertNotDuplicate(villageId, household.code, amount, dto.bankReference);
    const id = randomUUID();
    const voucher = buildHouseholdPayment({ household: household.code, headName: household.name, year: run.year, date: dto.date, amount });
    const [posted] = await this.ledger.post(actor, villageId, [voucher], source('village-payment', id));
    const row: NewVillagePayment = {
      id,
      runId,
      householdId: household.id,
      amount: formatFen(amount),
      date: dto.date,
      bankReference: dto.bankReference,
      voucherId: posted.id,
      fileId: null,
      createdBy: actor.login,
    };
    await this.payments.insertMany([row]);
    await this.audit.record(actor, 'create', 'village-payment', id, {
      runId,
      household: household.code,
      amount: row.amount,
      date: dto.date,
      bankReference: dto.bankReference,
      voucher: posted.voucherNumber,
    });
    return (await this.payments.find(runId, id))!;
  }

  /** Reverses a payment (dated `date`, default today): what it paid is owed again. */
  @Transactional()
  async reversePayment(
    actor: Actor,
    villageId: string,
    runId: string,
    paymentId: string,
    date: string | undefined,
  ): Promise<VillagePayment> {
    const on = date ?? this.clock.today();
    await this.find(villageId, runId, true);
    const p = await this.payments.find(runId, paymentId, true);
    if (!p) throw new NotFoundError('village payment', paymentId);
    if (p.status !== 'posted') throw new ConflictError('这笔支付已经冲销过了', 'status', 'ALREADY_REVERSED');
    if (on < p.date) throw ValidationError.of('date', `冲销日期不能早于支付日期（${p.date}）`);
    const reversed = await this.ledger.reverseSource(actor, villageId, source('village-payment', paymentId).type, paymentId, on);
    if (reversed.length === 0) throw new ConflictError('这笔支付已经冲销过了', 'status', 'ALREADY_REVERSED');
    await this.payments.markReversed(paymentId, reversed[0].id);
    await this.audit.record(actor, 'reverse', 'village-payment', paymentId, { runId, date: on, voucher: reversed[0].voucherNumber });
    return (await this.payments.find(runId, paymentId))!;
  }

  async listPayments(villageId: string, runId: string): Promise<VillagePayment[]> {
    await this.find(villageId, runId);
    return this.payments.list(runId);
  }

  /**
   * A new bank payment file of every household the run still owes and that has a bank account; those without one are
   * listed as skipped. One open file a run: a second would pay the same households again (409 until it is confirmed
   * or cancelled).
   */
  @Transactional()
  async createFile(actor: Actor, villageId: string, runId: string): Promise<NewPaymentFile> {
    const run = await this.postedRun(villageId, runId);
    const open = await this.files.open(runId);
    if (open) throw new ConflictError(`这次分红已有未确认的第 ${open.number} 号支付文件：请先确认或作废它`, 'file', 'FILE_OPEN');
    const input = JSON.parse(run.inputJson) as StoredMemberInput;
    const owed = await this.outstanding(run);
    const views = await this.maskedHouseholds(villageId);
    const lines: Array<{ householdId: string; amount: string }> = [];
    const skipped: NewPaymentFile['skipped'] = [];
    let total = 0n;
    for (const h of input.households) {
      const o = owed.get(h.id) ?? 0n;
      if (o <= 0n) continue;
      if (!views.get(h.id)?.bankAccountMasked) {
        skipped.push({
          householdCode: h.code,
          headName: h.name,
          outstanding: formatFen(o),
          reason: '没有登记银行账号：请补登账号，或单独支付',
        });
        continue;
      }
      lines.push({ householdId: h.id, amount: formatFen(o) });
      total += o;
    }
    if (lines.length === 0) {
      const why = skipped.length ? `尚欠款的 ${skipped.length} 户都没有登记银行账号` : '这次分红已全部付清';
      throw new ConflictError(`没有可以放进支付文件的农户：${why}`, 'file', 'NOTHING_TO_PAY');
    }
    const id = await this.files.insert(runId, lines, formatFen(total), actor.login);
    const file = (await this.files.find(runId, id))!;
    await this.audit.record(actor, 'create', 'village-payment-file', id, {
      runId,
      number: file.number,
      households: lines.length,
      total: formatFen(total),
      skipped: skipped.map((s) => s.householdCode),
    });
    return { ...(await this.viewOf(villageId, file)), skipped };
  }

  async listFiles(villageId: string, runId: string): Promise<PaymentFile[]> {
    await this.find(villageId, runId);
    return this.files.list(runId);
  }

  async getFile(villageId: string, runId: string, fileId: string): Promise<PaymentFileView> {
    await this.find(villageId, runId);
    return this.viewOf(villageId, await this.findFile(runId, fileId));
  }

  /**
   * The bank file (CSV, UTF-8 with a BOM, RFC 4180): 户编码, 户主, 开户行, 账号 (whole), 金额, 摘要. The accounts are read
   * unmasked through the households feature, which allows the village's treasurer or an accountant and audits it.
   */
  @Transactional()
  async fileCsv(actor: Actor, villageId: string, runId: string, fileId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
    const run = await this.find(villageId, runId);
    const file = await this.findFile(runId, fileId);
    const lines = await this.files.lines(fileId);
    const input = JSON.parse(run.inputJson) as StoredMemberInput;
    const accounts = await this.households.unmaskedAccounts(
      actor,
      villageId,
      lines.map((l) => l.householdId),
      `村级分红支付文件：${input.village.code} ${run.year} 年度第 ${file.number} 号`,
    );
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const missing = lines.filter((l) => !byId.get(l.householdId)?.bankAccount);
    if (missing.length > 0)
      throw new ConflictError(
        `${missing.map((l) => l.householdCode).join('、')} 户现在没有银行账号：请补登后再下载`,
        'file',
        'ACCOUNT_MISSING',
      );
    const summary = `${input.village.name}${run.year}年度股金分红`;
    const rows = lines.map((l) => {
      const a = byId.get(l.householdId)!;
      return { code: l.householdCode, head: a.headName, bank: a.bankName ?? '', account: a.bankAccount, amount: l.amount, summary };
    });
    const columns = [
      { key: 'code', title: BANK_FILE_COLUMNS[0], kind: 'text' as const },
      { key: 'head', title: BANK_FILE_COLUMNS[1], kind: 'text' as const },
      { key: 'bank', title: BANK_FILE_COLUMNS[2], kind: 'text' as const },
      { key: 'account', title: BANK_FILE_COLUMNS[3], kind: 'text' as const },
      { key: 'amount', title: BANK_FILE_COLUMNS[4], kind: 'money' as const },
      { key: 'summary', title: BANK_FILE_COLUMNS[5], kind: 'text' as const },
    ];
    const fileName = `分红支付文件-${input.village.code}-${run.year}-${file.number}`;
    const bytes = renderCsv({
      fileName,
      title: fileName,
      pages: [{ title: '分红支付文件', blocks: [{ kind: 'table', table: { name: '支付文件', columns, rows } }] }],
      footer: {
        project: input.village.name,
        asOf: this.clock.today(),
        digest: { sequence: '', hash: '' },
        printedBy: actor.login,
        printedAt: '',
      },
    });
    await this.audit.record(actor, 'download', 'village-payment-file', fileId, { runId, number: file.number, households: lines.length });
    return { bytes, fileName };
  }

  /**
   * The bank has paid the file: one payment voucher per household, all in this transaction or none. A second
   * confirmation with the same date and reference answers the same and posts nothing (concurrent ones queue on the
   * run row); a line beyond what is now owed refuses the whole file (409, nothing posted).
   */
  @Transactional()
  async confirm(
    actor: Actor,
    villageId: string,
    runId: string,
    fileId: string,
    dto: { paidOn: string; bankReference: string },
  ): Promise<PaymentFileView> {
    const run = await this.find(villageId, runId, true);
    const file = await this.findFile(runId, fileId, true);
    if (file.status === 'confirmed') {
      if (file.paidOn === dto.paidOn && file.bankReference === dto.bankReference) return this.viewOf(villageId, file);
      throw new ConflictError(
        `第 ${file.number} 号支付文件已于 ${file.paidOn} 确认（银行流水号 ${file.bankReference}），不能再按不同的日期或流水号确认`,
        'file',
        'FILE_CONFIRMED',
      );
    }
    if (file.status === 'cancelled') throw new ConflictError(`第 ${file.number} 号支付文件已作废`, 'file', 'FILE_CANCELLED');
    if (run.status !== 'posted')
      throw new ConflictError(`这次村级分红${VILLAGE_RUN_STATUS[run.status]}，只有已入账的才能支付`, 'status', 'RUN_NOT_POSTED');
    this.assertNotBeforePosting(run, dto.paidOn, 'paidOn');
    await this.ledger.lock(villageId);
    const lines = await this.files.lines(fileId);
    const owed = await this.outstanding(run);
    const over = lines.filter((l) => parseMoney(l.amount, 'amount') > (owed.get(l.householdId) ?? 0n));
    if (over.length > 0) {
      const named = over.map((l) => `${l.householdCode}（文件 ${l.amount}，尚欠 ${formatFen(owed.get(l.householdId) ?? 0n)}）`);
      throw new ConflictError(
        `第 ${file.number} 号支付文件中有 ${over.length} 户的金额超过了现在尚欠的金额：${named.slice(0, 10).join('、')}；整个文件没有入账，请作废它并重新生成`,
        'file',
        'OVERPAYMENT',
      );
    }
    // Each household is paid on the account the run owes it on: 211-<its code in the run>, whatever it is called now.
    const inRun = new Map((JSON.parse(run.inputJson) as StoredMemberInput).households.map((h) => [h.id, h]));
    const items = lines.map((l) => ({ id: randomUUID(), line: l }));
    const posted = await this.ledger.postEach(
      actor,
      villageId,
      items.map(({ id, line }) => ({
        vouchers: [this.voucherOf(run, inRun.get(line.householdId)!, line.amount, dto.paidOn)],
        source: source('village-payment', id),
      })),
    );
    await this.payments.insertMany(
      items.map(({ id, line }, i) => ({
        id,
        runId,
        householdId: line.householdId,
        amount: line.amount,
        date: dto.paidOn,
        bankReference: dto.bankReference,
        voucherId: posted[i].id,
        fileId,
        createdBy: actor.login,
      })),
    );
    await this.files.markConfirmed(fileId, dto.paidOn, dto.bankReference, actor.login);
    await this.audit.record(actor, 'confirm', 'village-payment-file', fileId, {
      runId,
      number: file.number,
      paidOn: dto.paidOn,
      bankReference: dto.bankReference,
      total: file.total,
      vouchers: posted.map((v) => v.voucherNumber),
    });
    return this.viewOf(villageId, (await this.files.find(runId, fileId))!);
  }

  /** An open file set aside (the bank did not pay it): its households can go into a new one. */
  @Transactional()
  async cancelFile(actor: Actor, villageId: string, runId: string, fileId: string): Promise<PaymentFileView> {
    await this.find(villageId, runId, true);
    const file = await this.findFile(runId, fileId, true);
    if (file.status !== 'open')
      throw new ConflictError(
        `第 ${file.number} 号支付文件${file.status === 'confirmed' ? '已确认支付' : '已作废'}，不能作废`,
        'file',
        'FILE_NOT_OPEN',
      );
    await this.files.markCancelled(fileId, actor.login);
    await this.audit.record(actor, 'cancel', 'village-payment-file', fileId, { runId, number: file.number });
    return this.viewOf(villageId, (await this.files.find(runId, fileId))!);
  }

  private voucherOf(run: VillageRun, household: { code: string; name: string }, amount: string, date: string) {
    return buildHouseholdPayment({
      household: household.code,
      headName: household.name,
      year: run.year,
      date,
      amount: parseMoney(amount, 'amount'),
    });
  }

  /**
   * What the run still owes each household (by id): its amount less its posted payments, and never more than the
   * village's book says is owed on the household's 211 (another run's reversal, say, cannot be paid twice).
   */
  private async outstanding(run: VillageRun): Promise<Map<string, bigint>> {
    const input = JSON.parse(run.inputJson) as StoredMemberInput;
    const result = JSON.parse(run.resultJson) as MemberDistributionResult;
    const paid = await this.payments.paidByHousehold(run.id);
    const inBook = await this.payments.owedInBook(
      run.villageId,
      input.households.map((h) => VILLAGE_ACCOUNTS.payable(h.code)),
    );
    const idOf = new Map(input.households.map((h) => [h.code, h.id]));
    const owed = new Map<string, bigint>();
    for (const line of result.households) {
      const id = idOf.get(line.code)!;
      const byRun = parseMoney(line.amount, 'amount') - parseMoney(paid.get(id) ?? '0.00', 'paid');
      const byBook = parseMoney(inBook.get(VILLAGE_ACCOUNTS.payable(line.code)) ?? '0.00', 'owed');
      owed.set(id, byRun < byBook ? byRun : byBook);
    }
    return owed;
  }

  private async viewOf(villageId: string, file: PaymentFile): Promise<PaymentFileView> {
    const lines = await this.files.lines(file.id);
    const views = await this.maskedHouseholds(villageId);
    return {
      ...file,
      lines: lines.map((l) => ({
        householdCode: l.householdCode,
        headName: l.headName,
        bankName: views.get(l.householdId)?.bankName ?? null,
        bankAccountMasked: views.get(l.householdId)?.bankAccountMasked ?? null,
        amount: l.amount,
      })),
      payments: file.status === 'confirmed' ? await this.payments.list(file.runId, file.id) : [],
    };
  }

  /** The village's households as the households feature answers them (accounts masked), by id. */
  private async maskedHouseholds(villageId: string): Promise<Map<string, HouseholdView>> {
    const out = new Map<string, HouseholdView>();
    for (let page = 1; ; page++) {
      const p = await this.households.list(villageId, { page, pageSize: 500 });
      for (const h of p.items) out.set(h.id, h);
      if (p.items.length < 500) return out;
    }
  }

  /** A payment on or after the day the run was posted: nothing is owed before. */
  private assertNotBeforePosting(run: VillageRun, date: string, field: string): void {
    if (date < run.postingDate!)
      throw ValidationError.of(field, `${date} 早于这次分红的入账日期（${run.postingDate}）：款项在应付之前不能支付`);
  }

  /** The same household paid the same amount under the same bank reference, not reversed: entered twice. */
  private async assertNotDuplicate(villageId: string, household: string, amount: bigint, bankReference: string): Promise<void> {
    for (const p of await this.payments.withBankReference(villageId, bankReference)) {
      if (p.status === 'posted' && p.householdCode === household && parseMoney(p.amount, 'amount') === amount) {
        throw new ConflictError(
          `银行流水号 ${JSON.stringify(bankReference)} 已用于同一笔款项：${p.date} 付给 ${household} 户的 ${p.amount}（凭证 ${p.voucher}）；很可能是重复录入，没有再记一次`,
          'bankReference',
          'DUPLICATE_PAYMENT',
        );
      }
    }
  }

  private async postedRun(villageId: string, runId: string): Promise<VillageRun> {
    const run = await this.find(villageId, runId, true);
    if (run.status !== 'posted')
      throw new ConflictError(`这次村级分红${VILLAGE_RUN_STATUS[run.status]}，只有已入账的才能支付`, 'status', 'RUN_NOT_POSTED');
    return run;
  }

  private async find(villageId: string, runId: string, lock = false): Promise<VillageRun> {
    const run = await this.runs.findById(villageId, runId, lock);
    if (!run) throw new NotFoundError('village run', runId);
    return run;
  }

  private async findFile(runId: string, fileId: string, lock = false): Promise<PaymentFile> {
    const file = await this.files.find(runId, fileId, lock);
    if (!file) throw new NotFoundError('payment file', fileId);
    return file;
  }
}
