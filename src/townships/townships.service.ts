import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError } from '../core/errors';
import { Page, pageOf } from '../common/paging';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { Township } from './township.entity';

@Injectable()
export class TownshipsService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(dto: CreateTownshipDto): Promise<Township> {
    return this.tx.run(async (m) => {
      if (await m.exists(Township, { where: { code: dto.code } })) {
        throw new ConflictError(`township code "${dto.code}" is already used`, 'code');
      }
      return m.save(m.create(Township, dto));
    });
  }

  async list(q: TownshipQuery): Promise<Page<Township>> {
    const qb = this.db.getRepository(Township).createQueryBuilder('t').orderBy('t.code');
    if (q.q) qb.where('(t.code ILIKE :q OR t.name ILIKE :q)', { q: `%${q.q}%` });
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }

  get(id: string): Promise<Township> {
    return findByIdOrFail(this.db.manager, Township, 'township', id);
  }

  update(id: string, dto: UpdateTownshipDto): Promise<Township> {
    return this.tx.run(async (m) => {
      const t = await findByIdOrFail(m, Township, 'township', id, true);
      Object.assign(t, dto);
      return m.save(t);
    });
  }
}
