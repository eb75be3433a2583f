import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { dateIssue } from '../core/dates';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import {
  buildChartYearClose,
  buildVillageDeclaration,
  buildVillageOtherIncome,
  buildVillageReceipt,
  chartFor,
  postingDateIssue,
} from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { Snapshot } from '../platform/database/snapshot';
import { VillagesService } from '../villages/villages.service';
import { Book, BookRepository } from './book.repository';
import { LedgerRepository, PostedVoucher } from './ledger.repository';
import { LedgerWriter } from './ledger-writer';
import { voucherView } from './voucher-view';
import { YearCloseRepository } from './year-close.repository';

/** Income declared in a village's book for a fiscal year (amounts in fen). */
export interface DeclaredIncome {
  projects: Array<{ projectCode: string; projectName: string; amount: bigint }>;
  other: bigint;
}

/**
 * A village's own book (村集体经济组织账, chartFor('village')): its book id is the village's id, its chain the same
 * kind of chain as a project's, written by the same LedgerWriter. Opened once, on a day; from its opening year on,
 * every posted project run declares the village's dividend in it (Dr 112-<project> / Cr 502, the run's fiscal year)
 * and every payment to the village after the opening is received (Dr 102 / Cr 112-<project>), in the transaction
 * that posts or reverses the run or payment (RunsService, PaymentsService). Other income is Dr 102 / Cr 522. The
 * village's member distribution (src/village-runs) shares out what declaredIncome() says.
 * 村账乡代管: the village's treasurer or the accountant (admin as accountant) open it and record other income; the
 * auditor reads.
 */
@Injectable()
export class VillageBookService {
  constructor(
    private readonly bookRows: BookRepository,
    private readonly books: LedgerRepository,
    private readonly ledger: LedgerWriter,
    private readonly closes: YearCloseRepository,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
  ) {}

  @Transactional()
  async open(actor: Actor, villageId: string, openedOn: string) {
    await this.bookRows.holdOpenings(true);
    const village = await this.villages.get(villageId);
    const issue = dateIssue(openedOn) ?? postingDateIssue(openedOn, { today: this.clock.today(), startDate: null });
    if (issue) throw ValidationError.of('openedOn', issue);
    if (!(await this.bookRows.openVillage(village.id, openedOn, actor.login))) {
      throw new ConflictError(`${village.name}的村账已经建立`, 'villageId', 'BOOK_ALREADY_OPEN');
    }
    await this.ledger.recordEvent(actor, village.id, {
      kind: 'book.opened',
      subjectId: village.id,
      date: openedOn,
      payload: { village: village.code, openedOn },
    });
    const declared: PostedVoucher[] = [];
    for (const d of await this.bookRows.declarable({ villageId: village.id })) declared.push(...(await this.declare(actor, d)));
    const received: PostedVoucher[] = [];
    for (const r of await this.bookRows.receivable({ villageId: village.id })) received.push(...(await this.receive(actor, r)));
    const vouchers = [...declared, ...received].map((v) => v.voucherNumber);
    await this.audit.record(actor, 'open', 'village-book', village.id, { openedOn, vouchers });
    return { ...(await this.describe(village.id)), vouchers };
  }

  /** The book's state: whether it is open, its chain's digest, and the income declared in it by fiscal year. */
  async get(villageId: string) {
    await this.villages.get(villageId);
    return this.snapshot.read(() => this.describe(villageId));
  }

  @Transactional()
  async otherIncome(actor: Actor, villageId: string, dto: { date: string; amount: string; summary: string }) {
    await this.openBook(villageId);
    const amount = parseMoney(dto.amount, 'amount');
    const voucher = buildVillageOtherIncome({ date: dto.date, amount, summary: dto.summary });
    const id = randomUUID();
    const [posted] = await this.ledger.post(actor, villageId, [voucher], {
      type: 'other-income',
      id,
      fiscalYear: Number(dto.date.slice(0, 4)),
    });
    await this.audit.record(actor, 'create', 'village-other-income', id, {
      date: dto.date,
      amount: formatFen(amount),
      voucher: posted.voucherNumber,
    });
    // Income of a year whose member run is posted is not in that run: said, not refused (it may be meant for next year's).
    const year = Number(dto.date.slice(0, 4));
    const warnings = (await this.bookRows.hasMemberRun(villageId, year))
      ? [`${year} 年度的成员分红已经入账，这笔收入不在其中：要分给成员，须冲销该次分红后重新计算`]
      : [];
    return { id, voucher: voucherView(posted), ...(warnings.length > 0 && { warnings }) };
  }

