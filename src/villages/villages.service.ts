import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor, treasurerVillage } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { TownshipsService } from '../townships/townships.service';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { Village, VillagesRepository } from './villages.repository';

@Injectable()
export class VillagesService {
  constructor(
    private readonly villages: VillagesRepository,
    private readonly townships: TownshipsService,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateVillageDto): Promise<Village> {
    if (await this.villages.findByCode(dto.code)) throw new ConflictError(`村代码 "${dto.code}" 已被使用`, 'code', 'CODE_TAKEN');
    await this.assertCreditCodeFree(dto.creditCode ?? null, null);
    const townshipId = dto.townshipCode ? (await this.townships.byCode(dto.townshipCode, 'townshipCode')).id : null;
    const v = await this.villages.insert({ code: dto.code, name: dto.name, townshipId, creditCode: dto.creditCode ?? null });
    await this.audit.record(actor, 'create', 'village', v.id, created(v));
    return v;
  }

  /** A treasurer sees the villages of the projects their village takes part in. */
  async list(actor: Actor, q: VillageQuery): Promise<Page<Village>> {
    const filter = { text: q.q, townshipId: q.townshipId, projectId: q.projectId, sharingProjectWith: treasurerVillage(actor) };
    const { items, total } = await this.villages.list(filter, q);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<Village> {
    const v = await this.villages.findById(id);
    if (!v) throw new NotFoundError('village', id);
    return v;
  }

  /** A village named by code in a request body: an unknown code is bad input naming the field. */
  async byCode(code: string, field: string): Promise<Village> {
    const v = await this.villages.findByCode(code);
    if (!v) throw ValidationError.of(field, `没有代码为 "${code}" 的村`, 'UNKNOWN_VILLAGE');
    return v;
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateVillageDto): Promise<Village> {
    const before = await this.villages.findById(id, true);
    if (!before) throw new NotFoundError('village', id);
    const next = { name: before.name, townshipId: before.townshipId, creditCode: before.creditCode };
    if (dto.name !== undefined) next.name = dto.name;
    if (dto.townshipCode !== undefined) {
      next.townshipId = dto.townshipCode === null ? null : (await this.townships.byCode(dto.townshipCode, 'townshipCode')).id;
    }
    if (dto.creditCode !== undefined) {
      await this.assertCreditCodeFree(dto.creditCode, id);
      next.creditCode = dto.creditCode;
    }
    const after = await this.villages.update(id, next);
    await this.audit.record(actor, 'update', 'village', id, diff(before, after));
    return after;
  }

  private async assertCreditCodeFree(creditCode: string | null, ownId: string | null): Promise<void> {
    if (!creditCode) return;
    const other = await this.villages.findByCreditCode(creditCode);
    if (other && other.id !== ownId)
      throw new ConflictError(`统一社会信用代码 ${creditCode} 已登记在村 ${other.code} 名下`, 'creditCode', 'CREDIT_CODE_TAKEN');
  }
}
