import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { maskAccount, normalizeAccount } from '../core/households/masking';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { VillagesService } from '../villages/villages.service';
import { assertMayReadPayeeAccounts } from './household-access';
import { CreateHouseholdDto, HouseholdQuery, LeaveHouseholdDto, UpdateHouseholdDto } from './household.dto';
import { Household, HouseholdAccount, HouseholdFields, HouseholdsRepository } from './households.repository';
import { ShareRegistersRepository } from './share-registers.repository';

/** A household as every answer shows it: the bank account masked (core/households/masking.ts), never whole. */
export type HouseholdView = Omit<Household, 'bankAccount'> & { bankAccountMasked: string | null };

/** A household as the audit trail keeps it: masked like the answers. */
export function householdView(h: Household): HouseholdView {
  const { bankAccount, ...rest } = h;
  return { ...rest, bankAccountMasked: maskAccount(bankAccount) };
}

/** The households of a village (户), their corrections and departures, and the audited reads of their bank accounts. */
@Injectable()
export class HouseholdsService {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly registers: ShareRegistersRepository,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async create(actor: Actor, villageId: string, dto: CreateHouseholdDto): Promise<HouseholdView> {
    await this.villages.get(villageId);
    await this.assertCodeFree(villageId, dto.code, null);
    const h = await this.households.insert(villageId, {
      code: dto.code,
      headName: dto.headName.trim(),
      idLast4: dto.idLast4 ?? null,
      bankName: dto.bankName?.trim() || null,
      bankAccount: dto.bankAccount === undefined ? null : normalizeAccount(dto.bankAccount),
      joinedOn: dto.joinedOn ?? null,
      leftOn: null,
      leftReason: null,
    });
    const view = householdView(h);
    await this.audit.record(actor, 'create', 'household', h.id, created(view));
    return view;
  }

  async list(villageId: string, q: HouseholdQuery): Promise<Page<HouseholdView>> {
    await this.villages.get(villageId);
    const active = q.state === 'active' ? true : q.state === 'left' ? false : undefined;
    const { items, total } = await this.households.list({ villageId, text: q.q, active }, q);
    return pageOf(items.map(householdView), total, q);
  }

  async get(villageId: string, id: string): Promise<HouseholdView> {
    return householdView(await this.find(villageId, id));
  }

  /**
   * A correction: every change is in the audit trail as before and after, the bank account masked there as in the
   * answers (and `bankAccountChanged` when two numbers mask alike). A household's code may be corrected only until a
   * share register holds it: runs, payment files and the village's book (应付款—<code>) name it by its code from then
   * on, so a later change would split its account in two.
   */
  @Transactional()
  async update(actor: Actor, villageId: string, id: string, dto: UpdateHouseholdDto): Promise<HouseholdView> {
    const before = await this.find(villageId, id, true);
    if (dto.code !== undefined && dto.code !== before.code) {
      if (await this.households.isRegistered(id)) {
        throw new ConflictError(
          `户 ${before.code} 已登记股权，户编码不能再改：成员分红和村账的应付款明细科目（211-${before.code}）以户编码记账`,
          'code',
          'CODE_IN_USE',
        );
      }
      await this.assertCodeFree(villageId, dto.code, id);
    }
    const fields: HouseholdFields = {
      code: dto.code ?? before.code,
      headName: dto.headName?.trim() ?? before.headName,
      idLast4: given(dto.idLast4, before.idLast4),
      bankName: dto.bankName === undefined ? before.bankName : dto.bankName?.trim() || null,
      bankAccount: dto.bankAccount === undefined ? before.bankAccount : dto.bankAccount === null ? null : normalizeAccount(dto.bankAccount),
      joinedOn: given(dto.joinedOn, before.joinedOn),
      leftOn: before.leftOn,
      leftReason: before.leftReason,
    };
    if (fields.joinedOn && fields.leftOn && fields.joinedOn > fields.leftOn)
      throw ValidationError.of('joinedOn', `入社日期不能晚于退出日期 ${fields.leftOn}`);
    const after = await this.households.update(id, fields);
    const changes: Record<string, unknown> = diff(householdView(before), householdView(after));
    if (before.bankAccount !== after.bankAccount) changes.bankAccountChanged = true;
    await this.audit.record(actor, 'update', 'household', id, changes);
    return householdView(after);
  }

