import { Injectable } from '@nestjs/common';
import type { DistributionResult } from '../core/distribution';
import { NotFoundError } from '../core/errors';
import { percentOf } from '../core/ratios';
import { accountName, Balance, buildVillageSideVouchers, paidPerRun, trialBalance, VillageDividend, VillageReceipt } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { LedgerRepository } from '../ledger/ledger.repository';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { ReportsRepository } from './reports.repository';

const bal = (b: Balance) => ({ side: b.side, amount: formatFen(b.amount) });

type Digest = { sequence: number; hash: string };
type PaidOf = (code: string, runId: string) => bigint;

/** A village's sub-account as an accountant writes it: 应付款—程壁村 rather than 应付款—V01. */
function villageNamed(account: string, name: string, names: Map<string, string>): string {
  const m = /^(211|301)-(.+)$/.exec(account);
  const village = m ? names.get(m[2]) : undefined;
  return village ? `${accountName(m![1])}—${village}` : name;
}

/** Reports as JSON; each carries the project's digest so a reader can later check nothing changed. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly clock: Clock,
  ) {}

  /** 科目余额表 as of a date (default today in Beijing). */
  async trialBalance(projectId: string, asOf?: string, periodStart?: string) {
    const project = await this.projects.get(projectId);
    const on = asOf ?? this.clock.today();
    const tb = trialBalance(await this.books.postedLines(projectId, on), on, periodStart);
    const names = await this.reports.villageNames(projectId);
    const t = tb.totals;
    return {
      project: project.code,
      periodStart: tb.periodStart,
      asOf: tb.asOf,
      rows: tb.rows.map((r) => ({
        ...r,
        name: villageNamed(r.account, r.name, names),
        opening: bal(r.opening),
        debit: formatFen(r.debit),
        credit: formatFen(r.credit),
        closing: bal(r.closing),
      })),
      totals: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, formatFen(v)])),
      balanced: t.openingDebit === t.openingCredit && t.debit === t.credit && t.closingDebit === t.closingCredit,
      digest: await this.books.digest(projectId),
    };
  }

  /**
   * "Paid" per village and posted run of a project: payments matched to the
   * dividends oldest year first (FIFO, the core's rule). One pass over the runs
   * and one query for the payments, however many villages the statement shows.
   */
  private async paidByVillage(projectId: string, onlyCode?: string): Promise<PaidOf> {
    const runs = (await this.reports.postedResults(projectId)).map((r) => ({
      runId: r.id,
      owed: new Map(
        (JSON.parse(r.resultJson) as DistributionResult).villages
          .filter((v) => onlyCode === undefined || v.code === onlyCode)
          .map((v) => [v.code, parseMoney(v.total, 'total')]),
      ),
    }));
    const paid = await this.reports.paidPerVillage(projectId, onlyCode);
    return paidPerRun(runs, new Map(paid.map((p) => [p.code, parseMoney(p.paid, 'paid')])));
  }

  /** 分红明细表. A treasurer sees only their own village's line. */
  async runStatement(actor: Actor, projectId: string, runId: string) {
    const project = await this.projects.get(projectId);
    const run = await this.reports.run(projectId, runId);
    if (!run) throw new NotFoundError('distribution run', runId);
    const result = JSON.parse(run.resultJson) as DistributionResult;
    const scenario = JSON.parse(run.scenarioJson) as { villages: Array<{ code: string; name: string }> };
    const names = new Map(scenario.villages.map((v) => [v.code, v.name]));
    const treasurer = actor.role === 'treasurer';
    let villages = result.villages;
    if (treasurer) {
      const own = actor.villageId ? (await this.villages.get(actor.villageId)).code : undefined;
      villages = villages.filter((v) => v.code === own);
    }
    const paidOf = run.status === 'posted' ? await this.paidByVillage(projectId) : () => 0n;
    const lines = villages.map((v) => {
      const paid = paidOf(v.code, run.id);
      const total = parseMoney(v.total, 'total');
      return {
        code: v.code,
        name: names.get(v.code) ?? v.code,
        capitalBase: v.capitalBase,
        guaranteed: v.guaranteed,
        shares: v.shares,
        total: v.total,
        /** The dividend as a percentage of the capital base (decimal.js, half-up, two decimals). */
        yieldPercent: percentOf(total, parseMoney(v.capitalBase, 'capitalBase')),
        paid: formatFen(paid),
        outstanding: formatFen(total - paid),
        trace: v.trace,
      };
    });
    return {
      project: project.code,
      year: run.year,
      runId: run.id,
      status: run.status,
      postingDate: run.postingDate,
      inputsHash: run.inputsHash,
      resultHash: run.resultHash,
      policyHash: run.policyHash,
      totals: treasurer
        ? undefined
        : { netProfit: result.netProfit, guaranteed: result.guaranteedTotal, surplus: result.surplus, deficit: result.deficit },
      villages: lines,
      payees: treasurer ? [] : result.payees,
      paidRule: 'payments are matched to dividends oldest year first (FIFO)',
      digest: await this.books.digest(projectId),
    };
  }

  /** The village's dividends across projects and years, with the vouchers it should book on its side. */
  async villageStatement(villageId: string) {
    const village = await this.villages.get(villageId);
    const runs = await this.reports.postedRunsOfVillage(villageId);
    const payments = await this.reports.paymentsOfVillage(villageId);
    const projects = new Map<string, { code: string; digest?: Digest }>();
    const paidIn = new Map<string, PaidOf>();
    const lines = [];
    const dividends: VillageDividend[] = [];
    for (const r of runs) {
      const line = (JSON.parse(r.resultJson) as DistributionResult).villages.find((v) => v.code === village.code);
      if (!line || parseMoney(line.total, 'total') === 0n) continue;
      projects.set(r.projectId, { code: r.projectCode });
      if (!paidIn.has(r.projectId)) paidIn.set(r.projectId, await this.paidByVillage(r.projectId, village.code));
      const paid = paidIn.get(r.projectId)!(village.code, r.id);
      const total = parseMoney(line.total, 'total');
      lines.push({
        project: r.projectCode,
        year: r.year,
        runId: r.id,
        capitalBase: line.capitalBase,
        guaranteed: line.guaranteed,
        shares: line.shares,
        total: line.total,
        yieldPercent: percentOf(total, parseMoney(line.capitalBase, 'capitalBase')),
        paid: formatFen(paid),
        outstanding: formatFen(total - paid),
      });
      dividends.push({ projectCode: r.projectCode, year: r.year, date: r.postingDate, amount: total });
    }
    const receipts: VillageReceipt[] = payments.map((p) => {
      if (!projects.has(p.projectId)) projects.set(p.projectId, { code: p.projectCode });
      const amount = parseMoney(p.amount, 'amount');
      return { projectCode: p.projectCode, date: p.date, amount, bankReference: p.bankReference, projectVoucher: p.voucher };
    });
    const villageVouchers = buildVillageSideVouchers(dividends, receipts);
    for (const [id, p] of projects) p.digest = await this.books.digest(id);
    return {
      village: { id: village.id, code: village.code, name: village.name },
      dividends: lines,
      villageVouchers,
      digests: [...projects.values()].map((p) => ({ project: p.code, ...p.digest })),
    };
  }
}
