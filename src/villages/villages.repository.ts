import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { chunks } from '../platform/database/chunks';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const villageTable = tableShape('village', {
  id: 'uuid',
  code: 'character varying(32)',
  name: 'character varying(100)',
  township_id: 'uuid?',
  credit_code: 'character(18)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** 村集体经济组织: a village's collective economic organisation. */
export interface Village {
  id: string;
  code: string;
  name: string;
  townshipId: string | null;
  /** 统一社会信用代码 */
  creditCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VillageFilter {
  text?: string;
  townshipId?: string;
  projectId?: string;
  /** Only the villages sharing a project with this one (a treasurer's view). */
  sharingProjectWith?: string;
}

const COLUMNS = `v.id, v.code, v.name, v.township_id AS "townshipId", v.credit_code AS "creditCode",
  v.created_at AS "createdAt", v.updated_at AS "updatedAt"`;

@Injectable()
export class VillagesRepository extends Repository {
  async insert(v: Pick<Village, 'code' | 'name' | 'townshipId' | 'creditCode'>): Promise<Village> {
    const { id } = (await this.one<{ id: string }>(
      'INSERT INTO village (code, name, township_id, credit_code) VALUES ($1, $2, $3, $4) RETURNING id',
      [v.code, v.name, v.townshipId, v.creditCode],
    ))!;
    return (await this.findById(id))!;
  }

  /** Many villages in one statement a chunk (the import's bulk path); their ids by code. */
  async insertMany(vs: Array<Pick<Village, 'code' | 'name' | 'townshipId' | 'creditCode'>>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(vs)) {
      const rows = await this.rows<{ id: string; code: string }>(
        `INSERT INTO village (code, name, township_id, credit_code)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) RETURNING id, code`,
        [part.map((v) => v.code), part.map((v) => v.name), part.map((v) => v.townshipId), part.map((v) => v.creditCode)],
      );
      for (const r of rows) out.set(r.code, r.id);
    }
    return out;
  }

  async update(id: string, v: Pick<Village, 'name' | 'townshipId' | 'creditCode'>): Promise<Village> {
    await this.rows('UPDATE village SET name = $2, township_id = $3, credit_code = $4, updated_at = now() WHERE id = $1', [
      id,
      v.name,
      v.townshipId,
      v.creditCode,
    ]);
    return (await this.findById(id))!;
  }

  async findById(id: string, lock = false): Promise<Village | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Village>(`SELECT ${COLUMNS} FROM village v WHERE v.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  async findByCode(code: string): Promise<Village | undefined> {
    return this.one<Village>(`SELECT ${COLUMNS} FROM village v WHERE v.code = $1`, [code]);
  }

  async findByCreditCode(creditCode: string): Promise<Village | undefined> {
    return this.one<Village>(`SELECT ${COLUMNS} FROM village v WHERE v.credit_code = $1`, [creditCode]);
  }

  list(f: VillageFilter, page: PageRequest): Promise<{ items: Village[]; total: number }> {
    const w = new Where()
      .search(['v.code', 'v.name'], f.text)
      .and((p) => `v.township_id = ${p(f.townshipId)}`, f.townshipId)
      .and((p) => `EXISTS (SELECT 1 FROM project_village pv WHERE pv.village_id = v.id AND pv.project_id = ${p(f.projectId)})`, f.projectId)
      .and(
        (p) => `EXISTS (SELECT 1 FROM project_village a JOIN project_village b ON a.project_id = b.project_id
                    WHERE a.village_id = ${p(f.sharingProjectWith)} AND b.village_id = v.id)`,
        f.sharingProjectWith,
      );
    return this.page<Village>(COLUMNS, 'village v', w, 'v.code', page);
  }
}
