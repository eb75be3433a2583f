import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../database/repository';

export const idempotencyKeyTable = tableShape('idempotency_key', {
  user_id: 'character varying(64)',
  key: 'character varying(200)',
  scope: 'character varying(300)',
  request_hash: 'character(64)',
  response_status: 'integer?',
  response_body: 'text?',
  created_at: 'timestamp with time zone',
});

export interface StoredKey {
  scope: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
}

/** idempotency_key: one row per (user, key), written in the transaction of the change it guards. */
@Injectable()
export class IdempotencyKeyRepository extends Repository {
  /** Claims the key; false when it exists already (a concurrent claim waits here until the first commits or rolls back). */
  async claim(user: string, key: string, scope: string, requestHash: string): Promise<boolean> {
    const mine = await this.rows(
      `INSERT INTO idempotency_key (user_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [user, key, scope, requestHash],
    );
    return mine.length > 0;
  }

  async find(user: string, key: string): Promise<StoredKey | undefined> {
    return this.one<StoredKey>(
      `SELECT scope, request_hash AS "requestHash", response_status AS "responseStatus", response_body AS "responseBody"
         FROM idempotency_key WHERE user_id = $1 AND key = $2`,
      [user, key],
    );
  }

  async storeResponse(user: string, key: string, status: number, body: string): Promise<void> {
    await this.rows('UPDATE idempotency_key SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2', [
      user,
      key,
      status,
      body,
    ]);
  }
}
