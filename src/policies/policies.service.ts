import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { parsePolicy } from '../core/distribution';
import { ConflictError, NotFoundError } from '../core/errors';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { ProjectsService } from '../projects/projects.service';
import { CreatePolicyDto, UpdatePolicyDto } from './policy.dto';
import { DistributionPolicy, PoliciesRepository } from './policies.repository';

@Injectable()
export class PoliciesService {
  constructor(
    private readonly policies: PoliciesRepository,
    private readonly projects: ProjectsService,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async create(actor: Actor, projectId: string, dto: CreatePolicyDto): Promise<DistributionPolicy> {
    await this.projects.lock(projectId);
    await this.validate(projectId, dto.policy);
    if (await this.policies.findByYear(projectId, dto.effectiveFromYear)) {
      throw new ConflictError(`a policy effective from ${dto.effectiveFromYear} exists; correct it with PUT`, 'effectiveFromYear');
    }
    const p = await this.policies.insert(projectId, dto.effectiveFromYear, dto.policy, dto.memo ?? null);
    await this.audit.record(actor, 'create', 'policy', p.id, created(p));
    return p;
  }

  async list(projectId: string): Promise<DistributionPolicy[]> {
    await this.projects.get(projectId);
    return this.policies.list(projectId);
  }

  async get(projectId: string, fromYear: number): Promise<DistributionPolicy> {
    await this.projects.get(projectId);
    const p = await this.policies.findByYear(projectId, fromYear);
    if (!p) throw new NotFoundError('policy effective from', String(fromYear));
    return p;
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
    const before = await this.policies.findByYear(projectId, fromYear, true);
    if (!before) throw new NotFoundError('policy effective from', String(fromYear));
    await this.validate(projectId, dto.policy);
    const after = await this.policies.update(before.id, dto.policy, dto.memo !== undefined ? dto.memo : before.memo);
    await this.audit.record(actor, 'update', 'policy', before.id, diff(before, { document: dto.policy, memo: dto.memo }));
    return after;
  }

  /** Exactly the rulebook's policy validation; villages it names must take part in the project. */
  private async validate(projectId: string, policy: Record<string, unknown>): Promise<void> {
    parsePolicy(policy, new Set(await this.projects.villageCodes(projectId)), 'policy');
  }
}
