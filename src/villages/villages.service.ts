import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../core/errors';
import { Page, pageOf } from '../common/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Township } from '../townships/township.entity';
import { requestContext } from '../common/request-context';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { Village } from './village.entity';

@Injectable()
export class VillagesService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(dto: CreateVillageDto): Promise<Village> {
    return this.tx.run(async (m, audit) => {
      if (await m.exists(Village, { where: { code: dto.code } })) {
        throw new ConflictError(`village code "${dto.code}" is already used`, 'code');
      }
      await this.assertCreditCodeFree(m, dto.creditCode ?? null, null);
      const townshipId = dto.townshipCode ? (await findByCodeOrReject(m, Township, 'township', 'townshipCode', dto.townshipCode)).id : null;
      const v = await m.save(m.create(Village, { code: dto.code, name: dto.name, townshipId, creditCode: dto.creditCode ?? null }));
      await audit('create', 'village', v.id, created(v));
      return v;
    });
  }

  async list(q: VillageQuery): Promise<Page<Village>> {
    const qb = this.db.getRepository(Village).createQueryBuilder('v').orderBy('v.code');
    if (q.q) qb.andWhere('(v.code ILIKE :q OR v.name ILIKE :q)', { q: `%${q.q}%` });
    if (q.townshipId) qb.andWhere('v.township_id = :tid', { tid: q.townshipId });
    if (q.projectId) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_village pv WHERE pv.village_id = v.id AND pv.project_id = :pid)', { pid: q.projectId });
    }
    const actor = requestContext.get()?.actor;
    if (actor?.role === 'treasurer') {
      // A treasurer sees the villages of the projects their village takes part in.
      qb.andWhere(`EXISTS (SELECT 1 FROM project_village a JOIN project_village b ON a.project_id = b.project_id
                    WHERE a.village_id = :own AND b.village_id = v.id)`, { own: actor.villageId });
    }
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }

  get(id: string): Promise<Village> {
    return findByIdOrFail(this.db.manager, Village, 'village', id);
  }

  update(id: string, dto: UpdateVillageDto): Promise<Village> {
    return this.tx.run(async (m, audit) => {
      const v = await findByIdOrFail(m, Village, 'village', id, true);
      const before = { ...v };
      if (dto.name !== undefined) v.name = dto.name;
      if (dto.townshipCode !== undefined) {
        v.townshipId = dto.townshipCode === null ? null : (await findByCodeOrReject(m, Township, 'township', 'townshipCode', dto.townshipCode)).id;
      }
      if (dto.creditCode !== undefined) {
        await this.assertCreditCodeFree(m, dto.creditCode, v.id);
        v.creditCode = dto.creditCode;
      }
      await audit('update', 'village', id, diff(before, v));
      return m.save(v);
    });
  }

  private async assertCreditCodeFree(m: EntityManager, creditCode: string | null, ownId: string | null): Promise<void> {
    if (!creditCode) return;
    const other = await m.findOne(Village, { where: { creditCode } });
    if (other && other.id !== ownId) throw new ConflictError(`credit code ${creditCode} belongs to village ${other.code}`, 'creditCode');
  }
}
