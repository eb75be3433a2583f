import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError } from '../core/errors';
import { parseVillagePolicy } from '../core/village-distribution';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { VillagesService } from '../villages/villages.service';
import { CreateVillagePolicyDto, UpdateVillagePolicyDto } from './village-policy.dto';
import { VillagePoliciesRepository, VillagePolicyRow } from './village-policies.repository';

/**
 * A village's distribution policies to its members (/api/villages/:villageId/policies), versioned by the year they
 * take effect like a project's. 村账乡代管: the village's treasurer prepares them, the accountant (or admin) keeps the
 * township's books for the village and may too; the auditor only reads. A version a posted, unreversed run of the
 * village used cannot change (409) until that run is reversed.
 */
@Injectable()
export class VillagePoliciesService {
  constructor(
    private readonly policies: VillagePoliciesRepository,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A new version takes effect from its year until the next version. The village's versions are locked first
   * (FOR UPDATE), so a run being posted (which reads them FOR SHARE, `inForce(…, { share: true })`) and a change
   * wait for each other.
   */
  @Transactional()
  async create(actor: Actor, villageId: string, dto: CreateVillagePolicyDto): Promise<VillagePolicyRow> {
    await this.villages.get(villageId);
    await this.policies.lockVillage(villageId);
    parseVillagePolicy(dto.policy, undefined, 'policy');
    if (await this.policies.findByYear(villageId, dto.effectiveFromYear)) {
      throw new ConflictError(
        `自 ${dto.effectiveFromYear} 年起生效的村级分配方案已经存在：要修改请用 PUT`,
        'effectiveFromYear',
        'VILLAGE_POLICY_EXISTS',
      );
    }
    await this.assertNoPostedRunUnder(villageId, dto.effectiveFromYear, 'effectiveFromYear');
    const p = await this.policies.insert(villageId, dto.effectiveFromYear, dto.policy, dto.memo ?? null);
    await this.audit.record(actor, 'create', 'village-policy', p.id, created(p));
    return p;
  }

  async list(villageId: string): Promise<VillagePolicyRow[]> {
    await this.villages.get(villageId);
    return this.policies.list(villageId);
  }

  async get(villageId: string, fromYear: number): Promise<VillagePolicyRow> {
    await this.villages.get(villageId);
    const p = await this.policies.findByYear(villageId, fromYear);
    if (!p) throw new NotFoundError('policy effective from', String(fromYear));
    return p;
  }

  /** The version in force for a year, for the API: 404 when there is none. */
  async inForceFor(villageId: string, year: number): Promise<VillagePolicyRow> {
    await this.villages.get(villageId);
    const p = await this.policies.inForce(villageId, year);
    if (!p) throw new NotFoundError('policy in force for year', String(year));
    return p;
  }

  /**
   * The version in force for a year (the latest taking effect in or before it), on the current transaction, or
   * undefined. With `share` (posting a run: call it inside the posting's transaction) the village's versions stay
   * locked FOR SHARE until it ends, so none can change under the run.
   */
  inForce(villageId: string, year: number, options: { share?: boolean } = {}): Promise<VillagePolicyRow | undefined> {
    return this.policies.inForce(villageId, year, options.share ?? false);
  }

  @Transactional()
  async update(actor: Actor, villageId: string, fromYear: number, dto: UpdateVillagePolicyDto): Promise<VillagePolicyRow> {
    await this.villages.get(villageId);
    await this.policies.lockVillage(villageId);
    const before = await this.policies.findByYear(villageId, fromYear);
    if (!before) throw new NotFoundError('policy effective from', String(fromYear));
    await this.assertNoPostedRunUnder(villageId, fromYear, 'policy');
    parseVillagePolicy(dto.policy, undefined, 'policy');
    const after = await this.policies.update(before.id, dto.policy, dto.memo !== undefined ? dto.memo : before.memo);
    await this.audit.record(
      actor,
      'update',
      'village-policy',
      before.id,
      diff(before, { document: dto.policy, memo: after.memo, version: after.version }),
    );
    return after;
  }

  /**
   * A version taking effect in `fromYear` governs the years up to the next version. A posted, unreversed run of one
   * of them was computed with the version in force then: that stays fixed until the run is reversed (409). A new
   * version in `fromYear` would take over those years just the same.
   */
  private async assertNoPostedRunUnder(villageId: string, fromYear: number, field: string): Promise<void> {
    const next = await this.policies.nextVersionYear(villageId, fromYear);
    const run = await this.policies.firstPostedRun(villageId, fromYear, next);
    if (!run) return;
    throw new ConflictError(
      `${run.year} 年度的村级分红已按当年生效的村级分配方案入账，这个方案不能再改；请先冲销那次村级分红`,
      field,
      'USED_BY_POSTED_RUN',
    );
  }
}
