import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { generatePassword, hashPassword } from '../core/password';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { Role } from '../platform/access/roles';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { VillagesService } from '../villages/villages.service';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { User, UsersRepository } from './users.repository';

/** The work a maker prepares, in the words of the four-eyes refusal. */
const WORK: Readonly<Record<string, string>> = { run: '分红计算' };

export type CreatedUser = User & { initialPassword?: string };

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  /** Without a password, a one-time password is generated, returned once, and must be changed at first sign-in. */
  @Transactional()
  async create(actor: Actor, dto: CreateUserDto): Promise<CreatedUser> {
    if (await this.users.findByLogin(dto.login)) throw new ConflictError(`登录名 "${dto.login}" 已被使用`, 'login', 'LOGIN_TAKEN');
    const villageId = await this.villageFor(dto.role, dto.villageCode ?? null);
    const oneTime = dto.password ? undefined : generatePassword();
    const user = await this.users.insert({
      login: dto.login,
      displayName: dto.displayName,
      role: dto.role,
      villageId,
      passwordHash: await hashPassword(dto.password ?? oneTime!),
      mustChangePassword: !dto.password,
      createdBy: actor.userId,
    });
    await this.audit.record(actor, 'create', 'user', user.id, created(user));
    return oneTime ? { ...user, initialPassword: oneTime } : user;
  }

  async list(q: UserQuery): Promise<Page<User>> {
    const { items, total } = await this.users.list({ role: q.role }, q);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<User> {
    const u = await this.users.findById(id);
    if (!u) throw new NotFoundError('user', id);
    return u;
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<User> {
    // The admins' locks first, then the user's row: every transaction that takes both takes them in this order.
    const leaving = dto.enabled === false || (dto.role !== undefined && dto.role !== 'admin');
    const admins = leaving ? await this.users.lockEnabledAdmins() : [];
    const before = await this.users.findById(id, true);
    if (!before) throw new NotFoundError('user', id);
    if (admins.length === 1 && admins[0] === id) {
      throw new ConflictError(
        '至少要保留一个启用的管理员：不能停用最后一个管理员，也不能改变其角色',
        dto.enabled === false ? 'enabled' : 'role',
        'LAST_ADMIN',
      );
    }
    const role = dto.role ?? before.role;
    let villageId = before.villageId;
    if (dto.role !== undefined || dto.villageCode !== undefined) {
      const code =
        dto.villageCode !== undefined ? dto.villageCode : before.villageId ? (await this.villages.get(before.villageId)).code : null;
      villageId = await this.villageFor(role, code);
    }
    const after = await this.users.update(id, {
      displayName: dto.displayName ?? before.displayName,
      role,
      villageId,
      enabled: dto.enabled ?? before.enabled,
      updatedBy: actor.userId,
    });
    await this.audit.record(actor, 'update', 'user', id, diff(before, after));
    return after;
  }

  /** A new one-time password, returned once; every token of the user stops working. */
  @Transactional()
  async resetPassword(actor: Actor, id: string): Promise<{ id: string; login: string; initialPassword: string }> {
    const u = await this.users.findById(id, true);
    if (!u) throw new NotFoundError('user', id);
    const oneTime = generatePassword();
    await this.users.setPassword(id, await hashPassword(oneTime), true, { userId: actor.userId });
    await this.audit.record(actor, 'reset-password', 'user', id, null);
    return { id, login: u.login, initialPassword: oneTime };
  }

  /**
   * Four eyes through a second account: whoever created or last changed an account may know its password,
   * so a checker may not approve the work of the maker who made or changed the checker's account, nor the
   * work of a maker whose account the checker made or changed. Ids only: system tasks (null) set up no one.
   */
  async assertIndependent(makerId: string | null, checkerId: string | null, what: string): Promise<void> {
    if (!makerId || !checkerId) return;
    const [maker, checker] = [await this.users.findById(makerId), await this.users.findById(checkerId)];
    if (checker && (checker.createdBy === makerId || checker.updatedBy === makerId)) {
      throw new ConflictError(
        `你的账号是编制这次${WORK[what] ?? what}的用户创建或最后修改的：须由另一位会计审核`,
        'approvedBy',
        'NOT_INDEPENDENT',
      );
    }
    if (maker && (maker.createdBy === checkerId || maker.updatedBy === checkerId)) {
      throw new ConflictError(
        `编制这次${WORK[what] ?? what}的用户，其账号是你创建或最后修改的：须由另一位会计审核`,
        'approvedBy',
        'NOT_INDEPENDENT',
      );
    }
  }

  /** At the first start on an empty database: an admin with a one-time password, printed once by the caller. */
  async createFirstAdminIfNone(actor: Actor): Promise<{ login: string; password: string } | null> {
    if ((await this.users.count()) > 0) return null;
    const u = await this.create(actor, { login: 'admin', displayName: '系统管理员', role: 'admin' });
    return { login: u.login, password: u.initialPassword! };
  }

  private async villageFor(role: Role, villageCode: string | null): Promise<string | null> {
    if (role === 'treasurer' && !villageCode) throw ValidationError.of('villageCode', '村报账员须指定所在的村', 'VILLAGE_REQUIRED');
    if (!villageCode) return null;
    return (await this.villages.byCode(villageCode, 'villageCode')).id;
  }
}
