import { Injectable } from '@nestjs/common';
import { amountInWords } from '../core/amount-in-words';
import { NotFoundError } from '../core/errors';
import { chartFor, totals as voucherTotals } from '../core/ledger';
import { formatFen } from '../core/money';
import { redactionNote, villageSubAccount, VillageView, voucherLinesForView } from '../core/village-view';
import { VillageBookService } from '../ledger/village-book.service';
import { voucherView } from '../ledger/voucher-view';
import { JournalQuery } from '../ledger/ledger.dto';
import { LedgerRepository, PostedVoucher, VoucherFilter } from '../ledger/ledger.repository';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { Snapshot } from '../platform/database/snapshot';
import { pageOf } from '../platform/http/paging';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { accountLabel } from './account-names';
import type { JournalAnswer } from './documents/journal.document';
import { ExportFormat, JournalExport, toBeancount, toHledger } from './documents/journal-export';
import type { VoucherAnswer } from './documents/voucher.document';
import { ReportsRepository } from './reports.repository';

/** A voucher number as the books write it: 2026-03-0001. */
const VOUCHER_NUMBER = /^[0-9]{4}-[0-9]{2}-[0-9]{4,}$/;

/** What backs a voucher, counted as its one attachment. */
const ATTACHMENT: Readonly<Record<string, string>> = {
  run: '分红明细表',
  'year-close': '年度结账',
  'year-result': '年度经营成果',
  payment: '银行回单',
  'capital-event': '出资凭据',
};

type Filter = Pick<JournalQuery, 'from' | 'to' | 'account' | 'village'>;
type Page = Filter & { page: number; pageSize: number };

/**
 * Whose books a journal reads, as the answer names them: a project's (a treasurer's cut by `view`, village
 * sub-accounts named after the villages) or a village's own (its chart's names; only its treasurer or the township
 * reach it, so nothing is cut).
 */
interface Book {
  id: string;
  code: string;
  name: string;
  view: VillageView | undefined;
  label: (account: string) => string;
}

/**
 * The journal (凭证列表 / 序时账) as JSON pages, as a whole for the documents and the auditors' export, and one
 * voucher by its number. A treasurer gets the vouchers that touch their own village's sub-accounts or no other
 * village's, the other villages' lines merged into their parent account (core/village-view.ts); each answer reads
 * its vouchers and the digest in one snapshot.
 */
@Injectable()
export class JournalReport {
  constructor(
    private readonly books: LedgerRepository,
    private readonly reports: ReportsRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
    private readonly villageBooks: VillageBookService,
  ) {}

  /** One page of the journal, as the API has always answered it. */
  journal(actor: Actor, projectId: string, q: JournalQuery) {
    return this.snapshot.read(async () => this.page(await this.projectBook(actor, projectId), q));
  }

  /** One page of a village's own book (村账), each line with its account's name. */
  villageJournal(villageId: string, q: Page) {
    return this.snapshot.read(async () => {
      const book = await this.villageBook(villageId);
      const page = await this.page(book, q);
      // The village chart is less familiar than the project's: each line carries its account's name.
      return { ...page, items: page.items.map((v) => ({ ...v, lines: v.lines.map((l) => ({ ...l, name: book.label(l.account) })) })) };
    });
  }

