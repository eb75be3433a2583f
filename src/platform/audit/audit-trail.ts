import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor } from '../context/actor';
import { requestMeta } from '../context/request-meta';
import { AUDIT_GENESIS, verifyAuditChain } from './audit-chain';
import { AuditLogRepository } from './audit-log.repository';

/** What verification says of the audit chain: ok with its end, or the first entry that fails. */
export type AuditTrailVerification =
  | { ok: true; count: number; digest: { sequence: number; hash: string } }
  | { ok: false; id: string; sequence: number | null; reason: string };

/** Entries read per page when the chain is verified: memory stays bounded however long the trail. */
const VERIFY_PAGE = 5000;

/** Fields never copied into the trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'newPassword', 'currentPassword']);

/**
 * Records one write in the transaction that makes it (call it inside the
 * service's `@Transactional()` method): who (the actor passed in), what, and
 * from where (the request's id and address). Entries are hash-chained
 * (audit-chain.ts); record them last in a transaction: the chain's head stays
 * locked until commit.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly log: AuditLogRepository) {}

  @Transactional()
  async record(
    actor: Actor,
    action: string,
    entity: string,
    entityId: string | null,
    changes: Record<string, unknown> | null = null,
  ): Promise<void> {
    const { requestId, ip } = requestMeta();
    await this.log.insert({
      actorId: actor.userId,
      actorLogin: actor.login,
      action,
      entity,
      entityId,
      ip,
      requestId,
      changes: changes ? scrub(changes) : null,
    });
  }

  /**
   * Recomputes the whole audit chain (in the caller's transaction: run it in a
   * snapshot) and compares its end with audit_head; names the first entry
   * that fails. Entries from before the chain began are not covered.
   */
  async verify(): Promise<AuditTrailVerification> {
    let at = { sequence: 0, hash: AUDIT_GENESIS };
    let count = 0;
    for (;;) {
      const page = await this.log.chained(at.sequence, VERIFY_PAGE);
      const result = verifyAuditChain(page, at);
      if (!result.ok) return result;
      count += result.count;
      at = result.digest;
      if (page.length < VERIFY_PAGE) break;
    }
    const head = await this.log.head();
    if (head.sequence !== at.sequence || head.hash !== at.hash) {
      const reason = `the audit chain ends at ${at.sequence} but audit_head records ${head.sequence}: entries are missing or the head was changed`;
      return { ok: false, id: 'audit_head', sequence: at.sequence + 1, reason };
    }
    const stray = await this.log.unchainedAfterChainStart();
    if (stray !== undefined)
      return { ok: false, id: stray, sequence: null, reason: 'an entry without a hash was written after the chain began' };
    return { ok: true, count, digest: at };
  }
}

function scrub(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([k]) => !SECRET_FIELDS.has(k)));
}

/** The fields a correction changed, as {field: {from, to}}; unchanged fields are left out. */
export function diff(before: object, after: object): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const b = before as Record<string, unknown>;
  for (const [k, to] of Object.entries(after)) {
    if (k === 'updatedAt' || k === 'createdAt' || to === undefined) continue;
    if (JSON.stringify(b[k]) !== JSON.stringify(to)) out[k] = { from: b[k] ?? null, to };
  }
  return out;
}

/** A new record's fields for the trail. */
export function created(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => v !== undefined && k !== 'createdAt' && k !== 'updatedAt'));
}
