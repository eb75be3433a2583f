import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

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

  async isRevoked(jti: string): Promise<boolean> {
    if (!isUuid(jti)) return true;
    return (await this.one('SELECT 1 FROM revoked_token WHERE jti = $1', [jti])) !== undefined;
  }
}
