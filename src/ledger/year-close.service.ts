import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, ValidationError } from '../core/errors';
import { accounts, buildYearClose } from '../core/ledger';
import { formatFen } from '../core/money';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { LedgerRepository, PostedVoucher } from './ledger.repository';
import { LedgerWriter } from './ledger-writer';
import { YearCloseRepository } from './year-close.repository';

/**
 * Closing a year: the result's close vouchers (501 and 511 through 321 into
 * 322-02, dated 31 December) are posted once, either by the year's
 * distribution run or by the year-close action; the action also locks the
 * period so that nothing else can be dated inside it.
 */
@Injectable()
export class YearCloseService {
  constructor(
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly closes: YearCloseRepository,
    private readonly projects: ProjectsService,
    private readonly audit: AuditTrail,
  ) {}

  /** Whether the year's result close is on the books (posted and not reversed). */
  isResultClosed(projectId: string, year: number): Promise<boolean> {
    return this.books.hasVouchers(projectId, { source: { type: 'year-close' }, fiscalYear: year, onlyUnreversedOriginals: true });
  }

  /** The year's revenue and costs as the books hold them (its result vouchers, corrections included). */
  async bookedResult(projectId: string, year: number): Promise<{ revenue: bigint; costs: bigint }> {
    const filter = { fiscalYear: year, sourceType: 'year-result' };
    const revenue = -(await this.books.accountNet(projectId, accounts.REVENUE, filter));
    const costs = await this.books.accountNet(projectId, accounts.COSTS, filter);
    return { revenue, costs };
  }

  /** Posts the close unless it is already there; `by` names the run or the action in the source id. */
  @Transactional()
  async postResultClose(actor: Actor, projectId: string, year: number, by: string): Promise<PostedVoucher[]> {
    await this.ledger.lock(projectId);
    if (await this.isResultClosed(projectId, year)) return [];
    const { revenue, costs } = await this.bookedResult(projectId, year);
    const vouchers = buildYearClose({ year, date: `${year}-12-31`, revenue, costs });
    return this.ledger.post(actor, projectId, vouchers, { type: 'year-close', id: by, fiscalYear: year });
  }

  @Transactional()
  async close(actor: Actor, projectId: string, year: number) {
    if (!Number.isInteger(year) || year < 1900 || year > 9999) throw ValidationError.of('year', `${year} is not a year`);
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    if (await this.closes.isClosed(projectId, year)) throw new ConflictError(`year ${year} is already closed`, 'year');
    const posted = (await this.closes.hasResult(projectId, year))
      ? await this.postResultClose(actor, projectId, year, `action:${year}`)
      : [];
    await this.closes.insert(projectId, year, actor.login);
    const closed = await this.bookedResult(projectId, year);
    const vouchers = posted.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'close', 'year', `${projectId}:${year}`, { year, vouchers });
    return { projectId, year, closedBy: actor.login, netProfit: formatFen(closed.revenue - closed.costs), vouchers };
  }
}
