import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in that holds under attack (issue 10): every password check is an attempt
 * row, reserved before the check under a per-login and per-address lock, so that
 * concurrent guesses cannot outrun the throttle and every process sees the same
 * counts; revoked tokens (sign-out) until they would have expired anyway; and the
 * password a reset replaced, which the user may not choose again.
 */
export class Sessions1764500000000 implements MigrationInterface {
  name = 'Sessions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_attempt (
        id bigserial PRIMARY KEY,
        login varchar(64) NOT NULL,
        ip varchar(64) NOT NULL,
        at timestamptz NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('pending', 'failed', 'succeeded', 'forgiven', 'refused'))
      );
      CREATE INDEX sign_in_attempt_login_idx ON sign_in_attempt (login, at);
      CREATE INDEX sign_in_attempt_ip_idx ON sign_in_attempt (ip, at);

      CREATE TABLE revoked_token (
        jti uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX revoked_token_expires_idx ON revoked_token (expires_at);

      ALTER TABLE app_user ADD COLUMN previous_password_hash text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user DROP COLUMN previous_password_hash;
      DROP TABLE revoked_token;
      DROP TABLE sign_in_attempt;
    `);
  }
}
