import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { parsePolicy } from '../core/distribution';
import { ConflictError, NotFoundError } from '../core/errors';
import { policyDocumentHash } from '../core/ledger';
import { policyForView, redactionNote, VillageView } from '../core/village-view';
import { LedgerWriter } from '../ledger/ledger-writer';
import { PostedRunsRepository } from '../ledger/posted-runs.repository';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Clock } from '../platform/clock/clock';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { VillagesService } from '../villages/villages.service';
import { CreatePolicyDto, UpdatePolicyDto } from './policy.dto';
import { DistributionPolicy, PoliciesRepository } from './policies.repository';

/** A policy version as the API shows it; `redacted` says a treasurer's view left out other villages' terms. */
export type PolicyView = DistributionPolicy & { redacted?: string };

@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly projects: ProjectsService,
    private readonly villages: VillagesService,
    private readonly ledger: LedgerWriter,
    private readonly runs: PostedRunsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A new version takes effect from its year until the next version. Versions
   * are set under the books' head lock, taken first as every posting does, so
   * a run cannot be posted between the check and the change.
   */
  @Transactional()
  async create(actor: Actor, projectId: string, dto: CreatePolicyDto): Promise<DistributionPolicy> {
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    await this.validate(projectId, dto.policy);
    if (await this.policies.findByYear(projectId, dto.effectiveFromYear)) {
      throw new ConflictError(
        `自 ${dto.effectiveFromYear} 年起生效的分配方案已经存在：要修改请用 PUT`,
        'effectiveFromYear',
        'POLICY_EXISTS',
      );
    }
    await this.assertNoPostedRunUnder(projectId, dto.effectiveFromYear, 'effectiveFromYear');
    const p = await this.policies.insert(projectId, dto.effectiveFromYear, dto.policy, dto.memo ?? null);
    await this.recordSet(actor, p);
    await this.audit.record(actor, 'create', 'policy', p.id, created(p));
    return p;
  }

  async list(actor: Actor, projectId: string): Promise<PolicyView[]> {
    await this.projects.get(projectId);
    const view = await villageViewOf(actor, this.villages);
    return (await this.policies.list(projectId)).map((p) => policyRowForView(p, view));
  }

  async get(actor: Actor, projectId: string, fromYear: number): Promise<PolicyView> {
    await this.projects.get(projectId);
    const p = await this.policies.findByYear(projectId, fromYear);
    if (!p) throw new NotFoundError('policy effective from', String(fromYear));
    return policyRowForView(p, await villageViewOf(actor, this.villages));
  }

  /** The version in force for a year as the actor may read it (inForce is the whole document, for the engine). */
  async inForceFor(actor: Actor, projectId: string, year: number): Promise<PolicyView> {
    return policyRowForView(await this.inForce(projectId, year), await villageViewOf(actor, this.villages));
  }

  /** The version in force for a year: the latest one taking effect in or before it (on the current transaction, if any). */
  async inForce(projectId: string, year: number): Promise<DistributionPolicy> {
    await this.projects.get(projectId);
    const p = await this.policies.inForce(projectId, year);
    if (!p) throw new NotFoundError('policy in force for year', String(year));
    return p;
  }

  @Transactional()
  async update(actor: Actor, projectId: string, fromYear: number, dto: UpdatePolicyDto): Promise<DistributionPolicy> {
    await this.projects.get(projectId);
    await this.ledger.lock(projectId);
    const before = await this.policies.findByYear(projectId, fromYear, true);
    if (!before) throw new NotFoundError('policy effective from', String(fromYear));
    await this.assertNoPostedRunUnder(projectId, fromYear, 'policy');
    await this.validate(projectId, dto.policy);
    const after = await this.policies.update(before.id, dto.policy, dto.memo !== undefined ? dto.memo : before.memo);
    await this.recordSet(actor, after);
    await this.audit.record(actor, 'update', 'policy', before.id, diff(before, { document: dto.policy, memo: dto.memo }));
    return after;
  }

  /**
   * A version taking effect in `fromYear` governs the years up to the next
   * version. A posted, unreversed run of one of them was computed with the
   * version in force then: that stays fixed until the run is reversed (409).
   */
  private async assertNoPostedRunUnder(projectId: string, fromYear: number, field: string): Promise<void> {
    const run = await this.runs.first(projectId, { from: fromYear });
    if (!run) return;
    const next = await this.policies.nextVersionYear(projectId, fromYear);
    if (next !== undefined && run.year >= next) return;
    throw new ConflictError(
      `${run.year} 年度的分红计算已按当年生效的分配方案入账，这个方案不能再改；请先冲销那次分红计算`,
      field,
      'USED_BY_POSTED_RUN',
    );
  }

  /** Every version set is an event of the project's chain: verification compares the stored document with its hash. */
  private async recordSet(actor: Actor, p: DistributionPolicy): Promise<void> {
    await this.ledger.recordEvent(actor, p.projectId, {
      kind: 'policy.set',
      subjectId: p.id,
      date: this.clock.today(),
      payload: { effectiveFromYear: p.effectiveFromYear, documentHash: policyDocumentHash(p.document) },
    });
  }

  /** Exactly the rulebook's policy validation; villages it names must take part in the project. */
  private async validate(projectId: string, policy: Record<string, unknown>): Promise<void> {
    parsePolicy(policy, new Set(await this.projects.villageCodes(projectId)), 'policy');
  }
}

/** A policy version cut to a treasurer's view: the document's per-village terms, only their own village's. */
function policyRowForView(p: DistributionPolicy, view: VillageView | undefined): PolicyView {
  return view ? { ...p, document: policyForView(p.document, view), redacted: redactionNote(view) } : p;
}
