import { Injectable } from '@nestjs/common';
import type { DistributionResult } from '../core/distribution';
import { accounts } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { yuanPer } from '../core/ratios';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { Clock } from '../platform/clock/clock';
import { Snapshot } from '../platform/database/snapshot';
import { ProjectsService } from '../projects/projects.service';
import type { IncomeDistributionAnswer, IncomeLine } from './documents/income-distribution.document';
import { ReportsRepository } from './reports.repository';
import { waterfallOf } from './waterfall';

const fen = (s: string) => parseMoney(s, 'amount');

/**
 * 收益及收益分配表 of a project-year, in the form of 财会〔2023〕14号's statement. Revenue, costs and the
 * undistributed income brought forward come from the books (the year's result vouchers, and 322-02 before the
 * year); the top-up, the reserve and the distributions from the year's posted run, as it stored them. The closing
 * line is what 322-02 holds once the year is closed and the run posted: the e2e test checks it against the trial balance.
 */
@Injectable()
export class IncomeDistributionService {
  constructor(
    private readonly books: LedgerRepository,
    private readonly postedRuns: PostedRunsRepository,
    private readonly reports: ReportsRepository,
    private readonly projects: ProjectsService,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
  ) {}

  statement(projectId: string, year: number): Promise<IncomeDistributionAnswer> {
    return this.snapshot.read(async () => {
      const project = await this.projects.get(projectId);
      const ofYear = { fiscalYear: year, sourceType: 'year-result' };
      const revenue = -(await this.books.accountNet(projectId, accounts.REVENUE, ofYear));
      const costs = await this.books.accountNet(projectId, accounts.COSTS, ofYear);
      const opening = -(await this.books.accountNet(projectId, accounts.UNDISTRIBUTED, { fiscalYearBefore: year }));
      const posted = await this.postedRuns.first(projectId, { year });
      const run = posted && (await this.reports.run(projectId, posted.id));
      const w = run ? waterfallOf(JSON.parse(run.resultJson) as DistributionResult, JSON.parse(run.scenarioJson).policy) : undefined;

      const net = revenue - costs;
      const topUp = w ? fen(w.operatorTopUp) : 0n;
      const distributable = net + opening + topUp;
      const reserve = w?.deductions.find((d) => d.code === accounts.RESERVE_DEDUCTION);
      const reserveAmount = reserve ? fen(reserve.amount) : 0n;
      const others = w?.deductions.filter((d) => d.code !== accounts.RESERVE_DEDUCTION) ?? [];
      const guaranteed = w ? fen(w.guaranteed) : 0n;
      const profit = w ? fen(w.pool) : 0n;
      const distributed = guaranteed + profit + others.reduce((a, d) => a + fen(d.amount), 0n);

      let n = 0;
      const line = (item: string, amount: bigint): IncomeLine => ({ line: ++n, item, amount: formatFen(amount) });
      const lines = [
        line('一、经营收入', revenue),
        line('减：经营支出', costs),
        line('二、本年收益', net),
        line('加：年初未分配收益', opening),
        line('其他转入（运营方补齐保底分红）', topUp),
        line('三、可分配收益', distributable),
        line('减：提取公积公益金', reserveAmount),
        line('各项分配', distributed),
        line('其中：保底分红', guaranteed),
        line('利润分成', profit),
        ...others.map((d) => line(`提取${d.name}`, fen(d.amount))),
        line('四、年末未分配收益', distributable - reserveAmount - distributed),
      ];
      const logs = await this.reports.mushroomLogs(projectId, year);
      return {
        project: project.code,
        projectName: project.name,
        year,
        runId: posted?.id ?? null,
        lines,
        perLog:
          logs === undefined ? null : { mushroomLogs: logs.toString(), revenue: yuanPer(revenue, logs), netProfit: yuanPer(net, logs) },
        asOf: this.clock.today(),
        digest: await this.books.digest(projectId),
      };
    });
  }
}
