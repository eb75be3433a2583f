import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { firstDayBelowZero } from '../core/capital-balance';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { buildCapitalEvent } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { GroupCommit } from '../ledger/group-commit';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriter } from '../ledger/ledger-writer';
import { postedOpening } from '../ledger/opening-voucher';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { ownVillageId } from '../platform/access/treasurer-view';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { ProjectsService } from '../projects/projects.service';
import { Village } from '../villages/villages.repository';
import { VillagesService } from '../villages/villages.service';
import { CapitalEventQuery, CreateCapitalEventDto, UpdateCapitalEventDto } from './capital-event.dto';
import { CapitalEvent, CapitalEventFields, CapitalRepository } from './capital.repository';

@Injectable()
export class CapitalService {
  constructor(
    private readonly events: CapitalRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly runs: PostedRunsRepository,
    private readonly audit: AuditTrail,
    private readonly group: GroupCommit,
  ) {}

  /**
   * Records the event, posts its voucher and writes the audit entry, all or nothing. In the caller's transaction
   * (an import, an idempotent request); outside one, a unit of work in the project's group commit
   * (ledger/group-commit.ts): concurrent events of one project commit together, each still atomic on its own.
   */
  create(actor: Actor, projectId: string, dto: CreateCapitalEventDto): Promise<CapitalEvent> {
    return this.group.run(projectId, () => this.createNow(actor, projectId, dto));
  }

  /**
   * Locks the project's cut-over date (shared) before the participant, as update() does: a project change takes the
   * project row first too, so the order cannot deadlock. An event dated on or before the cut-over is history.
   */
  @Transactional()
  private async createNow(actor: Actor, projectId: string, dto: CreateCapitalEventDto): Promise<CapitalEvent> {
    await this.projects.get(projectId);
    const cutover = await this.projects.cutoverDate(projectId);
    const village = await this.villages.byCode(dto.villageCode, 'villageCode');
    await this.lockParticipant(projectId, village);
    assertNonZero(dto.amount);
    if (isHistory(dto.date, cutover)) {
      // The books' lock: an opening balance being posted now has read the history, or will read this event.
      await this.ledger.lock(projectId);
      await this.assertHistoryOpen(projectId, cutover!);
    }
    const fields: CapitalEventFields = {
      date: dto.date,
      amount: dto.amount,
      kind: dto.kind,
      fundSource: dto.fundSource ?? null,
      reference: dto.reference ?? null,
      memo: dto.memo ?? null,
    };
    await this.assertNeverBelowZero(projectId, village, { id: null, ...fields });
    const saved = await this.events.insert(projectId, village.id, fields);
    await this.book(actor, saved, village, cutover);
    await this.audit.record(actor, 'create', 'capital-event', saved.id, created(saved));
    return saved;
  }

  /** The project's events; a treasurer's, only their own village's. */
  async list(actor: Actor, projectId: string, q: CapitalEventQuery): Promise<Page<CapitalEvent>> {
    await this.projects.get(projectId);
    const filter = { projectId, villageId: q.villageId, heldTo: ownVillageId(actor), from: q.from, to: q.to };
    const { items, total } = await this.events.list(filter, q);
    return pageOf(items, total, q);
  }

  /** One event; another village's is not found for a treasurer, as if it did not exist. */
  async get(actor: Actor, projectId: string, id: string): Promise<CapitalEvent> {
    const e = await this.events.findById(id);
    const held = ownVillageId(actor);
    if (!e || e.projectId !== projectId || (held !== undefined && e.villageId !== held)) throw new NotFoundError('capital event', id);
    return e;
  }

  /**
   * Locks first, then reads: the project's cut-over date (shared), the event's row, then the village's part in the
   * project, then the books. Creation takes the participant then the books and
   * postings the books alone, so this order cannot deadlock with them; two
   * corrections of one event queue on its row and the later one starts from
   * what the earlier one left.
   */
  @Transactional()
  async update(actor: Actor, projectId: string, id: string, dto: UpdateCapitalEventDto): Promise<CapitalEvent> {
    const cutover = await this.projects.cutoverDate(projectId).catch(notFoundAs(id));
    const before = await this.events.lock(projectId, id);
    if (!before) throw new NotFoundError('capital event', id);
    if (dto.amount !== undefined) assertNonZero(dto.amount);
    const village = await this.villages.get(before.villageId);
    await this.lockParticipant(projectId, village);
    await this.ledger.lock(projectId);
    await this.assertNotUsedByPostedRun(projectId, [before.date, dto.date ?? before.date]);
    if (isHistory(before.date, cutover) || isHistory(dto.date ?? before.date, cutover)) await this.assertHistoryOpen(projectId, cutover!);
    const fields: CapitalEventFields = {
      date: dto.date ?? before.date,
      amount: dto.amount ?? before.amount,
      kind: dto.kind ?? before.kind,
      fundSource: given(dto.fundSource, before.fundSource),
      reference: given(dto.reference, before.reference),
      memo: given(dto.memo, before.memo),
    };
    await this.assertNeverBelowZero(projectId, village, { id, ...fields });
    const after = await this.events.update(id, fields);
    // A posted voucher is never edited: reverse the old one, book the corrected event (a memo alone books nothing).
    if (before.amount !== after.amount || before.date !== after.date || before.kind !== after.kind) {
      await this.ledger.reverseSource(actor, projectId, 'capital-event', id, undefined);
      await this.book(actor, after, village, cutover);
    }
    await this.audit.record(actor, 'update', 'capital-event', id, diff(before, after));
    return after;
  }

