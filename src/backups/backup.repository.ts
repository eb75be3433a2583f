import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { GENESIS } from '../core/ledger';
import { MIGRATIONS_TABLE } from '../platform/database/data-source';
import { Repository } from '../platform/database/repository';
import type { Digest, ProjectDigest } from './backup-manifest';

/** A table of the schema as backup and restore see it. */
export interface TableInfo {
  name: string;
  /** Stored columns in their order (generated ones are left out: PostgreSQL computes them). */
  columns: string[];
  /** Primary-key columns, for a stable row order; empty when there is none. */
  key: string[];
  /** The other tables its foreign keys name. */
  references: string[];
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * What backup and restore read: the catalog, the migrations applied, the chains' ends, and every table's rows
 * through COPY. It owns no table: a backup reads them all (docs/architecture.md, "backups"). Call inside a
 * transaction: COPY runs on that transaction's own connection, so it sees the transaction's snapshot.
 */
@Injectable()
export class BackupRepository extends Repository {
  /**
   * Fixes how values are written and read as text for this transaction, so that a backup taken under one setting
   * loads the same under another: instants in UTC, ISO dates, the default interval style, floats exact.
   */
  async portableText(): Promise<void> {
    await this.rows(`SET LOCAL TimeZone = 'UTC'`);
    await this.rows(`SET LOCAL DateStyle = 'ISO, YMD'`);
    await this.rows(`SET LOCAL IntervalStyle = 'postgres'`);
    await this.rows(`SET LOCAL extra_float_digits = 3`);
    await this.rows(`SET LOCAL client_encoding = 'UTF8'`);
  }

  /** The tables of the current schema but TypeORM's migrations table (the manifest lists the migrations instead). */
  async tables(): Promise<TableInfo[]> {
    const rows = await this.rows<TableInfo>(
      `SELECT c.relname AS name,
              ARRAY(SELECT a.attname::text FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                     ORDER BY a.attnum) AS columns,
              ARRAY(SELECT a.attname::text FROM pg_constraint k
                      JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord) ON true
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
                     WHERE k.conrelid = c.oid AND k.contype = 'p' ORDER BY u.ord) AS key,
              ARRAY(SELECT DISTINCT r.relname::text FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
                     WHERE f.conrelid = c.oid AND f.contype = 'f' AND r.oid <> c.oid
                       AND r.relnamespace = c.relnamespace) AS "references"
         FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $1
        ORDER BY c.relname`,
      [MIGRATIONS_TABLE],
    );
    return rows;
  }

  /** The migrations applied, oldest first; none when the schema was never migrated. */
  async migrations(): Promise<string[]> {
    const [exists] = await this.rows<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [ident(MIGRATIONS_TABLE)]);
    if (!exists.found) return [];
    const rows = await this.rows<{ name: string }>(`SELECT name FROM ${ident(MIGRATIONS_TABLE)} ORDER BY id`);
    return rows.map((r) => r.name);
  }

  async serverVersion(): Promise<string> {
    const [row] = await this.rows<{ version: string }>('SELECT version()');
    return row.version;
  }

  /**
   * Every project's chain ends, as ledger_head holds them (a project that never posted has none: genesis). Read at the
   * restored backup's schema too, before it is migrated: the head names its project as book_id (migration Books) or,
   * in older backups, project_id.
   */
  async projectDigests(): Promise<ProjectDigest[]> {
    const rows = await this.rows<{ id: string; code: string; vs: number | null; vh: string | null; es: number | null; eh: string | null }>(
      `SELECT p.id, p.code, h.last_sequence AS vs, h.last_hash AS vh, h.last_event_sequence AS es, h.last_event_hash AS eh
         FROM project p
         LEFT JOIN ledger_head h ON coalesce(to_jsonb(h) ->> 'book_id', to_jsonb(h) ->> 'project_id')::uuid = p.id
        ORDER BY p.code`,
    );
    const digest = (sequence: number | null, hash: string | null): Digest =>
      sequence === null || hash === null ? { sequence: 0, hash: GENESIS } : { sequence: Number(sequence), hash };
    return rows.map((r) => ({ id: r.id, code: r.code, vouchers: digest(r.vs, r.vh), events: digest(r.es, r.eh) }));
  }

  async auditDigest(): Promise<Digest> {
    const [row] = await this.rows<{ sequence: string; hash: string }>(
      'SELECT last_sequence AS sequence, last_hash AS hash FROM audit_head',
    );
    return row ? { sequence: Number(row.sequence), hash: row.hash } : { sequence: 0, hash: GENESIS };
  }

  /** A table's rows in COPY's text format, in the order given; `rowCount` is set on the stream once it ends. */
  async copyOut(table: TableInfo, orderBy: readonly string[]): Promise<Readable & { rowCount: number }> {
    const order = orderBy.length ? ` ORDER BY ${orderBy.map(ident).join(', ')}` : '';
    const sql = `COPY (SELECT ${table.columns.map(ident).join(', ')} FROM ${ident(table.name)}${order}) TO STDOUT`;
    return (await transactionClient(this.db)).query(copyTo(sql));
  }
}

/** The open transaction's own connection: COPY is a protocol of its own that TypeORM does not speak. */
export async function transactionClient(manager: EntityManager): Promise<PoolClient> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('COPY needs an open transaction (Snapshot.read or a restore)');
  return (await runner.connect()) as PoolClient;
}
