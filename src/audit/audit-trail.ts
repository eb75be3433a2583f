import { EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context';

/** Records one write in the transaction that makes it; the actor, IP and request id come from the request. */
export type AuditFn = (action: string, entity: string, entityId: string | null, changes?: Record<string, unknown> | null) => Promise<void>;

/** Fields never copied into the trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'newPassword', 'currentPassword']);

export function auditTo(m: EntityManager): AuditFn {
  return async (action, entity, entityId, changes = null) => {
    const ctx = requestContext.get();
    await m.query(
      `INSERT INTO audit_log (actor_id, actor_login, action, entity, entity_id, ip, request_id, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ctx?.actor?.userId ?? null, ctx?.actor?.login ?? ctx?.system ?? null, action, entity, entityId,
        ctx?.ip ?? null, ctx?.requestId ?? null, changes ? JSON.stringify(scrub(changes)) : null,
      ],
    );
  };
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
