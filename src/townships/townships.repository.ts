import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { chunks } from '../platform/database/chunks';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const townshipTable = tableShape('township', {
  id: 'uuid',
  code: 'character varying(32)',
  name: 'character varying(100)',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** 乡镇 */
export interface Township {
  id: string;
  code: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TownshipFilter {
  /** Part of the code or the name. */
  text?: string;
}

const COLUMNS = 'id, code, name, created_at AS "createdAt", updated_at AS "updatedAt"';

@Injectable()
export class TownshipsRepository extends Repository {
  async insert(t: { code: string; name: string }): Promise<Township> {
    return (await this.one<Township>(`INSERT INTO township (code, name) VALUES ($1, $2) RETURNING ${COLUMNS}`, [t.code, t.name]))!;
  }

  /** Many townships in one statement (the import's bulk path); their ids by code. */
  async insertMany(ts: Array<{ code: string; name: string }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(ts)) {
      const rows = await this.rows<{ id: string; code: string }>(
        'INSERT INTO township (code, name) SELECT * FROM unnest($1::text[], $2::text[]) RETURNING id, code',
        [part.map((t) => t.code), part.map((t) => t.name)],
      );
      for (const r of rows) out.set(r.code, r.id);
    }
    return out;
  }

  async update(id: string, t: { name: string }): Promise<Township> {
    return (await this.one<Township>(`UPDATE township SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [
      id,
      t.name,
    ]))!;
  }

  async findById(id: string, lock = false): Promise<Township | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Township>(`SELECT ${COLUMNS} FROM township WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async findByCode(code: string): Promise<Township | undefined> {
    return this.one<Township>(`SELECT ${COLUMNS} FROM township WHERE code = $1`, [code]);
  }

  list(f: TownshipFilter, page: PageRequest): Promise<{ items: Township[]; total: number }> {
    return this.page<Township>(COLUMNS, 'township', new Where().search(['code', 'name'], f.text), 'code', page);
  }
}