  /** What a village's book declares as its income of `year`: 502 per project, and 522 (credits − debits). */
  async declaredIncome(villageId: string, year: number): Promise<DeclaredIncome> {
    const found = await this.bookRows.declaredIncome(villageId, year);
    return {
      projects: found.projects.map((p) => ({ ...p, amount: parseMoney(p.amount, 'amount') })),
      other: parseMoney(found.other, 'amount'),
    };
  }

  // Hooks: called by RunsService and PaymentsService in the transaction that posts or reverses, under the project's lock.

  /** Declares a just-posted run's dividends in the open books of its villages. */
  async runPosted(actor: Actor, runId: string): Promise<PostedVoucher[]> {
    await this.bookRows.holdOpenings(false);
    const posted: PostedVoucher[] = [];
    for (const d of await this.bookRows.declarable({ runId })) posted.push(...(await this.declare(actor, d)));
    return posted;
  }

  /** Reverses a run's declarations, dated `date`, in every village book they were made in. */
  async runReversed(actor: Actor, runId: string, date: string): Promise<PostedVoucher[]> {
    return this.reverseEverywhere(actor, 'declaration', runId, date);
  }

  /** Receives a just-made payment in the village's book, when it is open and the payment is dated on or after its opening. */
  async paymentMade(actor: Actor, paymentId: string): Promise<PostedVoucher[]> {
    await this.bookRows.holdOpenings(false);
    const posted: PostedVoucher[] = [];
    for (const r of await this.bookRows.receivable({ paymentId })) posted.push(...(await this.receive(actor, r)));
    return posted;
  }

  async paymentReversed(actor: Actor, paymentId: string, date: string): Promise<PostedVoucher[]> {
    return this.reverseEverywhere(actor, 'receipt', paymentId, date);
  }

