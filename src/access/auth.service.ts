import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { requestContext } from '../common/request-context';
import { TransactionRunner } from '../database/transaction-runner';
import { User } from '../users/user.entity';
import { TokenPayload } from './access.guard';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; login: string; displayName: string; role: string; villageId: string | null; mustChangePassword: boolean };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly ttlSeconds: number,
  ) {}

  async login(login: string, password: string): Promise<SignedIn> {
    const ip = requestContext.get()?.ip ?? 'unknown';
    const name = login.trim().toLowerCase();
    this.throttle.assertAllowed(name, ip);
    const user = await this.db.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.login = :name', { name }).getOne();
    // The same answer whether the user is unknown, disabled or the password wrong: nothing to probe.
    const ok = user !== null && user.enabled && (await verifyPassword(password, user.passwordHash));
    if (!ok) {
      this.throttle.recordFailure(name, ip);
      throw new UnauthorizedException('wrong login or password');
    }
    this.throttle.recordSuccess(name);
    return this.sign(user);
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<SignedIn> {
    return this.tx.run(async (m, audit) => {
      const user = await m.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash')
        .where('u.id = :userId', { userId }).setLock('pessimistic_write').getOneOrFail();
      if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new UnauthorizedException('current password is wrong');
      await m.update(User, { id: userId }, {
        passwordHash: await hashPassword(newPassword), mustChangePassword: false, tokenVersion: user.tokenVersion + 1,
      });
      await audit('change-password', 'user', userId, null);
      return this.sign({ ...user, mustChangePassword: false, tokenVersion: user.tokenVersion + 1 });
    });
  }

  async sign(user: User): Promise<SignedIn> {
    const payload: TokenPayload = { sub: user.id, ver: user.tokenVersion };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.ttlSeconds,
      user: {
        id: user.id, login: user.login, displayName: user.displayName, role: user.role,
        villageId: user.villageId, mustChangePassword: user.mustChangePassword,
      },
    };
  }
}
