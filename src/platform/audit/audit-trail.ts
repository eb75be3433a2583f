import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { Actor } from '../context/actor';
import { requestMeta } from '../context/request-meta';
import { Workers } from '../workers/workers';
import { AuditChainFailure, AuditRecord, auditHeadMismatch, unchainedAuditEntry } from './audit-chain';
import { AuditLogRepository } from './audit-log.repository';
import { AUDIT_VERIFICATION_WORKER, verifyAuditRecords } from './audit-verification.worker';

/** What verification says of the audit chain: ok with its end, or the first entry that fails. */
export type AuditTrailVerification = { ok: true; count: number; digest: { sequence: number; hash: string } } | AuditChainFailure;

/** Entries read per page when the chain is verified: each page's rows are parsed on the event loop, 1,000 in a few ms. */
const VERIFY_PAGE = 1000;

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
  constructor(
    private readonly log: AuditLogRepository,
    private readonly workers: Workers,
  ) {}

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
   * that fails. Entries from before the chain began are not covered. The
   * hashing runs in a worker thread, fed the entries a page at a time as they
   * are read.
   */
  async verify(): Promise<AuditTrailVerification> {
    const task = this.workers.start(AUDIT_VERIFICATION_WORKER, verifyAuditRecords, { records: this.chained() }, { sliced: ['records'] });
    await task.sent;
    const head = await this.log.head();
    const stray = await this.log.unchainedAfterChainStart();
    const chain = await task.result;
    if (!chain.ok) return chain;
    const at = chain.digest;
    if (head.sequence !== at.sequence || head.hash !== at.hash) return auditHeadMismatch(at, head);
    if (stray !== undefined) return unchainedAuditEntry(stray);
    return { ok: true, count: chain.count, digest: at };
  }

  /** The chained entries in sequence order, a page at a time. */
  private async *chained(): AsyncGenerator<AuditRecord[]> {
    for (let after = 0; ;) {
      const page = await this.log.chained(after, VERIFY_PAGE);
      if (page.length) yield page;
      if (page.length < VERIFY_PAGE) return;
      after = page[page.length - 1].sequence;
    }
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
