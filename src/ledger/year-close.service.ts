import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, ValidationError } from '../core/errors';
import { accounts, buildYearClose, LedgerEventKind } from '../core/ledger';
import { formatFen } from '../core/money';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { LedgerEventRepository } from './ledger-event.repository';
import { LedgerRepository, PostedVoucher } from './ledger.repository';
import { LedgerWriter } from './ledger-writer';
import { PostedRunsRepository } from './posted-runs.repository';
import { YearCloseRepository } from './year-close.repository';

/**
 * Closing a year (结账) and reopening it (反结账). The result's close vouchers
 * (501 and 511 through 321 into 322-02, dated 31 December) are posted once,
 * either by the year's distribution run or by the year-close action; the
 * action also locks the period so that nothing else can be dated inside it.
 * Close, reopen request and reopen are events in the project's chain.
 */
@Injectable()
export class YearCloseService {
  constructor(
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly closes: YearCloseRepository,
    private readonly events: LedgerEventRepository,
    private readonly postedRuns: PostedRunsRepository,
    private readonly projects: ProjectsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
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

  /**
   * 结账: only a year that has ended (before the clock's current year in
   * Beijing), and only the next in order: the project's first year (of its
   * start date, or of its earliest voucher), or the year after the latest
   * closed one. Posts the year's result close (if no run did yet); from then
   * on nothing can be dated inside the year, or before it. Carries every
   * account's balance forward as of 31 December (closed_year_balance), which
   * later trial balances start from.
   */
  @Transactional()
  async close(actor: Actor, projectId: string, year: number) {
    assertYear(year);
    const project = await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    if (await this.closes.isClosed(projectId, year)) throw new ConflictError(`${year} 年度已经结账`, 'year', 'YEAR_CLOSED');
    const current = Number(this.clock.today().slice(0, 4));
    if (year >= current) throw new ConflictError(`${year} 年度还没有结束：只能结 ${current} 年以前的年度`, 'year', 'YEAR_NOT_ENDED');
    await this.assertNextToClose(projectId, project, year);
    const posted = (await this.closes.hasResult(projectId, year))
      ? await this.postResultClose(actor, projectId, year, `action:${year}`)
      : [];
    await this.closes.insert(projectId, year, actor.login);
    await this.closes.writeBalances(projectId, year); // 结转: after the year's last voucher (the result close above)
    await this.recordYearEvent(actor, projectId, 'year.closed', year);
    const closed = await this.bookedResult(projectId, year);
    const vouchers = posted.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'close', 'year', `${projectId}:${year}`, { year, vouchers });
    return { projectId, year, closedBy: actor.login, netProfit: formatFen(closed.revenue - closed.costs), vouchers };
  }

  /**
   * 反结账, first step: asks to reopen the latest closed year. A later request
   * supersedes a pending one (the latest requester is the one who may not
   * approve); nothing changes in the books until another user approves.
   */
  @Transactional()
  async requestReopen(actor: Actor, projectId: string, year: number) {
    assertYear(year);
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    await this.assertLatestClosed(projectId, year);
    await this.recordYearEvent(actor, projectId, 'year.reopen-requested', year);
    await this.audit.record(actor, 'request-reopen', 'year', `${projectId}:${year}`, { year });
    return { projectId, year, requestedBy: actor.login, status: 'requested' as const };
  }