  private async page(book: Book, q: Page) {
    const { id, view } = book;
    const filter = this.filterOf(q, view);
    const digest = await this.books.digest(id);
    // Sequences are gapless from 1, so the whole journal's count is the head's sequence: no count(*) over the books.
    const whole = !view && [q.from, q.to, q.account, q.village].every((x) => x === undefined || x === null); // as Where skips them
    const total = whole ? digest.sequence : await this.books.countVouchers(id, filter);
    const items = await this.books.vouchers(id, { ...filter, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    const shown = view ? await this.forView(items, view) : items.map(voucherView);
    return { ...pageOf(shown, total, q), digest, ...(view && { redacted: redactionNote(view) }) };
  }

  /** Every voucher of the filter with its accounts' names: what 凭证列表 prints (no pages: a document holds them all). */
  journalDocumentData(actor: Actor, projectId: string, q: Filter): Promise<JournalAnswer> {
    return this.snapshot.read(async () => this.documentData(await this.projectBook(actor, projectId), q));
  }

  /** A village's own book as 凭证列表 prints it. */
  villageJournalDocumentData(villageId: string, q: Filter): Promise<JournalAnswer> {
    return this.snapshot.read(async () => ({ ...(await this.documentData(await this.villageBook(villageId), q)), book: 'village' }));
  }

  private async documentData(book: Book, q: Filter): Promise<JournalAnswer> {
    const { id, view } = book;
    const items = await this.books.vouchers(id, this.filterOf(q, view));
    const shown = view ? await this.forView(items, view) : items.map(voucherView);
    return {
      project: book.code,
      projectName: book.name,
      filter: { from: q.from, to: q.to, account: q.account, village: q.village },
      asOf: this.clock.today(),
      items: shown.map((v) => ({
        number: v.number,
        date: v.date,
        summary: v.summary,
        reversalOf: v.reversalOf,
        lines: v.lines.map((l) => ({ ...l, name: book.label(l.account) })),
      })),
      digest: await this.books.digest(id),
      ...(view && { redacted: redactionNote(view) }),
    };
  }

  /**
   * One voucher by its number, with its accounts' names, totals in 大写, whether it reverses or was reversed, and
   * the signature boxes: 制单 and 审核 the run's preparer and approver for a run's vouchers, 记账 whoever posted
   * it; for other vouchers the poster prepared and booked it in one step and nobody approved it.
   */
  voucher(actor: Actor, projectId: string, number: string): Promise<VoucherAnswer> {
    return this.snapshot.read(async () => this.voucherOf(await this.projectBook(actor, projectId), number));
  }

  /** One voucher of a village's own book by its number. */
  villageVoucher(villageId: string, number: string): Promise<VoucherAnswer> {
    return this.snapshot.read(async () => this.voucherOf(await this.villageBook(villageId), number));
  }

  private async voucherOf(book: Book, number: string): Promise<VoucherAnswer> {
    const { id, view } = book;
    const date = VOUCHER_NUMBER.test(number) ? await this.reports.voucherDate(id, number) : undefined;
    const stored = date
      ? (await this.books.vouchers(id, this.filterOf({ from: date, to: date }, view))).find((x) => x.voucherNumber === number)
      : undefined;
    if (!stored) throw new NotFoundError('voucher', number);
    const [v] = view ? await this.forView([stored], view) : [voucherView(stored)];
    const sums = voucherTotals(stored);
    const runId =
      stored.sourceType === 'run' ? stored.sourceId : stored.sourceType === 'year-close' ? stored.sourceId.replace(/^run:/, '') : null;
    const run = runId ? await this.reports.runHandlers(runId) : undefined;
    const people = await this.reports.displayNames([stored.preparer, run?.preparedByLogin ?? null, run?.approvedByLogin ?? null]);
    const person = (login: string | null | undefined) => (login ? (people.get(login) ?? login) : '');
    const reversedBy = (await this.reports.reversals([stored.id])).get(stored.id) ?? null;
    return {
      project: book.code,
      projectName: book.name,
      number: v.number,
      sequence: v.sequence,
      date: v.date,
      summary: v.summary,
      reversalOf: v.reversalOf,
      reversedBy,
      source: v.source,
      attachment: `${ATTACHMENT[stored.sourceType] ?? stored.sourceType}${stored.fiscalYear ? `（${stored.fiscalYear} 年度）` : ''}`,
      lines: v.lines.map((l) => ({ ...l, name: book.label(l.account) })),
      totals: { debit: formatFen(sums.debit), credit: formatFen(sums.credit), inWords: amountInWords(sums.debit) },
      signatures: {
        supervisor: '',
        bookkeeper: person(stored.preparer),
        approver: person(run?.approvedByLogin),
        preparer: person(run ? run.preparedByLogin : stored.preparer),
      },
      hash: v.hash,
      asOf: this.clock.today(),
      digest: await this.books.digest(id),
      ...(view && { redacted: redactionNote(view) }),
    };
  }

  /** The whole journal up to `asOf` (default: everything) as hledger or beancount text, cut as the journal is. */
  export(actor: Actor, projectId: string, format: ExportFormat, asOf?: string): Promise<{ text: string; fileName: string }> {
    return this.snapshot.read(async () => {
      const book = await this.projectBook(actor, projectId);
      const items = await this.books.vouchers(projectId, this.filterOf({ to: asOf }, book.view));
      const shown = book.view ? await this.forView(items, book.view) : items.map(voucherView);
      const x: JournalExport = {
        project: { code: book.code, name: book.name },
        asOf: asOf ?? this.clock.today(),
        digest: await this.books.digest(projectId),
        vouchers: shown,
        accountName: book.label,
        ...(book.view && { redacted: redactionNote(book.view) }),
      };
      const text = format === 'beancount' ? toBeancount(x) : toHledger(x);
      return { text, fileName: `账簿-${book.code}-${x.asOf}.${format === 'beancount' ? 'beancount' : 'journal'}` };
    });
  }

  /** A project's book as `actor` sees it. */
  private async projectBook(actor: Actor, projectId: string): Promise<Book> {
    const project = await this.projects.get(projectId);
    const view = await villageViewOf(actor, this.villages);
    const names = await this.reports.villageNames(projectId);
    return { id: projectId, code: project.code, name: project.name, view, label: (account) => accountLabel(account, names) };
  }

  /** A village's own book, which must have been opened (404 naming it otherwise). */
  private async villageBook(villageId: string): Promise<Book> {
    await this.villageBooks.openBook(villageId);
    const village = await this.villages.get(villageId);
    const chart = chartFor('village');
    return { id: villageId, code: village.code, name: village.name, view: undefined, label: (account) => chart.accountName(account) };
  }

  private filterOf(q: Filter, view: VillageView | undefined): VoucherFilter {
    return { from: q.from, to: q.to, account: q.account, village: q.village, visibleTo: view };
  }

  private async forView(items: PostedVoucher[], view: VillageView) {
    const codes = items.flatMap((v) => v.lines.flatMap((l) => villageSubAccount(l.account)?.code ?? []));
    const villageCodes = await this.books.villageCodes(codes);
    return items.map((v) => {
      const { lines, merged } = voucherLinesForView(v.lines, view, (code) => villageCodes.has(code));
      return merged ? { ...voucherView({ ...v, lines }), redactedLines: merged } : voucherView(v);
    });
  }
}
