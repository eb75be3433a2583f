import { Injectable } from '@nestjs/common';
import { canonicalJson, sha256Hex } from '../core/distribution';
import { ConflictError, ValidationError } from '../core/errors';
import { TransactionRunner } from '../database/transaction-runner';
import { currentActor } from '../ledger/actor';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * `Idempotency-Key` for POSTs that move money. The key is inserted first, in
 * the transaction that then makes the change (the handler's own
 * TransactionRunner.run joins it): a concurrent duplicate blocks on the
 * primary key until the first commits (then gets its stored response) or rolls
 * back (then runs itself). Failed requests store nothing, so a retry after an
 * error runs again.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly tx: TransactionRunner) {}

  run(key: string, scope: string, body: unknown, status: number, handle: () => Promise<unknown>): Promise<StoredResponse> {
    if (!KEY.test(key)) throw ValidationError.of('Idempotency-Key', 'must be 1–200 of A-Z a-z 0-9 . _ : -');
    const user = currentActor().userId ?? currentActor().login;
    const requestHash = sha256Hex(fingerprint(scope, body));
    return this.tx.run(async (m) => {
      const mine = await m.query(
        `INSERT INTO idempotency_key (user_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING key`, [user, key, scope, requestHash],
      );
      if (mine.length === 0) {
        const [first] = await m.query('SELECT scope, request_hash, response_status, response_body FROM idempotency_key WHERE user_id = $1 AND key = $2', [user, key]);
        if (first.scope !== scope || first.request_hash !== requestHash) {
          throw new ConflictError('this Idempotency-Key was used for a different request', 'Idempotency-Key');
        }
        return { status: first.response_status, body: JSON.parse(first.response_body) };
      }
      const result = await handle();
      // Stored as its JSON text, so the replay is the same bytes as the first response.
      const json = JSON.stringify(result ?? null);
      await m.query('UPDATE idempotency_key SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2', [user, key, status, json]);
      return { status, body: JSON.parse(json) };
    });
  }
}

/**
 * The request as text: canonical JSON (key order does not matter), or, for a
 * body canonical JSON refuses (a fractional JSON number, say), its plain JSON.
 * Such a body fails validation anyway, and a failed request stores no key.
 */
function fingerprint(scope: string, body: unknown): string {
  try {
    return canonicalJson({ scope, body: body ?? null });
  } catch {
    return JSON.stringify({ scope, body: body ?? null });
  }
}
