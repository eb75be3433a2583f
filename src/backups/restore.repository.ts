import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { Migration, MigrationExecutor } from 'typeorm';
import { MIGRATIONS_TABLE } from '../platform/database/data-source';
import { Repository } from '../platform/database/repository';
import { ident, transactionClient } from './backup.repository';

/**
 * The only writer of backups/: a restore, as the schema's owner, inside its one transaction. It builds the schema
 * with the migrations themselves (schema lives only in migrations/), loads rows through COPY with every constraint
 * and trigger in force, and never disables one: the append-only triggers refuse UPDATE, DELETE and TRUNCATE, and a
 * restore does none of these to a ledger table.
 */
@Injectable()
export class RestoreRepository extends Repository {
  /** Tables of the current schema that hold rows, with their counts; the migrations table and `except` aside. */
  async tablesWithRows(except: string[]): Promise<Array<{ table: string; rows: number }>> {
    const tables = await this.rows<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
          AND relname <> ALL($1) ORDER BY relname`,
      [[MIGRATIONS_TABLE, ...except]],
    );
    const out: Array<{ table: string; rows: number }> = [];
    for (const t of tables) {
      const [{ n }] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`);
      if (n > 0) out.push({ table: t.name, rows: n });
    }
    return out;
  }

  /**
   * Drops every table, view, sequence and function of the current schema (not those of an extension): what was there
   * is either empty or was backed up first (restore --force). Dropping a table fires none of its triggers.
   */
  async dropSchemaObjects(): Promise<void> {
    const statements = await this.rows<{ sql: string }>(
      `SELECT format('DROP %s IF EXISTS %s CASCADE',
                     CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                     c.oid::regclass) AS sql
         FROM pg_class c
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
       UNION ALL
       SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure)
         FROM pg_proc p
        WHERE p.pronamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
    );
    for (const s of statements) await this.rows(s.sql);
  }

  /** The names of this release's migrations, oldest first. */
  knownMigrations(): string[] {
    return this.db.dataSource.migrations.map(migrationName);
  }

  /**
   * Runs these migrations, in this order, in the open transaction, recording each in the migrations table as
   * TypeORM does; without names, every migration not yet recorded. Returns the names run.
   */
  async migrate(names?: string[]): Promise<string[]> {
    const runner = this.db.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('恢复时的迁移必须在恢复的事务中执行（程序错误）');
    const executor = new MigrationExecutor(this.db.dataSource, runner);
    executor.transaction = 'none';
    if (!names) return (await executor.executePendingMigrations()).map((m) => m.name);
    const byName = new Map(this.db.dataSource.migrations.map((m) => [migrationName(m), m]));
    for (const name of names) {
      const instance = byName.get(name);
      if (!instance) throw new Error(`migration ${name} is not one of this release's`);
      await executor.executeMigration(new Migration(undefined, Number(name.slice(-13)), name, instance));
    }
    return names;
  }

  /** Empties a table a migration seeded (audit_head's first row), before its backed-up rows go in. */
  async empty(table: string): Promise<void> {
    await this.rows(`DELETE FROM ${ident(table)}`);
  }

  /** A stream that loads COPY text into the table; `rowCount` is set once it finishes. */
  async copyIn(table: string, columns: string[]): Promise<Writable & { rowCount: number }> {
    return (await transactionClient(this.db)).query(copyFrom(`COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN`));
  }

  /** Moves every serial column's sequence past the largest value loaded, so the next insert gets a new id. */
  async resetSequences(): Promise<void> {
    const serials = await this.rows<{ sequence: string; table: string; column: string }>(
      `SELECT s.oid::regclass::text AS sequence, c.relname AS table, a.attname AS column
         FROM pg_class s
         JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')
         JOIN pg_class c ON c.oid = d.refobjid
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
        WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace`,
    );
    for (const s of serials) {
      await this.rows(`SELECT setval($1::regclass, coalesce(max(${ident(s.column)}), 0) + 1, false) FROM ${ident(s.table)}`, [s.sequence]);
    }
  }
}

function migrationName(m: { name?: string; constructor: { name: string } }): string {
  return m.name ?? m.constructor.name;
}
