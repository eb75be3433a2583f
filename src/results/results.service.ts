import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError } from '../core/errors';
import { buildYearResult } from '../core/ledger';
import { parseMoney } from '../core/money';
import { LedgerWriter } from '../ledger/ledger-writer';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { YearCloseService } from '../ledger/year-close.service';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { CreateYearResultDto, UpdateYearResultDto } from './year-result.dto';
import { ResultsRepository, YearResult, YearResultFields } from './results.repository';

@Injectable()
export class ResultsService {
  constructor(
    private readonly results: ResultsRepository,
    private readonly projects: ProjectsService,
    private readonly ledger: LedgerWriter,
    private readonly closes: YearCloseService,
    private readonly runs: PostedRunsRepository,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Serialised on the books' head lock, taken first as every posting does: the
   * project row's FOR UPDATE would block the FOR KEY SHARE a concurrent
   * posting's voucher insert takes on it while that posting holds the head.
   */
  @Transactional()
  async create(actor: Actor, projectId: string, dto: CreateYearResultDto): Promise<YearResult> {
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    await this.assertAfterCutover(projectId, dto.year);
    if (await this.results.findByYear(projectId, dto.year)) {
      throw new ConflictError(`${dto.year} 年度经营成果已经登记：要更正请用 PATCH`, 'year', 'RESULT_EXISTS');
    }
    const saved = await this.results.insert(projectId, dto.year, {
      revenue: dto.revenue,
      costs: dto.costs,
      mushroomLogs: dto.mushroomLogs === undefined ? null : String(dto.mushroomLogs),
      freshKg: dto.freshKg ?? null,
      driedKg: dto.driedKg ?? null,
      jobs: dto.jobs ?? null,
      wagesPaid: dto.wagesPaid ?? null,
      memo: dto.memo ?? null,
    });
    await this.book(actor, saved);
    await this.audit.record(actor, 'create', 'year-result', saved.id, created(saved));
    return saved;
  }

  async list(projectId: string): Promise<YearResult[]> {
    await this.projects.get(projectId);
    return this.results.list(projectId);
  }

  async get(projectId: string, year: number): Promise<YearResult> {
    await this.projects.get(projectId);
    const r = await this.results.findByYear(projectId, year);
    if (!r) throw new NotFoundError('result for year', String(year));
    return r;
  }

  @Transactional()
  async update(actor: Actor, projectId: string, year: number, dto: UpdateYearResultDto): Promise<YearResult> {
    await this.projects.get(projectId);
    const before = await this.results.findByYear(projectId, year, true);
    if (!before) throw new NotFoundError('result for year', String(year));
    await this.assertCorrectable(projectId, year, dto);
    const fields: YearResultFields = {
      revenue: dto.revenue ?? before.revenue,
      costs: dto.costs ?? before.costs,
      mushroomLogs: dto.mushroomLogs === undefined ? before.mushroomLogs : dto.mushroomLogs === null ? null : String(dto.mushroomLogs),
      freshKg: given(dto.freshKg, before.freshKg),
      driedKg: given(dto.driedKg, before.driedKg),
      jobs: given(dto.jobs, before.jobs),
      wagesPaid: given(dto.wagesPaid, before.wagesPaid),
      memo: given(dto.memo, before.memo),
    };
    const after = await this.results.update(before.id, fields);
    if (dto.revenue !== undefined || dto.costs !== undefined) {
      // Never edit a posted voucher: reverse the year's result vouchers and book the corrected ones.
      await this.ledger.reverseSource(actor, projectId, 'year-result', before.id, undefined);
      await this.book(actor, after);
    }
    await this.audit.record(actor, 'update', 'year-result', before.id, diff(before, after));
    return after;
  }

  /** Revenue and costs are booked Dr 102 / Cr 501 and Dr 511 / Cr 102, dated 31 December of the year. */
  private async book(actor: Actor, r: YearResult): Promise<void> {
    const vouchers = buildYearResult({
      year: r.year,
      date: `${r.year}-12-31`,
      revenue: parseMoney(r.revenue, 'revenue'),
      costs: parseMoney(r.costs, 'costs'),
    });
    await this.ledger.post(actor, r.projectId, vouchers, { type: 'year-result', id: r.id, fiscalYear: r.year });
  }

  /**
   * A year ending on or before the cut-over date is the old books' (spec onboarding.md): its result is in the opening
   * balance's 322-02, posted yet or not. The writer refuses its vouchers too, but a result of 0 revenue and 0 costs
   * posts none, so the rule is said here, for every result.
   */
  private async assertAfterCutover(projectId: string, year: number): Promise<void> {
    const cutover = await this.projects.cutoverDate(projectId);
    if (cutover !== null && `${year}-12-31` <= cutover) {
      throw new ConflictError(
        `${year} 年度在期初日期 ${cutover} 及以前，属于旧账：它的经营成果已结转在期初余额的 322-02 中，不能再登记`,
        'year',
        'ON_OR_BEFORE_CUTOVER',
      );
    }
  }

  /** Once a posted run used the result, or the year is closed, the figures are history (409). */
  private async assertCorrectable(projectId: string, year: number, dto: UpdateYearResultDto): Promise<void> {
    if (dto.revenue === undefined && dto.costs === undefined) return;
    await this.ledger.lock(projectId);
    if (await this.runs.first(projectId, { year }))
      throw new ConflictError(`已入账的 ${year} 年度分红计算用到了这份经营成果：请先冲销那次分红计算`, 'year', 'USED_BY_POSTED_RUN');
    if (await this.closes.isResultClosed(projectId, year))
      throw new ConflictError(`${year} 年度经营成果已在账上结转，不能再改`, 'year', 'YEAR_CLOSED');
  }
}

/** A correction's value for a field: absent keeps the old value, null clears it. */
function given<T>(value: T | undefined, old: T): T {
  return value === undefined ? old : value;
}
