import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { canonicalJson, sha256Hex } from '../core/distribution';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { assertDifferentFromPreparer } from '../core/maker-checker';
import { formatFen, parseMoney } from '../core/money';
import type { MemberDistributionResult } from '../core/village-distribution';
import { ShareRegistersService } from '../households/share-registers.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerWriter } from '../ledger/ledger-writer';
import { VillageBookService } from '../ledger/village-book.service';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { Snapshot } from '../platform/database/snapshot';
import { Workers } from '../platform/workers/workers';
import { Actor, actorKey } from '../platform/context/actor';
import { UsersService } from '../users/users.service';
import { VillagesService } from '../villages/villages.service';
import { distributeMembersToJson, MEMBER_DISTRIBUTION_WORKER } from './member-distribution.worker';
import { inputDifferences, StoredMemberInput, storedInput } from './member-input';
import { buildVillageRunVouchers } from '../core/ledger';
import { source } from './village-run-sources';
import { VillagePaymentsRepository } from './village-payments.repository';
import { VillagePoliciesService } from './village-policies.service';
import { VILLAGE_RUN_STATUS, VillageRun, VillageRunsRepository } from './village-runs.repository';

/** What a village run's statement answers (the documents and the console build on it; common contract of issue 16). */
export interface VillageRunStatement {
  id: string;
  villageId: string;
  villageCode: string;
  villageName: string;
  year: number;
  status: VillageRun['status'];
  register: { id: string; registeredOn: string };
  policy: { fromYear: number; version: number; document: object };
  income: MemberDistributionResult['income'];
  keeps: MemberDistributionResult['keeps'];
  kept: string;
  shared: string;
  kinds: MemberDistributionResult['kinds'];
  households: Array<{
    id: string;
    code: string;
    headName: string;
    units: Record<string, string>;
    weight: string;
    amount: string;
    paid: string;
    outstanding: string;
    trace: string;
  }>;
  totals: { amount: string; paid: string; outstanding: string };
  explanation: MemberDistributionResult['explanation'];
  inputsHash: string;
  resultHash: string;
  preparedBy: string;
  preparedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  postedBy: string | null;
  postedAt: string | null;
  postingDate: string | null;
  reversedBy: string | null;
  reversedAt: string | null;
  digest: { sequence: number; hash: string };
}

/** A run as lists show it: no documents, the hashes, the totals and who did what. */
export function villageRunSummary(r: VillageRun) {
  const result = JSON.parse(r.resultJson) as MemberDistributionResult;
  return {
    id: r.id,
    villageId: r.villageId,
    year: r.year,
    status: r.status,
    registerId: r.registerId,
    policyFromYear: r.policyFromYear,
    policyVersion: r.policyVersion,
    income: result.income.total,
    kept: result.kept,
    shared: result.shared,
    households: result.households.length,
    inputsHash: r.inputsHash,
    resultHash: r.resultHash,
    preparedBy: r.preparedByLogin,
    preparedAt: r.createdAt.toISOString(),
    approvedBy: r.approvedByLogin,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    plannedPostingDate: r.plannedPostingDate,
    postedBy: r.postedByLogin,
    postedAt: r.postedAt?.toISOString() ?? null,
    postingDate: r.postingDate,
    reversedBy: r.reversedByLogin,
    reversedAt: r.reversedAt?.toISOString() ?? null,
    reversalDate: r.reversalDate,
    reversalReason: r.reversalReason,
  };
}

export type VillageRunSummary = ReturnType<typeof villageRunSummary>;

/**
 * A village's member distribution runs (村级成员分红, issue 16): draft (the income declared in the village's book,
 * the policy and the share register in force, computed by the one engine and stored as exact JSON with hashes) →
 * approved (by an accountant other than the preparer) → posted (its vouchers in the village's book) → reversed.
 * Every state change locks the run row, then the village's book (村账乡代管: roles.ts' `villageMoney` and `money` say who does what).
 */
@Injectable()
export class VillageRunsService {
  constructor(
    private readonly runs: VillageRunsRepository,
    private readonly payments: VillagePaymentsRepository,
    private readonly ledger: LedgerWriter,
    private readonly books: LedgerRepository,
    private readonly villageBooks: VillageBookService,
    private readonly registers: ShareRegistersService,
    private readonly policies: VillagePoliciesService,
    private readonly villages: VillagesService,
    private readonly users: UsersService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
    private readonly workers: Workers,
  ) {}

