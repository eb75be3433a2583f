import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { parsePolicy } from '../core/distribution';
import { ConflictError, NotFoundError } from '../core/errors';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { CreatePolicyDto, UpdatePolicyDto } from './policy.dto';
import { DistributionPolicy } from './policy.entity';

@Injectable()
export class PoliciesService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(projectId: string, dto: CreatePolicyDto): Promise<DistributionPolicy> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId, true);
      await this.validate(m, projectId, dto.policy);
      if (await m.exists(DistributionPolicy, { where: { projectId, effectiveFromYear: dto.effectiveFromYear } })) {
        throw new ConflictError(`a policy effective from ${dto.effectiveFromYear} exists; correct it with PUT`, 'effectiveFromYear');
      }
      const p = await m.save(m.create(DistributionPolicy, {
        projectId, effectiveFromYear: dto.effectiveFromYear, document: dto.policy, memo: dto.memo ?? null,
      }));
      await audit('create', 'policy', p.id, created(p));
      return p;
    });
  }

  async list(projectId: string): Promise<DistributionPolicy[]> {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    return this.db.getRepository(DistributionPolicy).find({ where: { projectId }, order: { effectiveFromYear: 'ASC' } });
  }

  async get(projectId: string, fromYear: number): Promise<DistributionPolicy> {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    const p = await this.db.getRepository(DistributionPolicy).findOne({ where: { projectId, effectiveFromYear: fromYear } });
    if (!p) throw new NotFoundError('policy effective from', String(fromYear));
    return p;
  }

  /** The version in force for a year: the latest one taking effect in or before it. */
  async inForce(projectId: string, year: number, m: EntityManager = this.db.manager): Promise<DistributionPolicy> {
    await findByIdOrFail(m, Project, 'project', projectId);
    const p = await m.findOne(DistributionPolicy, {
      where: { projectId, effectiveFromYear: LessThanOrEqual(year) },
      order: { effectiveFromYear: 'DESC' },
    });
    if (!p) throw new NotFoundError('policy in force for year', String(year));
    return p;
  }

  update(projectId: string, fromYear: number, dto: UpdatePolicyDto): Promise<DistributionPolicy> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      const p = await m.findOne(DistributionPolicy, { where: { projectId, effectiveFromYear: fromYear }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw new NotFoundError('policy effective from', String(fromYear));
      await this.validate(m, projectId, dto.policy);
      await audit('update', 'policy', p.id, diff(p, { document: dto.policy, memo: dto.memo }));
      p.document = dto.policy;
      if (dto.memo !== undefined) p.memo = dto.memo;
      return m.save(p);
    });
  }

  /** Exactly the rulebook's policy validation; villages it names must take part in the project. */
  private async validate(m: EntityManager, projectId: string, policy: Record<string, unknown>): Promise<void> {
    const rows: Array<{ code: string }> = await m.query(
      'SELECT v.code FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1', [projectId],
    );
    parsePolicy(policy, new Set(rows.map((r) => r.code)), 'policy');
  }
}
