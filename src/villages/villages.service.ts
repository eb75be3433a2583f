import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError } from '../core/errors';
import { Page, pageOf } from '../common/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Township } from '../townships/township.entity';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { Village } from './village.entity';

@Injectable()
export class VillagesService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(dto: CreateVillageDto): Promise<Village> {
    return this.tx.run(async (m) => {
      if (await m.exists(Village, { where: { code: dto.code } })) {
        throw new ConflictError(`village code "${dto.code}" is already used`, 'code');
      }
      await this.assertCreditCodeFree(m, dto.creditCode ?? null, null);
      const townshipId = dto.townshipCode ? (await findByCodeOrReject(m, Township, 'township', 'townshipCode', dto.townshipCode)).id : null;
      return m.save(m.create(Village, { code: dto.code, name: dto.name, townshipId, creditCode: dto.creditCode ?? null }));
    });
  }

  async list(q: VillageQuery): Promise<Page<Village>> {
    const qb = this.db.getRepository(Village).createQueryBuilder('v').orderBy('v.code');
    if (q.q) qb.andWhere('(v.code ILIKE :q OR v.name ILIKE :q)', { q: `%${q.q}%` });
    if (q.townshipId) qb.andWhere('v.township_id = :tid', { tid: q.townshipId });
    if (q.projectId) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_village pv WHERE pv.village_id = v.id AND pv.project_id = :pid)', { pid: q.projectId });
    }
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }

  get(id: string): Promise<Village> {
    return findByIdOrFail(this.db.manager, Village, 'village', id);
  }

  update(id: string, dto: UpdateVillageDto): Promise<Village> {
    return this.tx.run(async (m) => {
      const v = await findByIdOrFail(m, Village, 'village', id, true);
      if (dto.name !== undefined) v.name = dto.name;
      if (dto.townshipCode !== undefined) {
        v.townshipId = dto.townshipCode === null ? null : (await findByCodeOrReject(m, Township, 'township', 'townshipCode', dto.townshipCode)).id;
      }
      if (dto.creditCode !== undefined) {
        await this.assertCreditCodeFree(m, dto.creditCode, v.id);
        v.creditCode = dto.creditCode;
      }
      return m.save(v);
    });
  }

  private async assertCreditCodeFree(m: EntityManager, creditCode: string | null, ownId: string | null): Promise<void> {
    if (!creditCode) return;
    const other = await m.findOne(Village, { where: { creditCode } });
    if (other && other.id !== ownId) throw new ConflictError(`credit code ${creditCode} belongs to village ${other.code}`, 'creditCode');
  }
}