  @Transactional()
  async create(actor: Actor, villageId: string, year: number, postingDate?: string): Promise<VillageRunStatement> {
    if (postingDate !== undefined && postingDate <= `${year}-12-31`)
      throw ValidationError.of('postingDate', `${year} 年度的村级分红须在该年度结束后入账，不能记在 ${postingDate}`);
    await this.villages.get(villageId);
    await this.assertYearFree(villageId, year);
    const input = await this.inputFromRecords(villageId, year);
    const inputJson = JSON.stringify(input);
    const result = await this.workers.run(MEMBER_DISTRIBUTION_WORKER, distributeMembersToJson, { inputJson });
    const id = await this.runs.insertDraft({
      villageId,
      year,
      registerId: input.register.id,
      policyFromYear: input.policy.fromYear,
      policyVersion: input.policy.version,
      inputJson,
      policyJson: JSON.stringify(input.policy.document),
      resultJson: result.json,
      inputsHash: result.inputsHash,
      resultHash: result.resultHash,
      policyHash: sha256Hex(canonicalJson(input.policy.document)),
      plannedPostingDate: postingDate ?? null,
      preparedBy: actor.userId,
      preparedByLogin: actor.login,
    });
    const run = await this.find(villageId, id);
    const computed = JSON.parse(run.resultJson) as MemberDistributionResult;
    await this.audit.record(actor, 'create', 'village-run', id, {
      year,
      income: computed.income.total,
      shared: computed.shared,
      inputsHash: result.inputsHash,
      resultHash: result.resultHash,
    });
    return this.statementOf(run);
  }

  @Transactional()
  async approve(actor: Actor, villageId: string, id: string): Promise<VillageRunSummary> {
    const run = await this.find(villageId, id, true);
    if (run.status !== 'draft')
      throw new ConflictError(`这次村级分红${VILLAGE_RUN_STATUS[run.status]}，只有草稿才能审核`, 'status', 'RUN_NOT_DRAFT');
    assertDifferentFromPreparer(run.preparedBy ?? run.preparedByLogin, actorKey(actor));
    await this.users.assertIndependent(run.preparedBy, actor.userId, 'run');
    await this.runs.markApproved(id, actor);
    await this.audit.record(actor, 'approve', 'village-run', id, { year: run.year, resultHash: run.resultHash });
    return villageRunSummary(await this.find(villageId, id));
  }

