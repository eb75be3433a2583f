import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { Township, TownshipsRepository } from './townships.repository';

@Injectable()
export class TownshipsService {
  constructor(
    private readonly townships: TownshipsRepository,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateTownshipDto): Promise<Township> {
    if (await this.townships.findByCode(dto.code)) throw new ConflictError(`乡镇代码 "${dto.code}" 已被使用`, 'code', 'CODE_TAKEN');
    const t = await this.townships.insert(dto);
    await this.audit.record(actor, 'create', 'township', t.id, created(t));
    return t;
  }

  async list(q: TownshipQuery): Promise<Page<Township>> {
    const { items, total } = await this.townships.list({ text: q.q }, q);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<Township> {
    const t = await this.townships.findById(id);
    if (!t) throw new NotFoundError('township', id);
    return t;
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateTownshipDto): Promise<Township> {
    const t = await this.townships.findById(id, true);
    if (!t) throw new NotFoundError('township', id);
    const updated = await this.townships.update(id, { name: dto.name ?? t.name });
    await this.audit.record(actor, 'update', 'township', id, diff(t, dto));
    return updated;
  }

  /** A township named by code in a request body: an unknown code is bad input naming the field. */
  async byCode(code: string, field: string): Promise<Township> {
    const t = await this.townships.findByCode(code);
    if (!t) throw ValidationError.of(field, `没有代码为 "${code}" 的乡镇`, 'UNKNOWN_TOWNSHIP');
    return t;
  }
}
