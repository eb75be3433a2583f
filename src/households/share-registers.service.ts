import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { MemberHousehold, registerIssues } from '../core/households/register';
import { formatUnits, toMicro } from '../core/households/shares';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { VillagesService } from '../villages/villages.service';
import { HouseholdsRepository } from './households.repository';
import { CreateShareRegisterDto } from './share-register.dto';
import { ShareHolding, ShareKind, ShareRegister, ShareRegistersRepository, ShareRegisterSummary } from './share-registers.repository';

/** Issues a refusal lists at most: a file of 20,000 bad rows is refused with the first ones. */
const MAX_ISSUES = 100;

/** A version of the register with its kinds, its holdings (by household code) and its units by kind. */
export interface ShareRegisterDetail extends ShareRegister {
  kinds: ShareKind[];
  holdings: ShareHolding[];
  totals: Array<{ kind: string; name: string; units: string }>;
}

/** The version in force on a date, for the village's distribution run (units in millionths). */
export interface RegisterInForce {
  registerId: string;
  registeredOn: string;
  kinds: ShareKind[];
  holdings: Array<{ householdId: string; householdCode: string; headName: string; kind: string; units: bigint }>;
}

/**
 * The village's share register (股权登记), versioned by registration date (股权固化日): each version is whole, and
 * append-only (no change, no delete), so what a posted run used stays as it was. A year's distribution uses the
 * version in force on 31 December.
 */
@Injectable()
export class ShareRegistersService {
  constructor(
    private readonly registers: ShareRegistersRepository,
    private readonly households: HouseholdsRepository,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A new version. The households it names are share-locked until commit, so none can leave meanwhile; the
   * registration date is unique per village (the database's constraint decides a race: 409).
   */
  @Transactional()
  async create(actor: Actor, villageId: string, dto: CreateShareRegisterDto): Promise<ShareRegisterDetail> {
    await this.villages.get(villageId);
    if (await this.registers.findByDate(villageId, dto.registeredOn)) {
      throw new ConflictError(
        `${dto.registeredOn} 的股权登记已经存在：股权登记只增加新版本，不能修改；请用新的登记日`,
        'registeredOn',
        'REGISTER_EXISTS',
      );
    }
    const codes = [...new Set(dto.holdings.map((h) => h.household))];
    const found = await this.households.byCodes(villageId, codes);
    const byCode = new Map<string, MemberHousehold>(found.map((h) => [h.code, h]));
    const issues = registerIssues(dto, byCode);
    if (issues.length) throw new ValidationError(issues.slice(0, MAX_ISSUES), 'INVALID_REGISTER');
    const kinds = dto.kinds.map((k) => ({ code: k.code, name: k.name.trim() }));
    const holdings = dto.holdings.map((h) => ({ householdId: byCode.get(h.household)!.id, kind: h.kind, units: h.units }));
    const id = await this.registers.insert(villageId, dto.registeredOn, dto.memo ?? null, actor, kinds, holdings);
    const detail = await this.get(villageId, id);
    await this.audit.record(actor, 'create', 'share-register', id, {
      registeredOn: detail.registeredOn,
      kinds: detail.kinds,
      households: codes.length,
      holdings: holdings.length,
      totals: detail.totals,
      memo: detail.memo,
    });
    return detail;
  }

  async list(villageId: string): Promise<ShareRegisterSummary[]> {
    await this.villages.get(villageId);
    return this.registers.list(villageId);
  }

  async get(villageId: string, id: string): Promise<ShareRegisterDetail> {
    await this.villages.get(villageId);
    const r = await this.registers.findById(villageId, id);
    if (!r) throw new NotFoundError('股权登记', id);
    return this.detail(r);
  }

  /** The version in force on `date` as the API shows it; 404 when none was registered by then. */
  async inForceView(villageId: string, date: string): Promise<ShareRegisterDetail> {
    await this.villages.get(villageId);
    const r = await this.registers.inForce(villageId, date);
    if (!r) throw new NotFoundError('股权登记', `${date} 生效的版本`);
    return this.detail(r);
  }

  /**
   * The version in force on `date` (the latest registered on or before it), units in millionths; null when none.
   * The village-runs feature asks it for 31 December of the run's year.
   */
  async inForce(villageId: string, date: string): Promise<RegisterInForce | null> {
    const r = await this.registers.inForce(villageId, date);
    if (!r) return null;
    const [kinds, holdings] = [await this.registers.kinds(r.id), await this.registers.holdings(r.id)];
    return {
      registerId: r.id,
      registeredOn: r.registeredOn,
      kinds,
      holdings: holdings.map((h) => ({ ...h, units: toMicro(h.units) })),
    };
  }

  private async detail(r: ShareRegister): Promise<ShareRegisterDetail> {
    const kinds = await this.registers.kinds(r.id);
    const holdings = await this.registers.holdings(r.id);
    const sums = new Map<string, bigint>(kinds.map((k) => [k.code, 0n]));
    for (const h of holdings) sums.set(h.kind, (sums.get(h.kind) ?? 0n) + toMicro(h.units));
    const totals = kinds.map((k) => ({ kind: k.code, name: k.name, units: formatUnits(sums.get(k.code)!) }));
    return { ...r, kinds, holdings, totals };
  }
}
