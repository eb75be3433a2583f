import { Injectable } from '@nestjs/common';
import type { DistributionResult, VillageLine } from '../core/distribution';
import { NotFoundError } from '../core/errors';
import { percentOf } from '../core/ratios';
import {
  accounts,
  buildVillageSideVouchers,
  paidPerRun,
  RunDividends,
  trialBalance,
  VillageDividend,
  VillageReceipt,
} from '../core/ledger';
import { trialBalanceOfSums } from '../core/ledger/trial-balance';
import { formatFen, parseMoney } from '../core/money';
import { redactionNote, resultForView, rowsForView, villageSubAccount, VillageView } from '../core/village-view';
import { LedgerRepository } from '../ledger/ledger.repository';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Snapshot } from '../platform/database/snapshot';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { PayableFilter, ReportsRepository, RunOwed } from './reports.repository';
import { waterfallOf } from './waterfall';
import { accountLabel } from './account-names';
import { accountSums, trialBalanceAnswer } from './trial-balance-answer';

const fen = (s: string, field: string) => parseMoney(s, field);
/** The reports never print a negative owed or paid: the books forbid both, and a report must not fail on old data. */
const atLeastZero = (n: bigint) => (n < 0n ? 0n : n);

type Digest = { sequence: number; hash: string };
/** What a run's vouchers left owed to a village, and the part of the village's payments matched to it. */
type PayableOf = (projectId: string, code: string, runId: string) => { owed: bigint; paid: bigint };

