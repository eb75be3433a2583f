import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { created, diff } from '../audit/audit-trail';
import { generatePassword, hashPassword } from '../access/password';
import { Role } from '../access/roles';
import { ConflictError, ValidationError } from '../core/errors';
import { Page, pageOf } from '../common/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Village } from '../villages/village.entity';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { User } from './user.entity';

export type CreatedUser = User & { initialPassword?: string };

@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  /** Without a password, a one-time password is generated, returned once, and must be changed at first sign-in. */
  create(dto: CreateUserDto): Promise<CreatedUser> {
    return this.tx.run(async (m, audit) => {
      if (await m.exists(User, { where: { login: dto.login } })) throw new ConflictError(`login "${dto.login}" is taken`, 'login');
      const villageId = await this.villageFor(m, dto.role, dto.villageCode ?? null);
      const oneTime = dto.password ? undefined : generatePassword();
      const saved = await m.save(m.create(User, {
        login: dto.login, displayName: dto.displayName, role: dto.role, villageId, enabled: true,
        passwordHash: await hashPassword(dto.password ?? oneTime!), mustChangePassword: !dto.password, tokenVersion: 0,
      }));
      const user = await m.findOneOrFail(User, { where: { id: saved.id } });
      await audit('create', 'user', user.id, created(user));
      return oneTime ? { ...user, initialPassword: oneTime } : user;
    });
  }

  async list(q: UserQuery): Promise<Page<User>> {
    const [items, total] = await this.db.getRepository(User).findAndCount({
      where: q.role ? { role: q.role } : {}, order: { login: 'ASC' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize,
    });
    return pageOf(items, total, q);
  }

  get(id: string): Promise<User> {
    return findByIdOrFail(this.db.manager, User, 'user', id);
  }

  update(id: string, dto: UpdateUserDto): Promise<User> {
    return this.tx.run(async (m, audit) => {
      const u = await findByIdOrFail(m, User, 'user', id, true);
      const before = { ...u };
      if (dto.displayName !== undefined) u.displayName = dto.displayName;
      if (dto.enabled !== undefined) u.enabled = dto.enabled;
      if (dto.role !== undefined) u.role = dto.role;
      if (dto.role !== undefined || dto.villageCode !== undefined) {
        const code = dto.villageCode !== undefined ? dto.villageCode : await this.villageCodeOf(m, u.villageId);
        u.villageId = await this.villageFor(m, u.role, code);
      }
      await m.save(u);
      await audit('update', 'user', id, diff(before, u));
      return u;
    });
  }

  /** A new one-time password, returned once; every token of the user stops working. */
  resetPassword(id: string): Promise<{ id: string; login: string; initialPassword: string }> {
    return this.tx.run(async (m, audit) => {
      const u = await findByIdOrFail(m, User, 'user', id, true);
      const oneTime = generatePassword();
      await m.update(User, { id }, { passwordHash: await hashPassword(oneTime), mustChangePassword: true, tokenVersion: u.tokenVersion + 1 });
      await audit('reset-password', 'user', id, null);
      return { id, login: u.login, initialPassword: oneTime };
    });
  }

  /** At the first start on an empty database: an admin with a one-time password, printed once by the caller. */
  async createFirstAdminIfNone(): Promise<{ login: string; password: string } | null> {
    if ((await this.db.getRepository(User).count()) > 0) return null;
    const u = await this.create({ login: 'admin', displayName: '系统管理员', role: 'admin' });
    return { login: u.login, password: u.initialPassword! };
  }

  private async villageFor(m: EntityManager, role: Role, villageCode: string | null): Promise<string | null> {
    if (role === 'treasurer' && !villageCode) throw ValidationError.of('villageCode', 'a treasurer needs their village');
    if (!villageCode) return null;
    return (await findByCodeOrReject(m, Village, 'village', 'villageCode', villageCode)).id;
  }

  private async villageCodeOf(m: EntityManager, villageId: string | null): Promise<string | null> {
    return villageId ? (await findByIdOrFail(m, Village, 'village', villageId)).code : null;
  }
}
