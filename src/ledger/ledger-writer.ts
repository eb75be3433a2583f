import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { dateIssue } from '../core/dates';
import { ConflictError, InvariantError, NotFoundError, ValidationError } from '../core/errors';
import {
  assertBalanced,
  canonicalPayload,
  chartFor,
  eventHash,
  formatVoucherNumber,
  isLedgerEventKind,
  LedgerEventKind,
  postingDateIssue,
  reversalDateIssue,
  reverse,
  Voucher,
  voucherHash,
} from '../core/ledger';
import { cutoverDateIssue } from '../core/ledger/posting-dates';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { GroupCommit, Outcome } from './group-commit';
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerHead, LedgerRepository, NewVoucher, PostedVoucher } from './ledger.repository';
import { OPENING_SOURCE } from './opening-voucher';

/** What a posting belongs to: the business record it books, and the distribution year for closes and runs. */
export interface PostingSource {
  type:
    | 'capital-event'
    | 'year-result'
    | 'year-close'
    | 'run'
    | 'payment'
    | 'operator-payment'
    | typeof OPENING_SOURCE
    // A village's own book (VillageBookService, src/village-runs): a project run's dividend declared, a project's
    // payment received, other income, the village's run and its payments to households.
    | 'declaration'
    | 'receipt'
    | 'other-income'
    | 'village-run'
    | 'village-payment';
  id: string;
  fiscalYear?: number | null;
}

/** A voucher to append: who prepared it, where it comes from, and the voucher it reverses, if any. */
interface Appended {
  voucher: Voucher;
  preparer: string;
  source: PostingSource;
  original?: PostedVoucher;
}

/** One caller's post(): its vouchers, in order. */
interface Posting {
  actor: Actor;
  vouchers: Voucher[];
  source: PostingSource;
  reversalOf: PostedVoucher[];
}

const monthsOf = (vouchers: readonly Voucher[]) => [...new Set(vouchers.map((v) => v.date.slice(0, 7)))];

/**
 * The only code that writes vouchers, into any book (a project's or a village's:
 * the book id is the project's or the village's id). Under the book's ledger_head row lock
 * it allocates the sequences and the months' voucher numbers, chains the
 * hashes and inserts vouchers and lines, all in the caller's transaction: a
 * rollback takes the numbers back, and concurrent postings queue on the lock.
 * A posting is three statements whatever its size (up to 10,000 lines): the
 * lock with everything its checks read, the counters, head and vouchers, their
 * lines (docs/architecture.md, "Posting").
 */
@Injectable()
export class LedgerWriter {
  constructor(
    private readonly books: LedgerRepository,
    private readonly events: LedgerEventRepository,
    private readonly clock: Clock,
    private readonly group: GroupCommit,
  ) {}

  /**
   * Locks the book until the caller's transaction ends; call first
   * when a decision depends on balances. Outside a transaction a lock would
   * protect nothing, so there it throws.
   */
  @Transactional(Propagation.Mandatory)
  async lock(bookId: string, months: readonly string[] = []): Promise<LedgerHead> {
    const head = await this.books.lockHead(bookId, months);
    if (!head) throw new NotFoundError('project', bookId);
    return head;
  }

  /**
   * Posts the vouchers in order, prepared by the actor; `reversalOf[i]` is the voucher that `vouchers[i]` reverses.
   * In the caller's transaction; outside one, the posting is a unit of work of its own and joins the project's group
   * commit (group-commit.ts): it is answered when the batch it joined commits.
   */
  post(
    actor: Actor,
    bookId: string,
    vouchers: Voucher[],
    source: PostingSource,
    reversalOf: PostedVoucher[] = [],
  ): Promise<PostedVoucher[]> {
    if (vouchers.length === 0) return Promise.resolve([]);
    const alone = () => this.postNow(actor, bookId, vouchers, source, reversalOf);
    // An opening voucher's checks read the books (postTogether refuses without reading); it posts on its own.
    if (source.type === OPENING_SOURCE) return this.group.run(bookId, alone);
    const posting: Posting = { actor, vouchers, source, reversalOf };
    return this.group.runTogether(`${bookId}:postings`, posting, (all) => this.postTogether(bookId, all), alone);
  }

