import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { canonicalJson, sha256Hex } from '../core/distribution';
import { DISTRIBUTION_WORKER, distributeToJson, distributionInput, SLICED } from '../core/distribution/distribution.worker';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { buildDistributionRun, DistributionResultDocument, LedgerEventKind } from '../core/ledger';
import { assertDifferentFromPreparer } from '../core/maker-checker';
import { parseMoney } from '../core/money';
import { redactionNote, scenarioForView, VillageView } from '../core/village-view';
import { DeficitReader } from '../distributions/deficit-reader';
import { ScenarioBuilder } from '../distributions/scenario-builder';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriter } from '../ledger/ledger-writer';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { VillageBookService } from '../ledger/village-book.service';
import { YearCloseService } from '../ledger/year-close.service';
import { villageViewOf } from '../platform/access/treasurer-view';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Actor, actorKey } from '../platform/context/actor';
import { Workers } from '../platform/workers/workers';
import { ProjectsService } from '../projects/projects.service';
import { UsersService } from '../users/users.service';
import { VillagesService } from '../villages/villages.service';
import { runView } from './run-view';
import { Run, RunsRepository } from './runs.repository';
import { ScenarioDifference, scenarioDifferences } from './scenario-diff';

type RunEventKind = Extract<LedgerEventKind, `run.${string}`>;

/** A run's status as the refusal says it: "这次分红计算已入账". */
const STATUS: Readonly<Record<string, string>> = { draft: '还是草稿', approved: '已审核', posted: '已入账', reversed: '已冲销' };

/**
 * Distribution runs: draft (scenario, policy and result stored with their
 * hashes) → approved (by someone else) → posted (all vouchers in one
 * transaction) → reversed (reversing vouchers; the year is free again).
 * Every state change locks the run row, then the project's books.
 */
