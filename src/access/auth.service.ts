import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Actor } from '../platform/context/actor';
import { User, UsersRepository } from '../users/users.repository';
import { TokenPayload } from './access.guard';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from '../core/password';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; login: string; displayName: string; role: string; villageId: string | null; mustChangePassword: boolean };
}

/** Injection token: how long a token lasts, in seconds. */
export const TOKEN_TTL_SECONDS = 'TOKEN_TTL_SECONDS';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditTrail,
    @Inject(TOKEN_TTL_SECONDS) private readonly ttlSeconds: number,
  ) {}

  /** `ip` throttles guessing from one address; the answer is the same whether the login is unknown, disabled or the password wrong. */
  async login(login: string, password: string, ip: string): Promise<SignedIn> {
    const name = login.trim().toLowerCase();
    this.throttle.assertAllowed(name, ip);
    const user = await this.users.findByLogin(name);
    const hash = user?.enabled ? await this.users.passwordHashOf(user.id) : undefined;
    const ok = user !== undefined && hash !== undefined && (await verifyPassword(password, hash));
    if (!ok) {
      this.throttle.recordFailure(name, ip);
      throw new UnauthorizedException('wrong login or password');
    }
    this.throttle.recordSuccess(name);
    return this.sign(user);
  }

  @Transactional()
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<SignedIn> {
    const user = actor.userId ? await this.users.findById(actor.userId, true) : undefined;
    if (!user) throw new UnauthorizedException('invalid or expired token');
    if (!(await verifyPassword(currentPassword, (await this.users.passwordHashOf(user.id))!))) {
      throw new UnauthorizedException('current password is wrong');
    }
    const changed = await this.users.setPassword(user.id, await hashPassword(newPassword), false);
    await this.audit.record(actor, 'change-password', 'user', user.id, null);
    return this.sign(changed);
  }

  async sign(user: User): Promise<SignedIn> {
    const payload: TokenPayload = { sub: user.id, ver: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.ttlSeconds,
      user: {
        id: user.id,
        login: user.login,
        displayName: user.displayName,
        role: user.role,
        villageId: user.villageId,
        mustChangePassword: user.mustChangePassword,
      },
    };
  }
}