  /** The event's voucher; none for history (dated on or before the cut-over), which the opening balance carries. */
  private async book(actor: Actor, e: CapitalEvent, village: Village, cutover: string | null): Promise<void> {
    if (isHistory(e.date, cutover)) return;
    const vouchers = buildCapitalEvent({
      village: village.code,
      villageName: village.name,
      date: e.date,
      amount: parseMoney(e.amount, 'amount'),
      kind: e.kind,
    });
    await this.ledger.post(actor, e.projectId, vouchers, { type: 'capital-event', id: e.id });
  }

  /** A posted, unreversed run used every event dated up to its year end: those are history now, corrected only by new events. */
  private async assertNotUsedByPostedRun(projectId: string, dates: string[]): Promise<void> {
    const earliest = dates.reduce((a, b) => (a < b ? a : b));
    // A run's year ends on 31 December, so it covers the date when its year is the date's year or later.
    const run = await this.runs.first(projectId, { from: Number(earliest.slice(0, 4)) });
    if (run) {
      throw new ConflictError(
        `已入账的 ${run.year} 年度分红计算用到了这笔出资，不能再改；请另登记一笔更正出资`,
        'date',
        'USED_BY_POSTED_RUN',
      );
    }
  }

  /** History is written only while the opening balance is not posted: once it is, the old books are closed. */
  private async assertHistoryOpen(projectId: string, cutover: string): Promise<void> {
    if (await postedOpening(this.books, projectId)) {
      throw new ConflictError(
        `期初余额已入账：期初日期 ${cutover} 及以前的出资是旧账中的历史，不能再登记或更正；如要更正，请先冲销期初余额`,
        'date',
        'ON_OR_BEFORE_CUTOVER',
      );
    }
  }

  /** Serialises every change to one village's capital in one project, so two withdrawals cannot both pass the check. */
  private async lockParticipant(projectId: string, village: Village): Promise<void> {
    if (!(await this.projects.lockParticipant(projectId, village.id))) {
      throw ValidationError.of('villageCode', `村 ${village.code} 没有参与本项目`, 'NOT_PARTICIPANT');
    }
  }

  /**
   * The rulebook (src/core/capital-balance.ts) over the village's events with
   * this one added (id null) or changed; call under the participant lock.
   */
  private async assertNeverBelowZero(
    projectId: string,
    village: Village,
    change: Pick<CapitalEvent, 'date' | 'amount'> & { id: string | null },
  ) {
    const others = (await this.events.ofParticipant(projectId, village.id)).filter((e) => e.id !== change.id);
    const below = firstDayBelowZero([...others, change].map((e) => ({ date: e.date, amount: parseMoney(e.amount, 'amount') })));
    if (below) {
      throw ValidationError.of(
        'amount',
        `村 ${village.code} 的出资余额在 ${below.date} 日终将为 ${formatFen(below.capital)}；村的出资余额任何一天都不能低于零`,
        'CAPITAL_BELOW_ZERO',
      );
    }
  }
}

/** Dated on or before the cut-over date: history of the old books, carried by the opening balance, no voucher of its own. */
function isHistory(date: string, cutover: string | null): boolean {
  return cutover !== null && date <= cutover;
}

/** An unknown project answers as the unknown event it was asked about. */
function notFoundAs(id: string) {
  return (e: unknown) => {
    throw e instanceof NotFoundError ? new NotFoundError('capital event', id) : e;
  };
}

function assertNonZero(amount: string): void {
  if (/^-?0+(\.0+)?$/.test(amount)) throw ValidationError.of('amount', '不能为零');
}

/** A correction's value for a field: absent keeps the old value, null clears it. */
function given<T>(value: T | undefined, old: T): T {
  return value === undefined ? old : value;
}