@Injectable()
export class RunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly postedRuns: PostedRunsRepository,
    private readonly scenarios: ScenarioBuilder,
    private readonly deficit: DeficitReader,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly closes: YearCloseService,
    private readonly projects: ProjectsService,
    private readonly users: UsersService,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly workers: Workers,
    private readonly villageBooks: VillageBookService,
  ) {}

  @Transactional()
  async create(actor: Actor, projectId: string, year: number) {
    await this.projects.get(projectId);
    await this.assertYearFree(projectId, year);
    const scenario = await this.scenarios.build(projectId, year);
    // In a worker thread: the engine's time and the result's stringify stay off the event loop (the same bytes).
    const result = await this.workers.run(DISTRIBUTION_WORKER, distributeToJson, distributionInput(scenario), { sliced: SLICED });
    const id = await this.runs.insertDraft({
      projectId,
      year,
      scenarioJson: JSON.stringify(scenario),
      policyJson: JSON.stringify(scenario.policy),
      resultJson: Buffer.from(result.json).toString('utf8'),
      inputsHash: result.inputsHash,
      resultHash: result.resultHash,
      policyHash: sha256Hex(canonicalJson(scenario.policy)),
      preparedBy: actor.userId,
      preparedByLogin: actor.login,
    });
    const run = await this.find(projectId, id);
    await this.recordStep(actor, run, 'run.prepared', this.clock.today());
    // The audit entry last, as everywhere: it holds the audit chain's lock until commit (docs/ledger.md).
    await this.audit.record(actor, 'create', 'distribution-run', id, {
      year,
      inputsHash: result.inputsHash,
      resultHash: result.resultHash,
    });
    return runView(run);
  }

  @Transactional()
  async approve(actor: Actor, projectId: string, id: string) {
    const run = await this.find(projectId, id, true);
    if (run.status !== 'draft')
      throw new ConflictError(`这次分红计算${STATUS[run.status] ?? run.status}，只有草稿才能审核`, 'status', 'RUN_NOT_DRAFT');
    assertDifferentFromPreparer(run.preparedBy ?? run.preparedByLogin, actorKey(actor));
    await this.users.assertIndependent(run.preparedBy, actor.userId, 'run');
    await this.runs.markApproved(id, actor);
    await this.recordStep(actor, run, 'run.approved', this.clock.today());
    await this.audit.record(actor, 'approve', 'distribution-run', id, { year: run.year });
    return runView(await this.find(projectId, id), false);
  }

  /** Posts the year's close (unless the year-close action did) and the run's vouchers, dated `date` (default today). */
  @Transactional()
  async post(actor: Actor, projectId: string, id: string, date: string | undefined) {
    const on = date ?? this.clock.today();
    const run = await this.find(projectId, id, true);
    if (run.status !== 'approved')
      throw new ConflictError(`这次分红计算${STATUS[run.status] ?? run.status}，只有已审核的才能入账`, 'status', 'RUN_NOT_APPROVED');
    if (on <= `${run.year}-12-31`) throw ValidationError.of('date', `${run.year} 年度的分红计算须在该年度结束后入账，不能记在 ${on}`);
    await this.ledger.lock(projectId);
    await this.assertYearFree(projectId, run.year);
    await this.assertStillMatchesBooks(run);
    const closes = await this.closes.postResultClose(actor, projectId, run.year, `run:${id}`);
    const scenario = JSON.parse(run.scenarioJson);
    const deductionNames = Object.fromEntries(
      ((scenario.policy.deductions ?? []) as Array<{ code: string; name?: string }>)
        .filter((d) => d.name)
        .map((d) => [d.code, d.name as string]),
    );
    const vouchers = buildDistributionRun(JSON.parse(run.resultJson) as DistributionResultDocument, { date: on, deductionNames });
    const posted = await this.ledger.post(actor, projectId, vouchers, { type: 'run', id, fiscalYear: run.year });
    await this.runs.markPosted(id, actor, on);
    // The villages whose own book is open declare their dividends there, in this transaction.
    await this.villageBooks.runPosted(actor, id);
    await this.recordStep(actor, run, 'run.posted', on, { date: on });
    const numbers = [...closes, ...posted].map((v) => v.voucherNumber);
    await this.audit.record(actor, 'post', 'distribution-run', id, { year: run.year, date: on, vouchers: numbers });
    return { ...runView(await this.find(projectId, id), false), vouchers: numbers };
  }

  /** Reverses the run's vouchers and the close it posted, dated `date` (default today); the year is free again. */
  @Transactional()
  async reverse(actor: Actor, projectId: string, id: string, date: string | undefined) {
    const on = date ?? this.clock.today();
    const run = await this.find(projectId, id, true);
    if (run.status !== 'posted')
      throw new ConflictError(`这次分红计算${STATUS[run.status] ?? run.status}，只有已入账的才能冲销`, 'status', 'RUN_NOT_POSTED');
    if (on < run.postingDate!) throw ValidationError.of('date', `冲销日期不能早于入账日期（${run.postingDate}）`);
    await this.ledger.lock(projectId);
    const later = await this.postedRuns.first(projectId, { after: run.year });
    if (later)
      throw new ConflictError(
        `${later.year} 年度的分红计算用到了本次结转的亏损：请先冲销 ${later.year} 年度的那次`,
        'year',
        'LATER_RUN_POSTED',
      );
    const reversed = [
      ...(await this.ledger.reverseSource(actor, projectId, 'run', id, on)),
      ...(await this.ledger.reverseSource(actor, projectId, 'year-close', `run:${id}`, on)),
    ];
    // Reversing a distribution that was already paid out would leave villages owing money back.
    const overpaid = await this.books.overpaidAccount(projectId);
    if (overpaid) throw new ConflictError(`科目 ${overpaid} 已按这次分红付过款：请先冲销这些支付`, 'payments', 'RUN_PAID');
    await this.villageBooks.runReversed(actor, id, on);
    await this.runs.markReversed(id, actor, on);
    await this.recordStep(actor, run, 'run.reversed', on, { date: on });
    const numbers = reversed.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'reverse', 'distribution-run', id, { year: run.year, date: on, vouchers: numbers });
    return { ...runView(await this.find(projectId, id), false), vouchers: numbers };
  }

  async list(projectId: string, year?: number) {
    await this.projects.get(projectId);
    return (await this.runs.list(projectId, year)).map((r) => runView(r, false));
  }

  async get(actor: Actor, projectId: string, id: string) {
    return runView(await this.find(projectId, id), true, await villageViewOf(actor, this.villages));
  }

  /**
   * Two checks: the stored scenario run again (`identical`: the same bytes), and the scenario rebuilt from
   * today's records compared with the stored one (`records`: what differs, by path, or why it cannot be rebuilt).
   * A treasurer sees the differences in their own village's lines and the project's, and how many others there are.
   */
  async recompute(actor: Actor, projectId: string, id: string) {
    const view = await villageViewOf(actor, this.villages);
    const run = await this.find(projectId, id);
    const computed = await this.workers.run(DISTRIBUTION_WORKER, distributeToJson, { scenarioJson: run.scenarioJson });
    const again = Buffer.from(computed.json).toString('utf8');
    const recomputed = { inputsHash: computed.inputsHash, resultHash: computed.resultHash };
    return {
      runId: id,
      status: run.status,
      identical: again === run.resultJson,
      inputsHash: { stored: run.inputsHash, recomputed: recomputed.inputsHash },
      resultHash: { stored: run.resultHash, recomputed: recomputed.resultHash },
      records: await this.compareWithRecords(run, view),
      digest: await this.books.digest(projectId),
      ...(view && { redacted: redactionNote(view) }),
    };
  }

  private async compareWithRecords(
    run: Run,
    view: VillageView | undefined,
  ): Promise<{ identical: boolean; differences: ScenarioDifference[]; otherVillages?: number; error?: string }> {
    let now: unknown;
    try {
      now = JSON.parse(JSON.stringify(await this.scenarios.build(run.projectId, run.year)));
    } catch (e) {
      // A record the scenario needs is gone or the year cannot be computed now: that is the answer, not a failure.
      if (e instanceof NotFoundError || e instanceof ConflictError || e instanceof ValidationError) {
        return { identical: false, differences: [], error: e.message };
      }
      throw e;
    }
    const stored: object = JSON.parse(run.scenarioJson);
    const differences = scenarioDifferences(stored, now);
    if (!view) return { identical: differences.length === 0, differences };
    // The same comparison on both documents cut to the view: other villages' differences are only counted.
    const shown = scenarioDifferences(scenarioForView(stored, view), scenarioForView(now as object, view));
    return { identical: differences.length === 0, differences: shown, otherVillages: differences.length - shown.length };
  }

  /** The step in the project's event chain, in the transaction that takes it: verification compares the run's status with it. */
  private recordStep(actor: Actor, run: Run, kind: RunEventKind, date: string, extra: { date?: string } = {}): Promise<void> {
    return this.ledger.recordEvent(actor, run.projectId, {
      kind,
      subjectId: run.id,
      date,
      payload: { runId: run.id, year: run.year, inputsHash: run.inputsHash, resultHash: run.resultHash, ...extra },
    });
  }

  /** A run of the project, or 404; `lock` holds its row until the transaction ends. */
  async find(projectId: string, id: string, lock = false): Promise<Run> {
    const run = await this.runs.findById(projectId, id, lock);
    if (!run) throw new NotFoundError('distribution run', id);
    return run;
  }

  private async assertYearFree(projectId: string, year: number): Promise<void> {
    const posted = await this.postedRuns.first(projectId, { year });
    if (posted) throw new ConflictError(`${year} 年度的分红计算已经入账（${posted.id}）：请先冲销它`, 'year', 'YEAR_ALREADY_POSTED');
  }

  /** The books must still carry the N and B the run was computed with (docs/ledger.md pitfalls 2–4). */
  private async assertStillMatchesBooks(run: Run): Promise<void> {
    const scenario = JSON.parse(run.scenarioJson);
    const booked = await this.closes.bookedResult(run.projectId, run.year);
    const revenue = parseMoney(scenario.result.revenue, 'revenue');
    const costs = parseMoney(scenario.result.costs, 'costs');
    if (booked.revenue !== revenue || booked.costs !== costs) {
      throw new ConflictError(`账上的 ${run.year} 年度经营成果与这次分红计算所用的不同：请重新编制一次分红计算`, 'result', 'RUN_OUTDATED');
    }
    const b = await this.deficit.broughtForward(run.projectId, run.year);
    if (b !== scenario.deficitBroughtForward) {
      throw new ConflictError(
        `以前年度结转的亏损现在是 ${b}，这次分红计算用的是 ${scenario.deficitBroughtForward}：请重新编制一次分红计算`,
        'deficitBroughtForward',
        'RUN_OUTDATED',
      );
    }
  }
}