  /**
   * 结账 of a village's book: the next year in order (the opening year first), once it has ended. Its income accounts'
   * balances (502, 522) go to 321 and on to 322-02, dated 31 December; then nothing is dated inside it.
   */
  @Transactional()
  async closeYear(actor: Actor, villageId: string, year: number) {
    if (!Number.isInteger(year) || year < 1900 || year > 9999) throw ValidationError.of('year', `${year} 不是有效年份`);
    const book = await this.openBook(villageId);
    await this.ledger.lock(villageId);
    if (await this.closes.isClosed(villageId, year)) throw new ConflictError(`${year} 年度已经结账`, 'year', 'YEAR_CLOSED');
    const current = Number(this.clock.today().slice(0, 4));
    if (year >= current) throw new ConflictError(`${year} 年度还没有结束：只能结 ${current} 年以前的年度`, 'year', 'YEAR_NOT_ENDED');
    const latest = await this.closes.latestClosed(villageId);
    const next = latest === undefined ? Number(book.openedOn!.slice(0, 4)) : latest + 1;
    if (year !== next) {
      throw new ConflictError(
        `须先结 ${next} 年度（村账从建账年度起按顺序结账）`,
        'year',
        year < next ? 'YEAR_CLOSED' : 'YEAR_OUT_OF_ORDER',
      );
    }
    const balances = new Map<string, bigint>();
    for (const l of await this.books.postedLines(villageId, `${year}-12-31`)) {
      balances.set(l.account, (balances.get(l.account) ?? 0n) + l.debit - l.credit);
    }
    const vouchers = buildChartYearClose('village', year, balances);
    const posted = await this.ledger.post(actor, villageId, vouchers, { type: 'year-close', id: `action:${year}`, fiscalYear: year });
    await this.closes.insert(villageId, year, actor.login);
    await this.closes.writeBalances(villageId, year);
    await this.ledger.recordEvent(actor, villageId, {
      kind: 'year.closed',
      subjectId: String(year),
      date: this.clock.today(),
      payload: { year },
    });
    const net = [...balances].reduce(
      (sum, [account, b]) => (chartFor('village').chartAccountOf(account).type === 'income' ? sum - b : sum),
      0n,
    );
    const numbers = posted.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'close', 'village-year', `${villageId}:${year}`, { year, vouchers: numbers });
    return { villageId, year, closedBy: actor.login, netIncome: formatFen(net), vouchers: numbers };
  }

  /** The village's book, which must be open (404 naming the book otherwise). */
  async openBook(villageId: string): Promise<Book> {
    await this.villages.get(villageId);
    const book = await this.bookRows.find(villageId);
    if (!book || book.kind !== 'village') throw new NotFoundError('village-book', villageId);
    return book;
  }

  private async describe(villageId: string) {
    const village = await this.villages.get(villageId);
    const book = await this.bookRows.find(villageId);
    if (!book || book.kind !== 'village') {
      return {
        villageId,
        villageCode: village.code,
        villageName: village.name,
        opened: false,
        openedOn: null,
        openedBy: null,
        digest: null,
        income: [],
      };
    }
    const income = (await this.bookRows.incomeByYear(villageId)).map((r) => {
      const investment = parseMoney(r.investment, 'amount');
      const other = parseMoney(r.other, 'amount');
      return { year: Number(r.year), investment: formatFen(investment), other: formatFen(other), total: formatFen(investment + other) };
    });
    return {
      villageId,
      villageCode: village.code,
      villageName: village.name,
      opened: true,
      openedOn: book.openedOn,
      openedBy: book.openedBy,
      digest: await this.books.digest(villageId),
      income,
    };
  }

  private declare(actor: Actor, d: { villageId: string; runId: string; projectCode: string; year: number; date: string; amount: string }) {
    const voucher = buildVillageDeclaration({
      projectCode: d.projectCode,
      year: Number(d.year),
      date: d.date,
      amount: parseMoney(d.amount, 'amount'),
    });
    return this.ledger.post(actor, d.villageId, [voucher], { type: 'declaration', id: d.runId, fiscalYear: Number(d.year) });
  }

  private receive(
    actor: Actor,
    r: {
      villageId: string;
      paymentId: string;
      projectCode: string;
      date: string;
      amount: string;
      bankReference: string;
      projectVoucher: string;
    },
  ) {
    const voucher = buildVillageReceipt({
      projectCode: r.projectCode,
      date: r.date,
      amount: parseMoney(r.amount, 'amount'),
      bankReference: r.bankReference,
      projectVoucher: r.projectVoucher,
    });
    return this.ledger.post(actor, r.villageId, [voucher], { type: 'receipt', id: r.paymentId });
  }

  private async reverseEverywhere(actor: Actor, type: 'declaration' | 'receipt', id: string, date: string): Promise<PostedVoucher[]> {
    await this.bookRows.holdOpenings(false);
    const reversed: PostedVoucher[] = [];
    for (const bookId of await this.bookRows.booksWithSource(type, id)) {
      if (type === 'declaration') {
        // Under the village book's lock (after the project's): a member run posted on this income keeps it declared.
        await this.ledger.lock(bookId);
        const year = await this.bookRows.memberRunOn(bookId, type, id);
        if (year !== undefined) {
          const village = await this.villages.get(bookId);
          throw new ConflictError(
            `${village.name}的村账上 ${year} 年度的成员分红已经入账，分的正是这次分红确认的收益：请先冲销该村的成员分红，再冲销这次分红`,
            'village',
            'VILLAGE_RUN_POSTED',
          );
        }
      }
      // Never before the book's opening: a declaration is dated no earlier than it.
      const openedOn = (await this.bookRows.find(bookId))?.openedOn ?? date;
      reversed.push(...(await this.ledger.reverseSource(actor, bookId, type, id, date < openedOn ? openedOn : date)));
    }
    return reversed;
  }
}
