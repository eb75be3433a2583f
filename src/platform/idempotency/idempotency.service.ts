import { Injectable } from '@nestjs/common';
import { canonicalJson, sha256Hex } from '../../core/distribution';
import { ConflictError, ValidationError } from '../../core/errors';
import { Actor, actorKey } from '../context/actor';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * `Idempotency-Key` for POSTs that move money. The key is claimed first, in a
 * transaction that the handler's own `@Transactional()` method then joins
 * (propagation REQUIRED): a concurrent duplicate blocks on the primary key
 * until the first commits (then gets its stored response) or rolls back (then
 * runs itself). Failed requests store nothing, so a retry after an error runs again.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly keys: IdempotencyKeyRepository,
  ) {}

  run(actor: Actor, key: string, scope: string, body: unknown, status: number, handle: () => Promise<unknown>): Promise<StoredResponse> {
    if (!KEY.test(key))
      throw ValidationError.of('Idempotency-Key', '须为 1 到 200 个字符，只能用字母 A-Z a-z、数字 0-9 和 "."、"_"、":"、"-"');
    const user = actorKey(actor);
    const requestHash = sha256Hex(fingerprint(scope, body));
    return this.txHost.withTransaction(async () => {
      if (!(await this.keys.claim(user, key, scope, requestHash))) {
        const first = (await this.keys.find(user, key))!;
        if (first.scope !== scope || first.requestHash !== requestHash) {
          throw new ConflictError('这个幂等键已用于另一个不同的请求：新的请求请换一个幂等键', 'Idempotency-Key', 'IDEMPOTENCY_KEY_REUSED');
        }
        return { status: first.responseStatus, body: JSON.parse(first.responseBody) };
      }
      const result = await handle();
      // Stored as its JSON text, so the replay is the same bytes as the first response.
      const json = JSON.stringify(result ?? null);
      await this.keys.storeResponse(user, key, status, json);
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
