import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { buildOpeningBalance, OpeningContext, OpeningLine } from '../core/ledger/builders/opening-balance';
import { formatFen, parseMoney } from '../core/money';
import { redactionNote, villageSubAccount, VillageView, voucherLinesForView } from '../core/village-view';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriter } from '../ledger/ledger-writer';
import { OPENING_SOURCE, postedOpening } from '../ledger/opening-voucher';
import { villageViewOf } from '../platform/access/treasurer-view';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Actor, actorKey } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { UsersService } from '../users/users.service';
import { VillagesService } from '../villages/villages.service';
import { CreateOpeningBalanceDto } from './opening-balance.dto';
import { OpeningBalance, OpeningBalancesRepository } from './opening-balances.repository';

/** A status as the refusal says it: "这份期初余额已入账". */
const STATUS: Readonly<Record<string, string>> = { draft: '还是草稿', approved: '已审核', posted: '已入账', reversed: '已冲销' };

/**
 * Opening balances (期初余额, spec onboarding.md): a document of the old books'
 * balances on the project's cut-over date, drafted by one user, approved by
 * another, posted once as the first voucher of the chain, and reversed only
 * while no later voucher exists. Every step locks the document, then the books.
 */
@Injectable()
export class OpeningBalancesService {
  constructor(
    private readonly documents: OpeningBalancesRepository,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
    private readonly users: UsersService,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  /** A draft dated the project's cut-over date; every problem of its lines at once (400). */
  @Transactional()
  async create(actor: Actor, projectId: string, dto: CreateOpeningBalanceDto) {
    await this.projects.get(projectId);
    const asOf = await this.projects.cutoverDate(projectId);
    if (asOf === null) {
      throw new ConflictError(
        '项目没有期初日期：请先在项目上设置 cutoverDate（旧账的最后一天），再编制期初余额',
        'cutoverDate',
        'CUTOVER_NOT_SET',
      );
    }
    if (await postedOpening(this.books, projectId)) {
      throw new ConflictError('项目的期初余额已经入账：要更正，请先冲销它，再重新编制', 'status', 'OPENING_ALREADY_POSTED');
    }
    const lines = dto.lines.map((l, i) => ({
      account: l.account,
      debit: parseMoney(l.debit ?? '0', `lines[${i}].debit`),
      credit: parseMoney(l.credit ?? '0', `lines[${i}].credit`),
    }));
    buildOpeningBalance(await this.context(projectId, asOf), lines);
    const id = await this.documents.insertDraft(
      {
        projectId,
        asOf,
        memo: dto.memo ?? null,
        lines: lines.map((l) => ({ account: l.account, debit: formatFen(l.debit), credit: formatFen(l.credit) })),
      },
      actor,
    );
    const saved = await this.find(projectId, id);
    await this.recordStep(actor, projectId, id, 'opening.prepared', asOf);
    await this.audit.record(actor, 'create', 'opening-balance', id, { projectId, asOf, memo: saved.memo, lines: saved.lines });
    return saved;
  }

  async list(actor: Actor, projectId: string) {
    await this.projects.get(projectId);
    const view = await villageViewOf(actor, this.villages);
    return Promise.all((await this.documents.list(projectId)).map((d) => this.forView(d, view)));
  }

  async get(actor: Actor, projectId: string, id: string) {
    return this.forView(await this.find(projectId, id), await villageViewOf(actor, this.villages));
  }

  /** Another user than the preparer approves (四眼原则), and not one whose account the preparer made or changed. */
  @Transactional()
  async approve(actor: Actor, projectId: string, id: string) {
    const doc = await this.find(projectId, id, true);
    if (doc.status !== 'draft') {
      throw new ConflictError(`这份期初余额${STATUS[doc.status]}，只有草稿才能审核`, 'status', 'OPENING_NOT_DRAFT');
    }
    if ((doc.preparedBy ?? doc.preparedByLogin) === actorKey(actor)) {
      throw new ConflictError('编制这份期初余额的人不能审核它，须由另一位会计审核', 'approvedBy', 'PREPARER_CANNOT_APPROVE');
    }
    await this.users.assertIndependent(doc.preparedBy, actor.userId, '期初余额');
    await this.documents.markApproved(id, actor);
    await this.recordStep(actor, projectId, id, 'opening.approved', doc.asOf);
    await this.audit.record(actor, 'approve', 'opening-balance', id, { projectId, asOf: doc.asOf });
    return this.find(projectId, id);
  }

  /**
   * Posts the approved document as the first voucher of the chain, dated the cut-over date. The capital history is
   * checked again under the books' lock: an event corrected since the draft makes it outdated (409).
   */
  @Transactional()
  async post(actor: Actor, projectId: string, id: string) {
    const doc = await this.find(projectId, id, true);
    if (doc.status !== 'approved') {
      throw new ConflictError(`这份期初余额${STATUS[doc.status]}，只有已审核的才能入账`, 'status', 'OPENING_NOT_APPROVED');
    }
    await this.ledger.lock(projectId);
    const asOf = await this.projects.cutoverDate(projectId);
    if (asOf !== doc.asOf) {
      throw new ConflictError(
        `项目的期初日期已改为 ${asOf ?? '（无）'}，这份期初余额截至 ${doc.asOf}：请按新的期初日期重新编制`,
        'cutoverDate',
        'OPENING_OUTDATED',
      );
    }
    const voucher = await this.outdatedAsConflict(async () => buildOpeningBalance(await this.context(projectId, asOf), parsed(doc)));
    const [posted] = await this.ledger.post(actor, projectId, [voucher], { type: OPENING_SOURCE, id });
    await this.documents.markPosted(id, actor, posted.id);
    await this.recordStep(actor, projectId, id, 'opening.posted', asOf, { voucher: posted.voucherNumber });
    await this.audit.record(actor, 'post', 'opening-balance', id, { projectId, asOf, voucher: posted.voucherNumber });
    return this.find(projectId, id);
  }

  /** Reverses the opening voucher, dated the cut-over date, while it is still the last voucher of the chain. */
  @Transactional()
  async reverse(actor: Actor, projectId: string, id: string) {
    const doc = await this.find(projectId, id, true);
    if (doc.status !== 'posted') {
      throw new ConflictError(`这份期初余额${STATUS[doc.status]}，只有已入账的才能冲销`, 'status', 'OPENING_NOT_POSTED');
    }
    const head = await this.ledger.lock(projectId);
    const opening = await postedOpening(this.books, projectId);
    if (!opening || opening.sourceId !== id) throw new ConflictError('账上没有这份期初余额的凭证', 'status', 'OPENING_NOT_POSTED');
    if (head.sequence !== opening.sequence) {
      throw new ConflictError(
        `期初余额（凭证 ${opening.voucherNumber}）之后已记了 ${head.sequence - opening.sequence} 张凭证：只有在没有后续凭证时才能冲销期初余额`,
        'status',
        'LATER_VOUCHERS',
      );
    }
    const [reversal] = await this.ledger.reverseSource(actor, projectId, OPENING_SOURCE, id, doc.asOf);
    await this.documents.markReversed(id, actor, reversal.id);
    await this.recordStep(actor, projectId, id, 'opening.reversed', doc.asOf, { voucher: reversal.voucherNumber });
    await this.audit.record(actor, 'reverse', 'opening-balance', id, { projectId, asOf: doc.asOf, voucher: reversal.voucherNumber });
    return this.find(projectId, id);
  }

  /**
   * Each step is an event in the project's chain (docs/ledger.md, "The event chain"), in the step's transaction,
   * dated the cut-over date; verification compares the document's status and voucher numbers with them.
   */
  private recordStep(
    actor: Actor,
    projectId: string,
    id: string,
    kind: 'opening.prepared' | 'opening.approved' | 'opening.posted' | 'opening.reversed',
    asOf: string,
    extra: { voucher?: string } = {},
  ): Promise<void> {
    return this.ledger.recordEvent(actor, projectId, {
      kind,
      subjectId: id,
      date: asOf,
      payload: { openingBalanceId: id, asOf, ...extra },
    });
  }

  /** One document of the project, or 404; `lock` holds its row until the transaction ends. */
  private async find(projectId: string, id: string, lock = false): Promise<OpeningBalance> {
    const doc = await this.documents.find(projectId, id, lock);
    if (!doc) throw new NotFoundError('期初余额', id);
    return doc;
  }

  /** What the lines are checked against: the cut-over date and each participant's capital history up to it. */
  private async context(projectId: string, asOf: string): Promise<OpeningContext> {
    const rows = await this.documents.capitalOn(projectId, asOf);
    return { date: asOf, capital: new Map(rows.map((r) => [r.code, parseMoney(r.capital, 'capital')])) };
  }

  /** A document that was valid when drafted but no longer matches the records is a conflict with today's state. */
  private async outdatedAsConflict<T>(check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const why = e.issues.map((i) => i.message).join('；');
      throw new ConflictError(`这份期初余额与现在的记录不符（${why}）：请重新编制`, 'lines', 'OPENING_OUTDATED');
    }
  }

  /** A treasurer sees their own village's lines and the other villages' merged per account (core/village-view.ts). */
  private async forView(doc: OpeningBalance, view: VillageView | undefined) {
    if (!view) return doc;
    const lines = parsed(doc);
    const codes = await this.books.villageCodes(lines.flatMap((l) => villageSubAccount(l.account)?.code ?? []));
    const cut = voucherLinesForView(lines, view, (code) => codes.has(code));
    if (cut.merged === 0) return doc;
    return {
      ...doc,
      lines: cut.lines.map((l) => ({
        account: l.account,
        debit: formatFen(l.debit),
        credit: formatFen(l.credit),
        ...(l.memo && { memo: l.memo }),
      })),
      redacted: redactionNote(view),
    };
  }
}

/** The stored lines in fen. */
function parsed(doc: OpeningBalance): OpeningLine[] {
  return doc.lines.map((l) => ({ account: l.account, debit: parseMoney(l.debit, 'debit'), credit: parseMoney(l.credit, 'credit') }));
}
