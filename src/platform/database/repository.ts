import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';

/** The transaction host every repository and service shares (see docs/architecture.md, "Transactions"). */
export type Tx = TransactionHost<TransactionalAdapterTypeOrm>;

/**
 * The one place SQL runs. Each table belongs to exactly one repository, which
 * declares the table's columns (`TableShape`, checked against the migrated
 * schema by test/integration/schema.spec.ts) and maps rows to plain records.
 * Queries run on the current transaction when one is open (`@Transactional()`
 * on the service method), else on the pool.
 */
@Injectable()
export abstract class Repository {
  // Spelled out, not `Tx`: swc's decorator metadata cannot see through a type alias.
  constructor(protected readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  protected get db(): EntityManager {
    return this.txHost.tx;
  }

  /** The rows a statement returns (for UPDATE and DELETE too: TypeORM answers those with [rows, count]). */
  protected async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result: unknown = await this.db.query(sql, params);
    if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
    return result as T[];
  }

  protected async one<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    const [row] = await this.rows<T>(sql, params);
    return row;
  }

  /** One page of `SELECT <columns> FROM <from> <where> ORDER BY <orderBy>`, and the count of all matching rows. */
  protected async page<T>(
    columns: string,
    from: string,
    w: Where,
    orderBy: string,
    page: PageRequest,
  ): Promise<{ items: T[]; total: number }> {
    const [{ total }] = await this.rows<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} ${w.sql}`, w.params);
    const items = await this.rows<T>(`SELECT ${columns} FROM ${from} ${w.sql} ORDER BY ${orderBy} ${limitOffset(w, page)}`, w.params);
    return { items, total };
  }
}

/** A table's columns as PostgreSQL's `format_type` names them, `?` marking a nullable one. */
export interface TableShape {
  table: string;
  columns: Record<string, string>;
}

export function tableShape(table: string, columns: Record<string, string>): TableShape {
  return { table, columns };
}

/**
 * A typed filter turned into a WHERE clause: values become numbered
 * placeholders in the order they are added, so no caller counts `$n`.
 *
 *   const w = new Where().and((p) => `v.township_id = ${p(q.townshipId)}`, q.townshipId);
 *   rows(`SELECT … FROM village v ${w.sql}`, w.params)
 */
export class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  constructor(initial: unknown[] = []) {
    this.params.push(...initial);
  }

  /** Adds a condition; with `when` given, only when it is neither undefined nor null. */
  and(condition: (p: (value: unknown) => string) => string, ...when: unknown[]): this {
    if (when.length && when.some((v) => v === undefined || v === null)) return this;
    this.parts.push(`(${condition((value) => this.param(value))})`);
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A text search over columns: each `ILIKE '%text%'`, escaped, any of them matching. */
  search(columns: string[], text: string | undefined): this {
    if (text === undefined || text === '') return this;
    return this.and((p) => {
      const pattern = p(`%${likeEscape(text)}%`);
      return columns.map((c) => `${c} ILIKE ${pattern}`).join(' OR ');
    });
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Page number and size as lists take them. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

function limitOffset(w: Where, q: PageRequest): string {
  return `LIMIT ${w.param(q.pageSize)} OFFSET ${w.param((q.page - 1) * q.pageSize)}`;
}

/** Escapes % _ and \ for a LIKE pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}
