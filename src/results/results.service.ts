import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError } from '../core/errors';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { CreateYearResultDto, UpdateYearResultDto } from './year-result.dto';
import { YearResult } from './year-result.entity';

@Injectable()
export class ResultsService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

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
      const before = { ...r };
      const { mushroomLogs, ...rest } = dto;
      Object.assign(r, rest);
      if (mushroomLogs !== undefined) r.mushroomLogs = mushroomLogs === null ? null : String(mushroomLogs);
      await m.save(r);
      const after = await m.findOneOrFail(YearResult, { where: { id: r.id } });
      await audit('update', 'year-result', r.id, diff(before, after));
      return after;
    });
  }
}
