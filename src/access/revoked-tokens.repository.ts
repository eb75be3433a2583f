import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';
import type { User } from '../users/users.repository';

/**
 * What the guard needs of a token's user, and the identity of the snapshot the statement read it in
 * (`pg_current_snapshot()` as text): the answer cache (platform/http/answer-cache.ts) looks the request's answer up by it.
 */
export type TokenHolder = Pick<User, 'id' | 'login' | 'role' | 'villageId' | 'mustChangePassword'> & { snapshot: string };

export const revokedTokenTable = tableShape('revoked_token', {
  jti: 'uuid',
  user_id: 'uuid',
  expires_at: 'timestamp with time zone',
});

/** Tokens ended by sign-out (their `jti`), kept until they would have expired anyway. */
@Injectable()
export class RevokedTokensRepository extends Repository {
  /** Ends a token, and forgets the revoked tokens that have expired since: they fail on their `exp` alone. */
  async revoke(jti: string, userId: string, expiresAt: Date, now: Date): Promise<void> {
    await this.rows('INSERT INTO revoked_token (jti, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING', [
      jti,
      userId,
      expiresAt,
    ]);
    await this.rows('DELETE FROM revoked_token WHERE expires_at < $1', [now]);
  }

  /**
   * The user of a token whose signature was checked: found only while they are enabled, still at the token's version
   * (a password change or reset, or disabling, bumps it) and the token was not signed out. One statement on every
   * request, nothing cached: whatever ends a token is seen by the very next request, in every process. The same
   * statement reads its snapshot's identity (no round trip of its own).
   */
  async holder(userId: string, tokenVersion: number, jti: string): Promise<TokenHolder | undefined> {
    if (!isUuid(userId) || !isUuid(jti)) return undefined;
    return this.one<TokenHolder>(
      `SELECT u.id, u.login, u.role, u.village_id AS "villageId", u.must_change_password AS "mustChangePassword",
              pg_current_snapshot()::text AS snapshot
         FROM app_user u
        WHERE u.id = $1 AND u.enabled AND u.token_version = $2 AND NOT EXISTS (SELECT 1 FROM revoked_token r WHERE r.jti = $3)`,
      [userId, tokenVersion, jti],
    );
  }
}
