import { Injectable } from '@nestjs/common';
import { chunks } from '../platform/database/chunks';
import { isUuid } from '../platform/database/ids';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const householdTable = tableShape('household', {
  id: 'uuid',
  village_id: 'uuid',
  code: 'character varying(32)',
  head_name: 'character varying(50)',
  id_last4: 'character(4)?',
  bank_name: 'character varying(100)?',
  bank_account: 'character varying(30)?',
  joined_on: 'date?',
  left_on: 'date?',
  left_reason: 'character varying(500)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/**
 * 户: a household of a village's collective economic organisation, as stored. `bankAccount` is the whole number: it
 * never leaves the service but through HouseholdsService's unmasked reads (households.service.ts).
 */
export interface Household {
  id: string;
  villageId: string;
  code: string;
  headName: string;
  idLast4: string | null;
  bankName: string | null;
  bankAccount: string | null;
  joinedOn: string | null;
  leftOn: string | null;
  leftReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a household is written with; its village never changes. */
export type HouseholdFields = Pick<
  Household,
  'code' | 'headName' | 'idLast4' | 'bankName' | 'bankAccount' | 'joinedOn' | 'leftOn' | 'leftReason'
>;

export interface HouseholdFilter {
  villageId: string;
  /** Code or head's name contains it. */
  text?: string;
  /** true: only those that have not left; false: only those that have. */
  active?: boolean;
}

/** A household's payee data, unmasked: for a payment file only. */
export interface HouseholdAccount {
  id: string;
  code: string;
  headName: string;
  bankName: string | null;
  bankAccount: string | null;
}

const COLUMNS = `h.id, h.village_id AS "villageId", h.code, h.head_name AS "headName", h.id_last4 AS "idLast4",
  h.bank_name AS "bankName", h.bank_account AS "bankAccount", to_char(h.joined_on, 'YYYY-MM-DD') AS "joinedOn",
  to_char(h.left_on, 'YYYY-MM-DD') AS "leftOn", h.left_reason AS "leftReason", h.created_at AS "createdAt", h.updated_at AS "updatedAt"`;

@Injectable()
export class HouseholdsRepository extends Repository {
  async insert(villageId: string, h: HouseholdFields): Promise<Household> {
    const { id } = (await this.one<{ id: string }>(
      `INSERT INTO household (village_id, code, head_name, id_last4, bank_name, bank_account, joined_on, left_on, left_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [villageId, h.code, h.headName, h.idLast4, h.bankName, h.bankAccount, h.joinedOn, h.leftOn, h.leftReason],
    ))!;
    return (await this.findById(villageId, id))!;
  }

  /** Many households in one statement a chunk (the import's bulk path); the ids by village id and code. */
  async insertMany(rows: Array<{ villageId: string } & HouseholdFields>): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const part of chunks(rows)) {
      const column = <K extends keyof (typeof part)[number]>(k: K) => part.map((e) => e[k]);
      const inserted = await this.rows<{ id: string; villageId: string; code: string }>(
        `INSERT INTO household (village_id, code, head_name, id_last4, bank_name, bank_account, joined_on, left_on, left_reason)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::text[])
         RETURNING id, village_id AS "villageId", code`,
        [
          column('villageId'),
          column('code'),
          column('headName'),
          column('idLast4'),
          column('bankName'),
          column('bankAccount'),
          column('joinedOn'),
          column('leftOn'),
          column('leftReason'),
        ],
      );
      for (const r of inserted) ids.set(`${r.villageId}/${r.code}`, r.id);
    }
    return ids;
  }

  async update(id: string, h: HouseholdFields): Promise<Household> {
    const row = (await this.one<{ villageId: string }>(
      `UPDATE household SET code = $2, head_name = $3, id_last4 = $4, bank_name = $5, bank_account = $6, joined_on = $7,
              left_on = $8, left_reason = $9, updated_at = now()
        WHERE id = $1 RETURNING village_id AS "villageId"`,
      [id, h.code, h.headName, h.idLast4, h.bankName, h.bankAccount, h.joinedOn, h.leftOn, h.leftReason],
    ))!;
    return (await this.findById(row.villageId, id))!;
  }

  /** The village's household; with `lock`, its row stays locked until the transaction ends. A malformed id is not found. */
  async findById(villageId: string, id: string, lock = false): Promise<Household | undefined> {
    if (!isUuid(id) || !isUuid(villageId)) return undefined;
    return this.one<Household>(`SELECT ${COLUMNS} FROM household h WHERE h.id = $1 AND h.village_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      id,
      villageId,
    ]);
  }

  /** Whether a share register holds the household: from then on runs and the village's book name it by its code. */
  async isRegistered(id: string): Promise<boolean> {
    const row = await this.one<{ held: boolean }>(`SELECT EXISTS (SELECT 1 FROM share_holding WHERE household_id = $1) AS held`, [id]);
    return row!.held;
  }

  findByCode(villageId: string, code: string): Promise<Household | undefined> {
    return this.one<Household>(`SELECT ${COLUMNS} FROM household h WHERE h.village_id = $1 AND h.code = $2`, [villageId, code]);
  }

  /**
   * The village's households of these codes, their rows shared-locked until the transaction ends: a household
   * cannot leave (a row update) while a register that names it is being written.
   */
  byCodes(villageId: string, codes: string[]): Promise<Household[]> {
    return this.rows<Household>(`SELECT ${COLUMNS} FROM household h WHERE h.village_id = $1 AND h.code = ANY($2::text[]) FOR SHARE`, [
      villageId,
      codes,
    ]);
  }

  /** Every household of these villages, for the import's checks: code, id and the dates that matter. */
  ofVillages(villageIds: string[]): Promise<Household[]> {
    return this.rows<Household>(`SELECT ${COLUMNS} FROM household h WHERE h.village_id = ANY($1::uuid[]) FOR SHARE`, [villageIds]);
  }

  list(f: HouseholdFilter, page: PageRequest): Promise<{ items: Household[]; total: number }> {
    const w = new Where()
      .and((p) => `h.village_id = ${p(f.villageId)}`)
      .search(['h.code', 'h.head_name'], f.text)
      .and(() => (f.active ? 'h.left_on IS NULL' : 'h.left_on IS NOT NULL'), f.active);
    return this.page<Household>(COLUMNS, 'household h', w, 'h.code COLLATE "C"', page);
  }

  /** The payee data of these households of the village, in code order; ids of other villages are left out. */
  accounts(villageId: string, ids: string[]): Promise<HouseholdAccount[]> {
    return this.rows<HouseholdAccount>(
      `SELECT h.id, h.code, h.head_name AS "headName", h.bank_name AS "bankName", h.bank_account AS "bankAccount"
         FROM household h WHERE h.village_id = $1 AND h.id = ANY($2::uuid[]) ORDER BY h.code COLLATE "C"`,
      [villageId, ids.filter(isUuid)],
    );
  }
}