  /**
   * 反结账, second step: another user than the requester approves; the year
   * takes vouchers again, and its carried-forward balances are deleted. The
   * close vouchers the close action posted are reversed, so that a corrected
   * result is closed afresh at the next close, unless a posted run of the year
   * used them (reverse the run first).
   */
  @Transactional()
  async approveReopen(actor: Actor, projectId: string, year: number) {
    assertYear(year);
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    await this.assertLatestClosed(projectId, year);
    const request = await this.pendingReopen(projectId, year);
    if (!request) throw new ConflictError(`${year} 年度没有待审核的反结账申请：请先提出申请`, 'year', 'NO_REOPEN_REQUEST');
    if (request.actorLogin === actor.login) {
      throw new ConflictError('提出反结账申请的人不能审核它，须由另一位用户审核', 'approvedBy', 'REQUESTER_CANNOT_APPROVE');
    }
    await this.closes.delete(projectId, year);
    const reversed = (await this.postedRuns.first(projectId, { year }))
      ? []
      : await this.ledger.reverseSource(actor, projectId, 'year-close', `action:${year}`, undefined);
    await this.recordYearEvent(actor, projectId, 'year.reopened', year);
    const vouchers = reversed.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'reopen', 'year', `${projectId}:${year}`, { year, requestedBy: request.actorLogin, vouchers });
    return { projectId, year, requestedBy: request.actorLogin, reopenedBy: actor.login, vouchers };
  }

  /** Years close in order: see close(). */
  private async assertNextToClose(
    projectId: string,
    project: { startDate: string | null; cutoverDate: string | null },
    year: number,
  ): Promise<void> {
    const latest = await this.closes.latestClosed(projectId);
    if (latest !== undefined) {
      if (year < latest) throw new ConflictError(`${year} 年度早于已结账的 ${latest} 年度`, 'year', 'YEAR_CLOSED');
      if (year > latest + 1)
        throw new ConflictError(
          `${latest + 1} 年度还没有结账：请先结 ${latest + 1} 年度（各年度须按顺序结账）`,
          'year',
          'YEAR_OUT_OF_ORDER',
        );
      return;
    }
    const first = await this.firstYear(projectId, project);
    if (first === undefined) return;
    if (year < first) throw new ConflictError(`${year} 年度早于项目的第一个年度 ${first}`, 'year', 'BEFORE_FIRST_YEAR');
    if (year > first) {
      throw new ConflictError(
        `${first} 年度还没有结账：请先结 ${first} 年度（从项目的第一个年度起按顺序结账）`,
        'year',
        'YEAR_OUT_OF_ORDER',
      );
    }
  }

  /**
   * The project's first year to close: of its start date or earliest voucher; for a project that moved in from older
   * books (cut-over date D, spec onboarding.md), the year of the day after D, since the years up to D were closed in
   * the old books (D = 2024-12-31: 2025 first; D = 2024-06-30: 2024, whose second half is in these books).
   */
  private async firstYear(
    projectId: string,
    project: { startDate: string | null; cutoverDate: string | null },
  ): Promise<number | undefined> {
    if (project.cutoverDate !== null) {
      const year = Number(project.cutoverDate.slice(0, 4));
      return project.cutoverDate.endsWith('-12-31') ? year + 1 : year;
    }
    const firsts = [project.startDate ? Number(project.startDate.slice(0, 4)) : undefined, await this.books.firstVoucherYear(projectId)];
    const known = firsts.filter((y): y is number => y !== undefined);
    return known.length === 0 ? undefined : Math.min(...known);
  }

  private async assertLatestClosed(projectId: string, year: number): Promise<void> {
    const latest = await this.closes.latestClosed(projectId);
    if (latest === undefined || year > latest) throw new ConflictError(`${year} 年度没有结账`, 'year', 'YEAR_NOT_CLOSED');
    if (year < latest) throw new ConflictError(`只能反结账最近结账的年度（${latest}）`, 'year', 'NOT_LATEST_CLOSED');
  }

  /** The pending reopen request: the year's last event, when it is a request (a close or a reopen consumes it). */
  private async pendingReopen(projectId: string, year: number) {
    const events = await this.events.events(projectId, { kinds: YEAR_EVENTS, subjectId: String(year) });
    const last = events[events.length - 1];
    return last?.kind === 'year.reopen-requested' ? last : undefined;
  }

  /** Year events are about the year: subject "2025", payload { year }, dated the day they happen. */
  private recordYearEvent(actor: Actor, projectId: string, kind: LedgerEventKind, year: number): Promise<void> {
    return this.ledger.recordEvent(actor, projectId, { kind, subjectId: String(year), date: this.clock.today(), payload: { year } });
  }
}

const YEAR_EVENTS: LedgerEventKind[] = ['year.closed', 'year.reopen-requested', 'year.reopened'];

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1900 || year > 9999)
    throw ValidationError.of('year', `${year} 不是有效年份（须为 1900 到 9999 之间的整数）`);
}
