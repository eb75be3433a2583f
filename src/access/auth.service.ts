import { Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ValidationError } from '../core/errors';
import { hashPassword, verifyNothing, verifyPassword } from '../core/password';
import { AuditTrail } from '../platform/audit/audit-trail';
import { refusalRecorded } from '../platform/audit/refusal-audit';
import { Actor } from '../platform/context/actor';
import { User, UsersRepository } from '../users/users.repository';
import { SignInThrottle } from './sign-in-throttle';
import { SignedIn, Tokens } from './tokens';

export type { SignedIn } from './tokens';

/** Who tries to sign in: nobody yet. Their audit entries name the login tried in `changes`. */
const ANONYMOUS: Actor = { userId: null, login: '(anonymous)', role: 'system', villageId: null };

/** The longest login the column holds; a longer name tried is throttled and recorded by its first 64 characters. */
const LOGIN_MAX = 64;

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: Tokens,
    private readonly throttle: SignInThrottle,
    private readonly audit: AuditTrail,
  ) {}

  /** Hashes the stand-in password now, so that the first unknown login costs no more than the others. */
  onModuleInit(): void {
    verifyNothing('').catch(() => undefined);
  }

  /**
   * The answer, and its time, are the same whether the login is unknown, disabled or the password wrong:
   * each costs one scrypt check. Throttled per login and per address (`ip`) before the check
   * (sign-in-throttle.ts); sign-ins, failures and lockouts are recorded in the audit trail.
   */
  async login(login: string, password: string, ip: string): Promise<SignedIn> {
    const name = Array.from(login.trim().toLowerCase()).slice(0, LOGIN_MAX).join('');
    const slot = await this.throttle.admit(ANONYMOUS, 'sign-in', name, ip);
    const found = await this.users.findWithCredentials(name);
    const right = found ? await verifyPassword(password, found.credentials.passwordHash) : await verifyNothing(password);
    if (!found || !found.user.enabled || !right) {
      const reason = !found ? 'unknown login' : !found.user.enabled ? 'disabled' : 'wrong password';
      await this.throttle.failed(slot, ANONYMOUS, found?.user.id ?? null, reason);
      refusalRecorded();
      throw new UnauthorizedException('登录名或密码不对');
    }
    const user = found.user;
    await this.throttle.succeeded(slot, ANONYMOUS, user.id);
    await this.audit.record(actorOf(user), 'sign-in', 'user', user.id, null);
    return this.tokens.sign(user);
  }

  /**
   * Throttled like sign-in (a wrong current password counts against the login). The new password may be
   * neither the current one (nor so the one-time password the user signed in with) nor, after a reset, the
   * password the reset replaced. `ip` is the client's address, for the throttle.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip = 'local'): Promise<SignedIn> {
    const user = actor.userId ? await this.users.findById(actor.userId) : undefined;
    const credentials = user && (await this.users.credentialsOf(user.id));
    if (!user || !credentials) throw new UnauthorizedException('令牌无效或已过期，请重新登录');
    const slot = await this.throttle.admit(actor, 'change-password', user.login, ip);
    if (!(await verifyPassword(currentPassword, credentials.passwordHash))) {
      await this.throttle.failed(slot, actor, user.id, 'wrong current password');
      refusalRecorded();
      throw new UnauthorizedException('当前密码不对');
    }
    await this.throttle.succeeded(slot, actor, user.id);
    if (newPassword === currentPassword) {
      throw ValidationError.of('newPassword', user.mustChangePassword ? '新密码不能与一次性密码相同' : '新密码不能与当前密码相同');
    }
    if (credentials.previousPasswordHash && (await verifyPassword(newPassword, credentials.previousPasswordHash))) {
      throw ValidationError.of('newPassword', '新密码不能是重置前使用的密码');
    }
    const hash = await hashPassword(newPassword);
    return this.tokens.sign(await this.setOwnPassword(actor, user.id, credentials.passwordHash, hash));
  }

  /** Ends the token of this request for good (`Authorization` header, already checked by the guard). */
  @Transactional()
  async logout(actor: Actor, authorization: string): Promise<void> {
    await this.tokens.revoke(authorization, actor.userId!);
    await this.audit.record(actor, 'sign-out', 'user', actor.userId, null);
  }

  /** A token for a user, as sign-in gives it (tests and commands sign users in with it). */
  sign(user: User): Promise<SignedIn> {
    return this.tokens.sign(user);
  }

  /** The password checked is still the stored one once the user's row is locked: a change made meanwhile wins. */
  @Transactional()
  private async setOwnPassword(actor: Actor, userId: string, checkedHash: string, newHash: string): Promise<User> {
    await this.users.findById(userId, true);
    if ((await this.users.credentialsOf(userId))?.passwordHash !== checkedHash) throw new UnauthorizedException('当前密码不对');
    const changed = await this.users.setPassword(userId, newHash, false);
    await this.audit.record(actor, 'change-password', 'user', userId, null);
    return changed;
  }
}

function actorOf(user: User): Actor {
  return { userId: user.id, login: user.login, role: user.role, villageId: user.villageId };
}