  /**
   * Posts the run's vouchers into the village's book, dated `date` (default today), fiscal year the run's. The book
   * must still hold the income, and the register and policy in force must still be those the run was computed with.
   */
  @Transactional()
  async post(actor: Actor, villageId: string, id: string, date: string | undefined) {
    const run = await this.find(villageId, id, true);
    const on = date ?? run.plannedPostingDate ?? this.clock.today();
    if (run.status !== 'approved')
      throw new ConflictError(`这次村级分红${VILLAGE_RUN_STATUS[run.status]}，只有已审核的才能入账`, 'status', 'RUN_NOT_APPROVED');
    if (on <= `${run.year}-12-31`) throw ValidationError.of('date', `${run.year} 年度的村级分红须在该年度结束后入账，不能记在 ${on}`);
    await this.ledger.lock(villageId);
    await this.assertYearFree(villageId, run.year);
    await this.assertStillMatchesRecords(run);
    const result = JSON.parse(run.resultJson) as MemberDistributionResult;
    const vouchers = buildVillageRunVouchers({ year: run.year, date: on, keeps: result.keeps, households: result.households });
    const posted = await this.ledger.post(actor, villageId, vouchers, source('village-run', id, run.year));
    await this.runs.markPosted(id, actor, on);
    const numbers = posted.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'post', 'village-run', id, { year: run.year, date: on, vouchers: numbers });
    return { ...villageRunSummary(await this.find(villageId, id)), vouchers: numbers };
  }

  /** Reverses the run's vouchers, dated `date` (default today); refused while any payment of it stands. */
  @Transactional()
  async reverse(actor: Actor, villageId: string, id: string, reason: string, date: string | undefined) {
    const on = date ?? this.clock.today();
    const run = await this.find(villageId, id, true);
    if (run.status !== 'posted')
      throw new ConflictError(`这次村级分红${VILLAGE_RUN_STATUS[run.status]}，只有已入账的才能冲销`, 'status', 'RUN_NOT_POSTED');
    if (on < run.postingDate!) throw ValidationError.of('date', `冲销日期不能早于入账日期（${run.postingDate}）`);
    await this.ledger.lock(villageId);
    const paid = await this.payments.countPosted(id);
    if (paid > 0)
      throw new ConflictError(`这次村级分红已有 ${paid} 笔支付给农户的款项：请先冲销这些支付，再冲销分红`, 'payments', 'RUN_PAID');
    const reversed = await this.ledger.reverseSource(actor, villageId, source('village-run', id).type, id, on);
    await this.runs.markReversed(id, actor, on, reason);
    const numbers = reversed.map((v) => v.voucherNumber);
    await this.audit.record(actor, 'reverse', 'village-run', id, { year: run.year, date: on, reason, vouchers: numbers });
    return { ...villageRunSummary(await this.find(villageId, id)), vouchers: numbers };
  }

  async list(villageId: string, year?: number): Promise<VillageRunSummary[]> {
    await this.villages.get(villageId);
    return (await this.runs.list(villageId, year)).map(villageRunSummary);
  }

  /**
   * The run's statement: the figures of the result with each household's paid and outstanding, and the village
   * book's digest. Names are the township's to see; no bank account appears in it.
   */
  async statement(_actor: Actor, villageId: string, id: string): Promise<VillageRunStatement> {
    return this.statementOf(await this.find(villageId, id));
  }

  /** The statement as its route answers it: the run, its payments and the digest read in one snapshot. */
  get(actor: Actor, villageId: string, id: string): Promise<VillageRunStatement> {
    return this.snapshot.read(() => this.statement(actor, villageId, id));
  }

  /**
   * Two checks, as for a project's run: the stored input run again (`identical`: the same bytes), and the input rebuilt
   * from today's records compared with the stored one (`records`: what differs, by path, or why it cannot be rebuilt).
   */
  async recompute(_actor: Actor, villageId: string, id: string) {
    const run = await this.find(villageId, id);
    const stored = JSON.parse(run.inputJson) as StoredMemberInput;
    const again = await this.workers.run(MEMBER_DISTRIBUTION_WORKER, distributeMembersToJson, { inputJson: run.inputJson });
    return {
      runId: id,
      status: run.status,
      identical: again.json === run.resultJson,
      inputsHash: { stored: run.inputsHash, recomputed: again.inputsHash },
      resultHash: { stored: run.resultHash, recomputed: again.resultHash },
      records: await this.compareWithRecords(run, stored),
      digest: await this.books.digest(villageId),
    };
  }

  /** A run of the village, or 404; `lock` holds its row until the transaction ends. */
  async find(villageId: string, id: string, lock = false): Promise<VillageRun> {
    const run = await this.runs.findById(villageId, id, lock);
    if (!run) throw new NotFoundError('village run', id);
    return run;
  }

  /** The statement of a run already read (in the caller's transaction, if any). */
  async statementOf(run: VillageRun): Promise<VillageRunStatement> {
    const input = JSON.parse(run.inputJson) as StoredMemberInput;
    const result = JSON.parse(run.resultJson) as MemberDistributionResult;
    const paidBy = await this.payments.paidByHousehold(run.id);
    const byCode = new Map(input.households.map((h) => [h.code, h]));
    let amount = 0n;
    let paid = 0n;
    const households = result.households.map((line) => {
      const h = byCode.get(line.code)!;
      const a = parseMoney(line.amount, 'amount');
      const p = parseMoney(paidBy.get(h.id) ?? '0.00', 'paid');
      amount += a;
      paid += p;
      return {
        id: h.id,
        code: line.code,
        headName: h.name,
        units: line.units,
        weight: line.weight,
        amount: line.amount,
        paid: formatFen(p),
        outstanding: formatFen(a - p),
        trace: line.trace,
      };
    });
    return {
      id: run.id,
      villageId: run.villageId,
      villageCode: input.village.code,
      villageName: input.village.name,
      year: run.year,
      status: run.status,
      register: input.register,
      policy: input.policy,
      income: result.income,
      keeps: result.keeps,
      kept: result.kept,
      shared: result.shared,
      kinds: result.kinds,
      households,
      totals: { amount: formatFen(amount), paid: formatFen(paid), outstanding: formatFen(amount - paid) },
      explanation: result.explanation,
      inputsHash: run.inputsHash,
      resultHash: run.resultHash,
      preparedBy: run.preparedByLogin,
      preparedAt: run.createdAt.toISOString(),
      approvedBy: run.approvedByLogin,
      approvedAt: run.approvedAt?.toISOString() ?? null,
      postedBy: run.postedByLogin,
      postedAt: run.postedAt?.toISOString() ?? null,
      postingDate: run.postingDate,
      reversedBy: run.reversedByLogin,
      reversedAt: run.reversedAt?.toISOString() ?? null,
      digest: await this.books.digest(run.villageId),
    };
  }

  /** Everything the run is computed from, read from the records: 409 or 400 naming what is missing. */
  private async inputFromRecords(villageId: string, year: number, posting = false): Promise<StoredMemberInput> {
    const village = await this.villages.get(villageId);
    await this.villageBooks.openBook(villageId).catch((e: unknown) => {
      if (!(e instanceof NotFoundError)) throw e;
      throw new ConflictError(
        '本村还没有开设村账簿：请先开账（"POST /api/villages/:villageId/book"），项目分给本村的收益记入村账后才能分给农户',
        'book',
        'VILLAGE_BOOK_NOT_OPEN',
      );
    });
    const income = await this.villageBooks.declaredIncome(villageId, year);
    if (income.projects.length === 0 && income.other === 0n)
      throw new ConflictError(`本村账上没有 ${year} 年度的收益（项目分红或其他收入）可以分配`, 'year', 'NO_INCOME');
    // Posting holds the village's policy versions FOR SHARE until it commits: none can change under the run.
    const policy = await this.policies.inForce(villageId, year, { share: posting });
    if (!policy)
      throw new ConflictError(`本村没有适用于 ${year} 年度的分配方案：请先在"村级分配方案"中设置`, 'policy', 'NO_VILLAGE_POLICY');
    const register = await this.registers.inForce(villageId, `${year}-12-31`);
    if (!register) throw new ConflictError(`本村在 ${year}-12-31 没有生效的股权登记：请先登记成员的股权`, 'register', 'NO_SHARE_REGISTER');
    if (register.holdings.length === 0)
      throw new ConflictError(`${register.registeredOn} 的股权登记中没有任何一户的股份`, 'register', 'EMPTY_SHARE_REGISTER');
    return storedInput({
      village: { id: village.id, code: village.code, name: village.name },
      year,
      income,
      policy: { fromYear: policy.effectiveFromYear, version: policy.version, document: policy.document },
      register: { id: register.registerId, registeredOn: register.registeredOn },
      kinds: register.kinds,
      holdings: register.holdings,
    });
  }

  private async compareWithRecords(
    run: VillageRun,
    stored: StoredMemberInput,
  ): Promise<{ identical: boolean; differences: Array<{ path: string; stored: unknown; now: unknown }>; error?: string }> {
    let now: StoredMemberInput;
    try {
      now = await this.inputFromRecords(run.villageId, run.year);
    } catch (e) {
      // A record the run needs is gone or the year cannot be computed now: that is the answer, not a failure.
      if (e instanceof NotFoundError || e instanceof ConflictError || e instanceof ValidationError) {
        return { identical: false, differences: [], error: e.message };
      }
      throw e;
    }
    const differences = inputDifferences(stored, now);
    return { identical: differences.length === 0, differences };
  }

  private async assertYearFree(villageId: string, year: number): Promise<void> {
    const posted = await this.runs.posted(villageId, year);
    if (posted) throw new ConflictError(`本村 ${year} 年度的分红已经入账（${posted.id}）：请先冲销它`, 'year', 'YEAR_ALREADY_POSTED');
  }

  /** The book must still declare the income, and the register and policy in force must be those the run used. */
  private async assertStillMatchesRecords(run: VillageRun): Promise<void> {
    const stored = JSON.parse(run.inputJson) as StoredMemberInput;
    let now: StoredMemberInput;
    try {
      now = await this.inputFromRecords(run.villageId, run.year, true);
    } catch (e) {
      if (e instanceof ConflictError || e instanceof ValidationError)
        throw new ConflictError(`这次村级分红所用的记录已经变了（${e.message}）：请重新编制一次`, 'records', 'RUN_OUTDATED');
      throw e;
    }
    // A name corrected since (the village's, a household head's) changes no figure: the run still holds.
    const renamed = (d: { path: string; stored: unknown; now: unknown }) =>
      d.path === 'village.name' || (d.path.startsWith('households[') && d.stored !== null && d.now !== null);
    const differences = inputDifferences(stored, now).filter((d) => !renamed(d));
    if (differences.length > 0) {
      const paths = differences.slice(0, 5).map((d) => d.path);
      throw new ConflictError(
        `编制之后，${paths.join('、')}${differences.length > 5 ? ` 等 ${differences.length} 处` : ''}已有变化（账上的收益、分配方案或股权登记）：请重新编制一次村级分红`,
        'records',
        'RUN_OUTDATED',
      );
    }
  }
}