  /**
   * A batch of callers' postings at once (the group commit's runTogether): one lock, each caller's checks against
   * it (a refused posting is that caller's error and writes nothing), then every accepted voucher in one append.
   */
  private async postTogether(bookId: string, postings: Posting[]): Promise<Outcome<PostedVoucher[]>[]> {
    const head = await this.lock(bookId, monthsOf(postings.flatMap((p) => p.vouchers)));
    const outcomes: Outcome<PostedVoucher[]>[] = [];
    const accepted: Array<{ at: number; count: number }> = [];
    const items: Appended[] = [];
    for (const [at, p] of postings.entries()) {
      try {
        await this.assertPostable(bookId, head, p.vouchers, p.source, p.reversalOf);
        for (const v of p.vouchers) assertBalanced(v);
      } catch (error) {
        outcomes[at] = { ok: false, error };
        continue;
      }
      accepted.push({ at, count: p.vouchers.length });
      items.push(...p.vouchers.map((voucher, i) => ({ voucher, preparer: p.actor.login, source: p.source, original: p.reversalOf[i] })));
    }
    const posted = await this.append(bookId, head, items, true);
    let from = 0;
    for (const { at, count } of accepted) {
      outcomes[at] = { ok: true, value: posted.slice(from, from + count) };
      from += count;
    }
    return outcomes;
  }

  @Transactional()
  private async postNow(
    actor: Actor,
    bookId: string,
    vouchers: Voucher[],
    source: PostingSource,
    reversalOf: PostedVoucher[],
  ): Promise<PostedVoucher[]> {
    if (vouchers.length === 0) return [];
    const head = await this.lock(bookId, monthsOf(vouchers));
    await this.assertPostable(bookId, head, vouchers, source, reversalOf);
    return this.append(
      bookId,
      head,
      vouchers.map((voucher, i) => ({ voucher, preparer: actor.login, source, original: reversalOf[i] })),
      true,
    );
  }

  /**
   * Many sources' vouchers at once, in the order given, under one lock and one move of the head: the import's bulk
   * path (src/imports), where each capital event after the cut-over posts its own. The same checks as post().
   */
  @Transactional()
  async postEach(actor: Actor, bookId: string, items: Array<{ vouchers: Voucher[]; source: PostingSource }>): Promise<PostedVoucher[]> {
    const all = items.flatMap((i) => i.vouchers.map((voucher) => ({ voucher, preparer: actor.login, source: i.source })));
    if (all.length === 0) return [];
    const head = await this.lock(bookId, monthsOf(all.map((a) => a.voucher)));
    for (const type of new Set(all.map((a) => a.source.type))) {
      const these = all.filter((a) => a.source.type === type);
      await this.assertPostable(
        bookId,
        head,
        these.map((a) => a.voucher),
        these[0].source,
        [],
      );
    }
    return this.append(bookId, head, all);
  }

