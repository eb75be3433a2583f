import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
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
    return this.tx.run(async (m, audit) => {
      if (await m.exists(Township, { where: { code: dto.code } })) {
        throw new ConflictError(`township code "${dto.code}" is already used`, 'code');
      }
      const t = await m.save(m.create(Township, dto));
      await audit('create', 'township', t.id, created(t));
      return t;
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
    return this.tx.run(async (m, audit) => {
      const t = await findByIdOrFail(m, Township, 'township', id, true);
      await audit('update', 'township', id, diff(t, dto));
      Object.assign(t, dto);
      return m.save(t);
    });
  }
}
