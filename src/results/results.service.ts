import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../core/errors';
import { buildYearResult } from '../core/ledger';
import { parseMoney } from '../core/money';
import { LedgerWriter } from '../ledger/ledger-writer';
import { YearCloseService } from '../ledger/year-close.service';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { CreateYearResultDto, UpdateYearResultDto } from './year-result.dto';
import { YearResult } from './year-result.entity';

@Injectable()
export class ResultsService {
  constructor(
    private readonly db: DataSource, private readonly tx: TransactionRunner,
    private readonly ledger: LedgerWriter, private readonly closes: YearCloseService,
  ) {}

  create(projectId: string, dto: CreateYearResultDto): Promise<YearResult> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId, true);
      if (await m.exists(YearResult, { where: { projectId, year: dto.year } })) {
        throw new ConflictError(`the ${dto.year} result is already recorded; correct it with PATCH`, 'year');
      }
      const saved = await m.save(m.create(YearResult, {
        projectId, year: dto.year, revenue: dto.revenue, costs: dto.costs,
        mushroomLogs: dto.mushroomLogs === undefined ? null : String(dto.mushroomLogs),
        freshKg: dto.freshKg ?? null, driedKg: dto.driedKg ?? null, jobs: dto.jobs ?? null,
        wagesPaid: dto.wagesPaid ?? null, memo: dto.memo ?? null,
      }));
      await this.book(m, saved);
      const result = await m.findOneOrFail(YearResult, { where: { id: saved.id } });
      await audit('create', 'year-result', saved.id, created(result));
      return result;
    });
  }

  async list(projectId: string): Promise<YearResult[]> {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    return this.db.getRepository(YearResult).find({ where: { projectId }, order: { year: 'ASC' } });
  }

  async get(projectId: string, year: number): Promise<YearResult> {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    const r = await this.db.getRepository(YearResult).findOne({ where: { projectId, year } });
    if (!r) throw new NotFoundError('result for year', String(year));
    return r;
  }

  update(projectId: string, year: number, dto: UpdateYearResultDto): Promise<YearResult> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      const r = await m.findOne(YearResult, { where: { projectId, year }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw new NotFoundError('result for year', String(year));
      await this.assertCorrectable(m, projectId, year, dto);
      const before = { ...r };
      const { mushroomLogs, ...rest } = dto;
      Object.assign(r, rest);
      if (mushroomLogs !== undefined) r.mushroomLogs = mushroomLogs === null ? null : String(mushroomLogs);
      await m.save(r);
      const after = await m.findOneOrFail(YearResult, { where: { id: r.id } });
      if (dto.revenue !== undefined || dto.costs !== undefined) {
        // Never edit a posted voucher: reverse the year's result vouchers and book the corrected ones.
        await this.ledger.reverseSource(m, projectId, 'year-result', r.id);
        await this.book(m, after);
      }
      await audit('update', 'year-result', r.id, diff(before, after));
      return after;
    });
  }

  /** Revenue and costs are booked Dr 102 / Cr 501 and Dr 511 / Cr 102, dated 31 December of the year. */
  private async book(m: EntityManager, r: YearResult): Promise<void> {
    const vouchers = buildYearResult({ year: r.year, date: `${r.year}-12-31`, revenue: parseMoney(r.revenue, 'revenue'), costs: parseMoney(r.costs, 'costs') });
    await this.ledger.post(m, r.projectId, vouchers, { type: 'year-result', id: r.id, fiscalYear: r.year });
  }

  /** Once a posted run used the result, or the year is closed, the figures are history (409). */
  private async assertCorrectable(m: EntityManager, projectId: string, year: number, dto: UpdateYearResultDto): Promise<void> {
    if (dto.revenue === undefined && dto.costs === undefined) return;
    await this.ledger.lock(m, projectId);
    const posted = await m.query(`SELECT 1 FROM distribution_run WHERE project_id = $1 AND year = $2 AND status = 'posted'`, [projectId, year]);
    if (posted.length) throw new ConflictError(`the posted ${year} distribution used this result; reverse the run first`, 'year');
    if (await this.closes.isResultClosed(m, projectId, year)) throw new ConflictError(`the ${year} result is closed in the books`, 'year');
  }
}
