import { Injectable } from '@nestjs/common';
import { Actor } from '../context/actor';
import { requestMeta } from '../context/request-meta';
import { AuditLogRepository } from './audit-log.repository';

/** Fields never copied into the trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'newPassword', 'currentPassword']);

/**
 * Records one write in the transaction that makes it (call it inside the
 * service's `@Transactional()` method): who (the actor passed in), what, and
 * from where (the request's id and address).
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly log: AuditLogRepository) {}

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