/**
 * Reports as JSON; each carries the project's digest so a reader can later
 * check nothing changed. Each reads in one snapshot (REPEATABLE READ READ ONLY),
 * so its rows and its digest describe the same books. Owed, paid and
 * outstanding come from the 211 lines of the voucher chain, as the trial
 * balance does, so the three reports agree to the fen at every date.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly books: LedgerRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
  ) {}

  /**
   * 科目余额表 as of a date (default today in Beijing). A treasurer gets their own village's sub-accounts; the
   * other villages' are left to their parent accounts (211, 301), which carry the sums, so the totals still balance.
   */
  trialBalance(actor: Actor, projectId: string, asOf?: string, periodStart?: string) {
    return this.snapshot.read(async () => {
      const project = await this.projects.get(projectId);
      const view = await villageViewOf(actor, this.villages);
      const on = asOf ?? this.clock.today();
      const start = trialBalance([], on, periodStart).periodStart; // the core checks both dates before they reach SQL
      const sums = await this.reports.accountSums(projectId, start, on);
      // The village names and the digest are read while the sums are folded: the fold waits one turn of the event
      // loop, by which the first query is on its way to PostgreSQL (they queue on the snapshot's one connection).
      const [names, digest, tb] = await Promise.all([
        this.reports.villageNames(projectId),
        this.books.digest(projectId),
        new Promise(setImmediate).then(() => trialBalanceOfSums(accountSums(sums), on, start)),
      ]);
      const codes = view ? await this.books.villageCodes(tb.rows.flatMap((r) => villageSubAccount(r.account)?.code ?? [])) : new Set();
      const rows = rowsForView(tb.rows, view, (code) => codes.has(code));
      return {
        ...trialBalanceAnswer(project, tb, rows, (account) => accountLabel(account, names), digest),
        ...(view && { redacted: redactionNote(view) }),
      };
    });
  }

  /**
   * Owed and paid per village and run as of a date, from the chain: what each
   * run's vouchers left on 211-<village>, and the village's payment vouchers
   * (less reversals) matched to them oldest year first (FIFO, the core's rule).
   * Two queries, however many villages and runs.
   */
  private async payables(f: PayableFilter): Promise<{ runs: RunOwed[]; of: PayableOf }> {
    const runs = await this.reports.runOwed(f);
    const paid = await this.reports.paid(f);
    const byProject = new Map<string, RunDividends[]>();
    for (const r of runs) {
      const list = byProject.get(r.projectId) ?? [];
      let run = list.find((x) => x.runId === r.runId);
      if (!run) list.push((run = { runId: r.runId, owed: new Map<string, bigint>() }));
      (run.owed as Map<string, bigint>).set(r.code, atLeastZero(fen(r.owed, 'owed')));
      byProject.set(r.projectId, list);
    }
    const matched = new Map<string, ReturnType<typeof paidPerRun>>();
    for (const [projectId, list] of byProject) {
      const mine = paid.filter((p) => p.projectId === projectId).map((p): [string, bigint] => [p.code, atLeastZero(fen(p.paid, 'paid'))]);
      matched.set(projectId, paidPerRun(list, new Map(mine)));
    }
    const of: PayableOf = (projectId, code, runId) => ({
      owed:
        byProject
          .get(projectId)
          ?.find((r) => r.runId === runId)
          ?.owed.get(code) ?? 0n,
      paid: matched.get(projectId)?.(code, runId) ?? 0n,
    });
    return { runs, of };
  }

  /**
   * Owed and paid per village for one run as of a date: the same FIFO rule as payables(), with everything the
   * project's earlier runs left owed to a village as one dividend before this run's (FIFO pays them first, whatever
   * their split), so that one row a village comes back however many runs and villages the project has.
   */
  private async runPayables(projectId: string, runId: string, asOf: string): Promise<(code: string) => { owed: bigint; paid: bigint }> {
    const rows = await this.reports.runPayables(projectId, runId, asOf);
    const owed = new Map(rows.map((r): [string, bigint] => [r.code, atLeastZero(fen(r.owed, 'owed'))]));
    const earlier = new Map(rows.map((r): [string, bigint] => [r.code, fen(r.owedBefore, 'owedBefore')]));
    const paid = new Map(rows.map((r): [string, bigint] => [r.code, atLeastZero(fen(r.paid, 'paid'))]));
    const matched = paidPerRun(
      [
        { runId: 'earlier runs', owed: earlier },
        { runId, owed },
      ],
      paid,
    );
    return (code) => ({ owed: owed.get(code) ?? 0n, paid: matched(code, runId) });
  }

  /** 分红明细表 as of a date (default today). A treasurer sees their own village's line and the project's totals. */
  runStatement(actor: Actor, projectId: string, runId: string, asOf?: string) {
    return this.snapshot.read(async () => this.runStatementIn(await villageViewOf(actor, this.villages), projectId, runId, asOf));
  }

  /**
   * The run statement cut to `view`, inside the caller's snapshot: the notices and the public notice are built on it
   * (RunDocumentsService), in their own snapshot with what else they read.
   */
  async runStatementIn(view: VillageView | undefined, projectId: string, runId: string, asOf?: string) {
    const project = await this.projects.get(projectId);
    const run = await this.reports.run(projectId, runId);
    if (!run) throw new NotFoundError('distribution run', runId);
    const result = JSON.parse(run.resultJson) as DistributionResult;
    const scenario = JSON.parse(run.scenarioJson) as { villages: Array<{ code: string; name: string }>; policy?: object };
    const names = new Map(scenario.villages.map((v) => [v.code, v.name]));
    const villages = resultForView(result, view).villages;
    const on = asOf ?? this.clock.today();
    const of = await this.runPayables(projectId, run.id, on);
    const lines = villages.map((v) => {
      const { owed, paid } = of(v.code);
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
        /** What the run's vouchers owe the village as of the date: the total once posted, nothing before or once reversed. */
        owed: formatFen(owed),
        paid: formatFen(paid),
        outstanding: formatFen(owed - paid),
        trace: v.trace,
      };
    });
    const people = await this.reports.displayNames([run.preparedByLogin, run.approvedByLogin, run.postedByLogin]);
    const person = (login: string | null) => (login === null ? null : (people.get(login) ?? login));
    return {
      project: project.code,
      projectName: project.name,
      phase: project.phase,
      year: run.year,
      runId: run.id,
      status: run.status,
      postingDate: run.postingDate,
      asOf: on,
      /** The stored result's waterfall, deductions and buckets named after the policy. */
      waterfall: waterfallOf(result, scenario.policy),
      inputsHash: run.inputsHash,
      resultHash: run.resultHash,
      policyHash: run.policyHash,
      totals: { netProfit: result.netProfit, guaranteed: result.guaranteedTotal, surplus: result.surplus, deficit: result.deficit },
      villages: lines,
      payees: result.payees,
      paidRule: 'payments are matched to dividends oldest year first (FIFO)',
      handledBy: {
        preparedBy: person(run.preparedByLogin)!,
        preparedOn: run.preparedOn,
        approvedBy: person(run.approvedByLogin),
        approvedOn: run.approvedOn,
        postedBy: person(run.postedByLogin),
        postingDate: run.postingDate,
      },
      digest: await this.books.digest(projectId),
      ...(view && { redacted: redactionNote(view) }),
    };
  }

  /**
   * The village's dividends across projects and years as of a date (default today), every payment voucher to it (a
   * reversed one with its reversal), and the vouchers it books on its side.
   */
  villageStatement(villageId: string, asOf?: string) {
    return this.snapshot.read(async () => {
      const village = await this.villages.get(villageId);
      const on = asOf ?? this.clock.today();
      const account = accounts.payable(village.code);
      const { runs, of } = await this.payables({ account, asOf: on });
      const villageLines = await this.reports.villageLines([...new Set(runs.map((r) => r.runId))], village.code);
      const receiptRows = await this.reports.receipts({ account }, on);
      const paymentRows = await this.reports.villagePayments(account, on);
      const projects = new Map<string, { code: string; digest?: Digest }>();
      const lines = [];
      const dividends: VillageDividend[] = [];
      for (const r of runs) {
        const { owed, paid } = of(r.projectId, village.code, r.runId);
        if (owed === 0n) continue; // not posted yet, or reversed
        projects.set(r.projectId, { code: r.projectCode });
        const line = JSON.parse(villageLines.get(r.runId) ?? '{}') as Partial<VillageLine>;
        const total = line.total ?? formatFen(owed);
        const capitalBase = line.capitalBase ?? '0.00';
        lines.push({
          project: r.projectCode,
          year: r.year,
          runId: r.runId,
          capitalBase,
          guaranteed: line.guaranteed ?? '0.00',
          shares: line.shares ?? {},
          total,
          yieldPercent: percentOf(parseMoney(total, 'total'), parseMoney(capitalBase, 'capitalBase')),
          owed: formatFen(owed),
          paid: formatFen(paid),
          outstanding: formatFen(owed - paid),
        });
        dividends.push({ projectCode: r.projectCode, year: r.year, date: r.postedOn, amount: owed });
      }
      const receipts: VillageReceipt[] = receiptRows.map((p) => {
        if (!projects.has(p.projectId)) projects.set(p.projectId, { code: p.projectCode });
        const amount = parseMoney(p.amount, 'amount');
        return { projectCode: p.projectCode, date: p.date, amount, bankReference: p.bankReference, projectVoucher: p.voucher };
      });
      const villageVouchers = buildVillageSideVouchers(dividends, receipts);
      for (const [id, p] of projects) p.digest = await this.books.digest(id);
      return {
        village: { id: village.id, code: village.code, name: village.name },
        asOf: on,
        dividends: lines,
        payments: paymentRows.map(({ projectCode, ...p }) => ({ project: projectCode, ...p })),
        villageVouchers,
        digests: [...projects.values()].map((p) => ({ project: p.code, ...p.digest })),
      };
    });
  }
}
