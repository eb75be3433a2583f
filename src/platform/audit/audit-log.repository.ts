import { Injectable } from '@nestjs/common';
import { PageRequest, Repository, tableShape, Where } from '../database/repository';

export const auditLogTable = tableShape('audit_log', {
  id: 'bigint',
  at: 'timestamp with time zone',
  actor_id: 'uuid?',
  actor_login: 'character varying(64)?',
  action: 'character varying(40)',
  entity: 'character varying(40)',
  entity_id: 'character varying(100)?',
  ip: 'character varying(64)?',
  request_id: 'character varying(64)?',
  changes: 'jsonb?',
});

/** One write: who, what, when, from where, and the fields it changed. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  changes: Record<string, unknown> | null;
}

export interface NewAuditEntry {
  actorId: string | null;
  actorLogin: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  changes: Record<string, unknown> | null;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Inclusive lower bound, an ISO date or instant. */
  from?: string;
  /** Exclusive upper bound. */
  to?: string;
}

const COLUMNS = `id::text AS id, at, actor_id AS "actorId", actor_login AS "actorLogin", action, entity,
  entity_id AS "entityId", ip, request_id AS "requestId", changes`;

/** audit_log: append-only (the database refuses updates and deletes). */
@Injectable()
export class AuditLogRepository extends Repository {
  async insert(e: NewAuditEntry): Promise<void> {
    await this.rows(
      `INSERT INTO audit_log (actor_id, actor_login, action, entity, entity_id, ip, request_id, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.actorId, e.actorLogin, e.action, e.entity, e.entityId, e.ip, e.requestId, e.changes ? JSON.stringify(e.changes) : null],
    );
  }

  /** Newest first. */
  list(f: AuditFilter, page: PageRequest): Promise<{ items: AuditEntry[]; total: number }> {
    const w = new Where()
      .and((p) => `entity = ${p(f.entity)}`, f.entity)
      .and((p) => `entity_id = ${p(f.entityId)}`, f.entityId)
      .and((p) => `actor_id = ${p(f.actorId)}`, f.actorId)
      .and((p) => `action = ${p(f.action)}`, f.action)
      .and((p) => `at >= ${p(f.from)}::timestamptz`, f.from)
      .and((p) => `at < ${p(f.to)}::timestamptz`, f.to);
    return this.page<AuditEntry>(COLUMNS, 'audit_log', w, 'id DESC', page);
  }
}