  /**
   * 退出: the household leaves on `date`. A register dated after it may not hold the household, so the date is
   * refused when one already does (a later register is a fact: register a new version first).
   */
  @Transactional()
  async leave(actor: Actor, villageId: string, id: string, dto: LeaveHouseholdDto): Promise<HouseholdView> {
    const before = await this.find(villageId, id, true);
    if (before.leftOn) throw new ConflictError(`户 ${before.code} 已于 ${before.leftOn} 退出`, 'date', 'ALREADY_LEFT');
    if (before.joinedOn && dto.date < before.joinedOn)
      throw ValidationError.of('date', `退出日期不能早于入社日期 ${before.joinedOn}`, 'LEAVE_BEFORE_JOIN');
    const last = await this.registers.lastRegisteredWith(id);
    if (last !== undefined && last > dto.date) {
      throw new ConflictError(
        `户 ${before.code} 登记在 ${last} 的股权登记中，退出日期不能早于该登记日；股权登记只增加新版本，不能修改`,
        'date',
        'HELD_IN_LATER_REGISTER',
      );
    }
    const after = await this.households.update(id, { ...before, leftOn: dto.date, leftReason: dto.reason.trim() });
    await this.audit.record(actor, 'leave', 'household', id, diff(householdView(before), householdView(after)));
    return householdView(after);
  }

  /** One household's whole bank account: the village's treasurer only; every read is in the audit trail. */
  @Transactional()
  async bankAccount(actor: Actor, villageId: string, id: string): Promise<{ bankName: string | null; bankAccount: string | null }> {
    const h = await this.find(villageId, id);
    await this.audit.record(actor, 'read-unmasked', 'household', id, { code: h.code, purpose: '查看完整银行账号' });
    return { bankName: h.bankName, bankAccount: h.bankAccount };
  }

  /**
   * The payee data of these households, unmasked, for a payment file: the village's treasurer, or the accountant
   * (admin) preparing the file. One audit entry names the purpose and every household read. Ids of other villages
   * are not found.
   */
  @Transactional()
  async unmaskedAccounts(actor: Actor, villageId: string, householdIds: string[], purpose: string): Promise<HouseholdAccount[]> {
    assertMayReadPayeeAccounts(actor, villageId);
    const wanted = [...new Set(householdIds)];
    const rows = await this.households.accounts(villageId, wanted);
    if (rows.length !== wanted.length) {
      const found = new Set(rows.map((r) => r.id));
      throw new NotFoundError(
        '户',
        wanted.find((w) => !found.has(w))!,
      );
    }
    await this.audit.record(actor, 'read-unmasked', 'household-accounts', villageId, { purpose, households: rows.map((r) => r.code) });
    return rows;
  }

  /** The village's household of this id (another village's is not found); with `lock`, locked until commit. */
  private async find(villageId: string, id: string, lock = false): Promise<Household> {
    await this.villages.get(villageId);
    const h = await this.households.findById(villageId, id, lock);
    if (!h) throw new NotFoundError('户', id);
    return h;
  }

  private async assertCodeFree(villageId: string, code: string, self: string | null): Promise<void> {
    const other = await this.households.findByCode(villageId, code);
    if (other && other.id !== self) throw new ConflictError(`户编码 "${code}" 在本村已被使用`, 'code', 'CODE_TAKEN');
  }
}

/** A correction's value for a nullable field: absent keeps the old value, null clears it. */
function given<T>(value: T | undefined, old: T): T {
  return value === undefined ? old : value;
}
