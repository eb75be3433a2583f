import { Injectable } from '@nestjs/common';
import { PageRequest, Repository, tableShape, Where } from '../database/repository';
import { AuditContent, auditHash, AuditRecord } from './audit-chain';

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
  sequence: 'bigint?',
  prev_hash: 'character(64)?',
  hash: 'character(64)?',
});

export const auditHeadTable = tableShape('audit_head', {
  id: 'boolean',
  last_sequence: 'bigint',
  last_hash: 'character(64)',
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

/** What a writer supplies; the id, the time and the chain links are the database's and the repository's. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Inclusive lower bound: an instant, or a date (from the start of that day in Beijing time). */
  from?: string;
  /** Inclusive upper bound: an instant, or a date (to the end of that day in Beijing time, as the journal's `to`). */
  to?: string;
}

/** A bare date names a day in Beijing time (UTC+8 all year), as the journal's dates do. */
const isDate = (value: string | undefined) => value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value);
const dayStart = (date: string) => `${date}T00:00:00+08:00`;

const COLUMNS = `id::text AS id, at, actor_id AS "actorId", actor_login AS "actorLogin", action, entity,
  entity_id AS "entityId", ip, request_id AS "requestId", changes`;

const CHAINED_COLUMNS = `id::text AS id, sequence::text AS sequence, at, actor_id AS "actorId", actor_login AS "actorLogin", action,
  entity, entity_id AS "entityId", ip, request_id AS "requestId", changes, prev_hash AS "prevHash", hash`;

/**
 * audit_log: append-only (the database refuses updates and deletes) and
 * hash-chained (audit-chain.ts). audit_head holds the chain's end; every
 * append locks it, so appends from all projects queue there (docs/ledger.md,
 * "The audit chain", on the cost).
 */
@Injectable()
export class AuditLogRepository extends Repository {
  /**
   * Appends an entry at the end of the chain. Call it inside a transaction:
   * the head stays locked until commit, so the next append sees this one.
   */
  async insert(e: NewAuditEntry): Promise<void> {
    const head = (await this.one<{ sequence: string; hash: string; at: Date }>(
      `SELECT last_sequence::text AS sequence, last_hash AS hash, date_trunc('milliseconds', clock_timestamp()) AS at
         FROM audit_head FOR UPDATE`,
    ))!;
    const json = e.changes ? JSON.stringify(e.changes) : null;
    const content: AuditContent = {
      sequence: Number(head.sequence) + 1,
      at: head.at.toISOString(),
      actorId: e.actorId,
      actorLogin: e.actorLogin,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      ip: e.ip,
      requestId: e.requestId,
      // Hashed as it will read back from jsonb: what JSON keeps of it.
      changes: json === null ? null : (JSON.parse(json) as unknown),
    };
    const hash = auditHash(head.hash, content);
    await this.rows(
      `INSERT INTO audit_log (at, actor_id, actor_login, action, entity, entity_id, ip, request_id, changes, sequence, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [content.at, e.actorId, e.actorLogin, e.action, e.entity, e.entityId, e.ip, e.requestId, json, content.sequence, head.hash, hash],
    );
    await this.rows('UPDATE audit_head SET last_sequence = $1, last_hash = $2', [content.sequence, hash]);
  }

  /** The end of the chain as audit_head records it. */
  async head(): Promise<{ sequence: number; hash: string }> {
    const row = (await this.one<{ sequence: string; hash: string }>(
      'SELECT last_sequence::text AS sequence, last_hash AS hash FROM audit_head',
    ))!;
    return { sequence: Number(row.sequence), hash: row.hash };
  }

  /** Up to `limit` chained entries after `afterSequence`, in sequence order. */
  async chained(afterSequence: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.rows<Omit<AuditRecord, 'sequence' | 'at'> & { sequence: string; at: Date }>(
      `SELECT ${CHAINED_COLUMNS} FROM audit_log a WHERE a.sequence > $1 ORDER BY a.sequence LIMIT $2`,
      [afterSequence, limit],
    );
    return rows.map((r) => ({ ...r, sequence: Number(r.sequence), at: r.at.toISOString() }));
  }

  /** An unchained entry (sequence NULL) written after the chain began: only entries from before the upgrade may lack one. */
  async unchainedAfterChainStart(): Promise<string | undefined> {
    const row = await this.one<{ id: string }>(
      `SELECT id::text AS id FROM audit_log WHERE sequence IS NULL
          AND id > (SELECT min(id) FROM audit_log WHERE sequence IS NOT NULL) ORDER BY id LIMIT 1`,
    );
    return row?.id;
  }

  /** Newest first. */
  list(f: AuditFilter, page: PageRequest): Promise<{ items: AuditEntry[]; total: number }> {
    const w = new Where()
      .and((p) => `entity = ${p(f.entity)}`, f.entity)
      .and((p) => `entity_id = ${p(f.entityId)}`, f.entityId)
      .and((p) => `actor_id = ${p(f.actorId)}`, f.actorId)
      .and((p) => `action = ${p(f.action)}`, f.action)
      .and((p) => `at >= ${p(isDate(f.from) ? dayStart(f.from!) : f.from)}::timestamptz`, f.from)
      .and((p) => (isDate(f.to) ? `at < ${p(dayStart(f.to!))}::timestamptz + interval '1 day'` : `at <= ${p(f.to)}::timestamptz`), f.to);
    return this.page<AuditEntry>(COLUMNS, 'audit_log', w, 'id DESC', page);
  }
}
