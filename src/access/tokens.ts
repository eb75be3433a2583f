import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { isUuid } from '../platform/database/ids';
import { Clock } from '../platform/clock/clock';
import { User } from '../users/users.repository';
import { RevokedTokensRepository, TokenHolder } from './revoked-tokens.repository';

/** Injection token: how long a token lasts, in seconds. */
export const TOKEN_TTL_SECONDS = 'TOKEN_TTL_SECONDS';

export interface TokenPayload {
  sub: string;
  /** The user's token version when signed: a password change or reset, or disabling the user, makes older tokens fail. */
  ver: number;
  /** The token's own id, which sign-out revokes. */
  jti: string;
  /** Issued and expires, in seconds since the epoch (JwtModule's `expiresIn`). */
  iat: number;
  exp: number;
}

export interface SignedIn {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; login: string; displayName: string; role: string; villageId: string | null; mustChangePassword: boolean };
}

/**
 * Bearer tokens: HS256 JWTs with `exp` (JWT_TTL_SECONDS) and a `jti`. A token is good while it has not
 * expired, its user is enabled with the token version it was signed with, and its jti was not signed out.
 */
@Injectable()
export class Tokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly revoked: RevokedTokensRepository,
    private readonly clock: Clock,
    @Inject(TOKEN_TTL_SECONDS) private readonly ttlSeconds: number,
  ) {}

  async sign(user: User): Promise<SignedIn> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, ver: user.tokenVersion }, { jwtid: randomUUID() });
    return {
      accessToken,
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

  /** The user of an `Authorization: Bearer <token>` header, or 401. */
  async authenticate(header: string): Promise<TokenHolder> {
    const token = bearer(header);
    if (!token)
      throw new UnauthorizedException('请先登录：用 "POST /api/auth/login" 取得令牌，再在请求头中带上 "Authorization: Bearer <令牌>"');
    const payload = await this.verify(token);
    const user = payload && (await this.revoked.holder(payload.sub, payload.ver, payload.jti));
    if (!user) throw new UnauthorizedException('令牌无效或已过期，请重新登录');
    return user;
  }

  /** Ends the header's token (already authenticated by the guard) for good. */
  async revoke(header: string, userId: string): Promise<void> {
    const payload = await this.verify(bearer(header) ?? '');
    if (!payload) throw new UnauthorizedException('令牌无效或已过期，请重新登录');
    await this.revoked.revoke(payload.jti, userId, new Date(payload.exp * 1000), this.clock.now());
  }

  /** The payload of a good signature, unexpired, with every claim this service signs; undefined otherwise. */
  private async verify(token: string): Promise<TokenPayload | undefined> {
    try {
      const p = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
      const complete = typeof p.sub === 'string' && Number.isInteger(p.ver) && typeof p.jti === 'string' && isUuid(p.jti);
      return complete && Number.isInteger(p.exp) ? p : undefined;
    } catch {
      return undefined;
    }
  }
}

function bearer(header: string): string | undefined {
  return /^Bearer ([A-Za-z0-9._-]+)$/.exec(header)?.[1];
}