  /**
   * The refusal post() would give a voucher of this source dated `date` (its dates' rules: the calendar, closed
   * years, the cut-over), or null; under the books' lock, so it holds until the caller's transaction ends.
   */
  @Transactional(Propagation.Mandatory)
  async dateRefusal(bookId: string, date: string, source: PostingSource): Promise<ValidationError | ConflictError | null> {
    const head = await this.lock(bookId);
    try {
      await this.assertPostable(bookId, head, [{ date, summary: '', lines: [] }], source, []);
      return null;
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) return e;
      throw e;
    }
  }

  private async assertPostable(
    bookId: string,
    head: LedgerHead,
    vouchers: Voucher[],
    source: PostingSource,
    reversalOf: PostedVoucher[],
  ): Promise<void> {
    this.assertInChart(head, vouchers);
    const dates = vouchers.map((v) => v.date);
    this.assertWithinCalendar(dates, head);
    this.assertReversalsNotEarlier(vouchers, reversalOf);
    this.assertOpen(head, dates);
    await this.assertAfterCutover(bookId, head, dates, source, reversalOf);
  }

  /**
   * Chains and numbers the vouchers after the head in memory, then writes them all at once (appendVouchers): the
   * months' counters and the head move once, whatever the number of vouchers. `last`: nothing follows in the
   * posting's unit of work (post(), postTogether), so the append may end the group commit's transaction.
   */
  private async append(bookId: string, head: LedgerHead, items: Appended[], last = false): Promise<PostedVoucher[]> {
    const posted: PostedVoucher[] = [];
    const rows: NewVoucher[] = [];
    const counters = new Map<string, number>();
    let { sequence, hash } = head;
    for (const { voucher: v, preparer, source, original } of items) {
      const fiscalYear = source.fiscalYear ?? null;
      assertBalanced(v);
      const month = v.date.slice(0, 7);
      const last = counters.get(month) ?? head.counters.get(month);
      if (last === undefined) throw new InvariantError(`凭证月份 ${month} 的计数器没有在加锁时读出`);
      counters.set(month, last + 1);
      const record = {
        projectCode: head.projectCode,
        sequence: sequence + 1,
        voucherNumber: formatVoucherNumber(v.date, last + 1),
        date: v.date,
        summary: v.summary,
        preparer,
        reversalOf: original ? original.voucherNumber : null,
        lines: v.lines,
      };
      const prevHash = hash;
      hash = voucherHash(prevHash, record);
      sequence = record.sequence;
      const id = randomUUID();
      rows.push({
        id,
        bookId,
        sequence,
        number: record.voucherNumber,
        date: v.date,
        summary: v.summary,
        preparer,
        reversalOfId: original?.id ?? null,
        reversalOfNumber: record.reversalOf,
        sourceType: source.type,
        sourceId: source.id,
        fiscalYear,
        prevHash,
        hash,
        lines: v.lines,
      });
      posted.push({
        ...record,
        id,
        prevHash,
        hash,
        sourceType: source.type,
        sourceId: source.id,
        fiscalYear,
        reversalOfId: original?.id ?? null,
      });
    }
    await this.books.appendVouchers(bookId, head.sequence, rows, counters, last);
    return posted;
  }

  /**
   * Reverses every voucher of a source that is not itself a reversal and not
   * yet reversed, dated `date`, or each original's own date when undefined.
   */
  @Transactional()
  async reverseSource(
    actor: Actor,
    bookId: string,
    type: PostingSource['type'],
    id: string,
    date: string | undefined,
  ): Promise<PostedVoucher[]> {
    const head = await this.lock(bookId);
    const originals = await this.books.vouchers(bookId, { source: { type, id }, onlyUnreversedOriginals: true });
    if (originals.length === 0) return [];
    const reversals = originals.map((o) => reverse(o, date ?? o.date, head.kind));
    return this.post(actor, bookId, reversals, { type, id, fiscalYear: originals[0].fiscalYear }, originals);
  }

  /**
   * Appends an event to the project's event chain (docs/ledger.md, "The event
   * chain"), under the same head lock as vouchers. Call it inside the
   * @Transactional() method that makes the change: the event and the change
   * commit or roll back together, so outside a transaction it throws.
   */
  @Transactional(Propagation.Mandatory)
  async recordEvent(
    actor: Actor,
    bookId: string,
    event: { kind: LedgerEventKind; subjectId: string; date: string; payload: Record<string, unknown> },
  ): Promise<void> {
    if (!isLedgerEventKind(event.kind)) throw new InvariantError(`未知的账簿事件类型 ${String(event.kind)}`);
    const issue = dateIssue(event.date);
    if (issue) throw new InvariantError(`账簿事件 ${event.kind} 的日期：${issue}`);
    if (!event.subjectId) throw new InvariantError(`账簿事件 ${event.kind} 没有主体`);
    const head = await this.lock(bookId);
    const content = {
      projectCode: head.projectCode,
      sequence: head.eventSequence + 1,
      kind: event.kind,
      subjectId: event.subjectId,
      date: event.date,
      actorLogin: actor.login,
      recordedAt: head.now.toISOString(),
      payload: canonicalPayload(event.payload),
    };
    const hash = eventHash(head.eventHash, content);
    await this.events.insert({ ...content, bookId, prevHash: head.eventHash, hash });
    await this.books.advanceEventHead(bookId, content.sequence, hash);
  }

  /** Every account is one of the book's chart (a project's or a village's), or a sub-account it allows. */
  private assertInChart(head: LedgerHead, vouchers: Voucher[]): void {
    const chart = chartFor(head.kind);
    for (const v of vouchers) {
      for (const l of v.lines) {
        if (!chart.isKnownAccount(l.account)) {
          const book = head.kind === 'village' ? '村集体账簿' : '项目账簿';
          throw ValidationError.of('account', `${JSON.stringify(l.account)} 不是${book}科目表中的科目，也不是它允许开设的明细科目`);
        }
      }
    }
  }

  /** Nothing is dated after today (Beijing) or before the book's start (a project's start, a village book's opening). */
  private assertWithinCalendar(dates: string[], head: LedgerHead): void {
    const today = this.clock.today();
    for (const date of new Set(dates)) {
      const issue = postingDateIssue(date, { today, startDate: head.startDate, book: head.kind });
      if (issue) throw ValidationError.of('date', issue);
    }
  }

  /** A reversal is dated no earlier than the voucher it reverses. */
  private assertReversalsNotEarlier(vouchers: Voucher[], reversalOf: PostedVoucher[]): void {
    for (const [i, original] of reversalOf.entries()) {
      const issue = reversalDateIssue(vouchers[i].date, original.date);
      if (issue) throw ValidationError.of('date', issue);
    }
  }

  /**
   * A project that moved in from older books (a cut-over date D, spec onboarding.md) starts its chain with its
   * opening balance: before that is posted nothing else can be, an opening voucher goes only where nothing but
   * opening vouchers (and their reversals) are, and afterwards nothing is dated on or before D. The database refuses
   * the last too (trigger voucher_after_cutover); this gives the message.
   */
  private async assertAfterCutover(
    bookId: string,
    head: LedgerHead,
    dates: string[],
    source: PostingSource,
    reversalOf: PostedVoucher[],
  ): Promise<void> {
    const { cutoverDate, openingDate } = head;
    if (source.type === OPENING_SOURCE) {
      if (cutoverDate === null) throw new ConflictError('项目没有期初日期：请先设置项目的 cutoverDate', 'cutoverDate', 'CUTOVER_NOT_SET');
      if (reversalOf.length > 0) return;
      if (openingDate !== null) {
        throw new ConflictError('项目的期初余额已经入账：要更正，请先冲销它', 'status', 'OPENING_ALREADY_POSTED');
      }
      const others =
        (await this.books.countVouchers(bookId)) - (await this.books.countVouchers(bookId, { source: { type: OPENING_SOURCE } }));
      if (others > 0) {
        throw new ConflictError('项目已有其他凭证：期初余额须是账簿的第一张凭证', 'status', 'OPENING_NOT_FIRST');
      }
      return;
    }
    if (cutoverDate === null) return;
    if (openingDate === null) {
      throw new ConflictError(
        `项目从旧账转入（期初日期 ${cutoverDate}），期初余额还没有入账：期初余额须是账簿的第一张凭证，入账后才能记其他凭证`,
        'date',
        'OPENING_NOT_POSTED',
      );
    }
    const earliest = dates.reduce((a, b) => (a < b ? a : b));
    const issue = cutoverDateIssue(earliest, openingDate);
    if (issue) throw new ConflictError(issue, 'date', 'ON_OR_BEFORE_CUTOVER');
  }

  /**
   * A closed year takes no voucher (the database trigger refuses one too, this
   * gives the message); nor does a year before the latest closed one, since
   * closed years run from the project's first year without a gap.
   */
  private assertOpen(head: LedgerHead, dates: string[]): void {
    const years = new Set(dates.map((d) => Number(d.slice(0, 4))));
    const closed = head.closedYears.find((y) => years.has(y));
    if (closed !== undefined) throw new ConflictError(`${closed} 年度已经结账：不能再记入日期在该年度内的凭证`, 'date', 'YEAR_CLOSED');
    const latest = head.closedYears.at(-1);
    const earliest = Math.min(...years);
    if (latest !== undefined && earliest < latest) {
      throw new ConflictError(`${earliest} 年度早于已结账的 ${latest} 年度：不能再记入日期在它之前的凭证`, 'date', 'YEAR_CLOSED');
    }
  }
}
