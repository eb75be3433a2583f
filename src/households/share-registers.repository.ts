import { Injectable } from '@nestjs/common';
import { chunks } from '../platform/database/chunks';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

export const shareRegisterTable = tableShape('share_register', {
  id: 'uuid',
  village_id: 'uuid',
  registered_on: 'date',
  memo: 'character varying(500)?',
  created_by: 'uuid?',
  created_by_login: 'character varying(64)',
  created_at: 'timestamp with time zone',
});

export const shareKindTable = tableShape('share_kind', {
  register_id: 'uuid',
  code: 'character varying(32)',
  name: 'character varying(50)',
  position: 'integer',
});

export const shareHoldingTable = tableShape('share_holding', {
  register_id: 'uuid',
  household_id: 'uuid',
  kind: 'character varying(32)',
  units: 'numeric(18,6)',
});

/** A version of the village's share register (股权登记), as of its registration date (股权固化日). */
export interface ShareRegister {
  id: string;
  villageId: string;
  registeredOn: string;
  memo: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface ShareKind {
  code: string;
  name: string;
}

/** One household's units of one kind; units a decimal string with up to 6 decimals. */
export interface ShareHolding {
  householdId: string;
  householdCode: string;
  headName: string;
  kind: string;
  units: string;
}

/** A register in a list: its counts and its units by kind. */
export interface ShareRegisterSummary extends ShareRegister {
  householdCount: number;
  holdingCount: number;
  totals: Array<{ kind: string; name: string; units: string }>;
}

const COLUMNS = `r.id, r.village_id AS "villageId", to_char(r.registered_on, 'YYYY-MM-DD') AS "registeredOn", r.memo,
  r.created_by_login AS "createdBy", r.created_at AS "createdAt"`;

/** numeric(18,6) as text without trailing zeros ("1.500000" → "1.5", "3.000000" → "3"). */
const UNITS = `trim_scale(h.units)::text`;

@Injectable()
export class ShareRegistersRepository extends Repository {
  async insert(
    villageId: string,
    registeredOn: string,
    memo: string | null,
    by: { userId: string | null; login: string },
    kinds: ShareKind[],
    holdings: Array<{ householdId: string; kind: string; units: string }>,
  ): Promise<string> {
    const { id } = (await this.one<{ id: string }>(
      `INSERT INTO share_register (village_id, registered_on, memo, created_by, created_by_login) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [villageId, registeredOn, memo, by.userId, by.login],
    ))!;
    await this.rows(
      `INSERT INTO share_kind (register_id, code, name, position)
       SELECT $1, k.code, k.name, k.position FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS k(code, name, position)`,
      [id, kinds.map((k) => k.code), kinds.map((k) => k.name)],
    );
    for (const part of chunks(holdings)) {
      await this.rows(
        `INSERT INTO share_holding (register_id, household_id, kind, units)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::numeric[])`,
        [id, part.map((h) => h.householdId), part.map((h) => h.kind), part.map((h) => h.units)],
      );
    }
    return id;
  }

  async findById(villageId: string, id: string): Promise<ShareRegister | undefined> {
    if (!isUuid(id) || !isUuid(villageId)) return undefined;
    return this.one<ShareRegister>(`SELECT ${COLUMNS} FROM share_register r WHERE r.id = $1 AND r.village_id = $2`, [id, villageId]);
  }

  findByDate(villageId: string, registeredOn: string): Promise<ShareRegister | undefined> {
    return this.one<ShareRegister>(`SELECT ${COLUMNS} FROM share_register r WHERE r.village_id = $1 AND r.registered_on = $2`, [
      villageId,
      registeredOn,
    ]);
  }

  /** The version in force on a date: the latest registered on or before it. */
  inForce(villageId: string, date: string): Promise<ShareRegister | undefined> {
    return this.one<ShareRegister>(
      `SELECT ${COLUMNS} FROM share_register r WHERE r.village_id = $1 AND r.registered_on <= $2 ORDER BY r.registered_on DESC LIMIT 1`,
      [villageId, date],
    );
  }

  kinds(registerId: string): Promise<ShareKind[]> {
    return this.rows<ShareKind>(`SELECT k.code, k.name FROM share_kind k WHERE k.register_id = $1 ORDER BY k.position`, [registerId]);
  }

  /** The register's holdings by household code, then by the kinds' order. */
  holdings(registerId: string): Promise<ShareHolding[]> {
    return this.rows<ShareHolding>(
      `SELECT h.household_id AS "householdId", hh.code AS "householdCode", hh.head_name AS "headName", h.kind, ${UNITS} AS units
         FROM share_holding h
         JOIN household hh ON hh.id = h.household_id
         JOIN share_kind k ON k.register_id = h.register_id AND k.code = h.kind
        WHERE h.register_id = $1
        ORDER BY hh.code COLLATE "C", k.position`,
      [registerId],
    );
  }

  /** The village's versions by registration date, with their counts and units by kind. */
  async list(villageId: string): Promise<ShareRegisterSummary[]> {
    const registers = await this.rows<ShareRegister & { householdCount: number; holdingCount: number }>(
      `SELECT ${COLUMNS},
              (SELECT count(DISTINCT h.household_id)::int FROM share_holding h WHERE h.register_id = r.id) AS "householdCount",
              (SELECT count(*)::int FROM share_holding h WHERE h.register_id = r.id) AS "holdingCount"
         FROM share_register r WHERE r.village_id = $1 ORDER BY r.registered_on`,
      [villageId],
    );
    const totals = await this.rows<{ registerId: string; kind: string; name: string; units: string }>(
      `SELECT k.register_id AS "registerId", k.code AS kind, k.name,
              trim_scale(coalesce(sum(h.units), 0))::text AS units
         FROM share_kind k
         JOIN share_register r ON r.id = k.register_id
         LEFT JOIN share_holding h ON h.register_id = k.register_id AND h.kind = k.code
        WHERE r.village_id = $1
        GROUP BY k.register_id, k.code, k.name, k.position
        ORDER BY k.register_id, k.position`,
      [villageId],
    );
    return registers.map((r) => ({
      ...r,
      totals: totals.filter((t) => t.registerId === r.id).map(({ kind, name, units }) => ({ kind, name, units })),
    }));
  }

  /** The latest registration date of a register that holds the household, or undefined when none does. */
  async lastRegisteredWith(householdId: string): Promise<string | undefined> {
    const row = await this.one<{ registered: string | null }>(
      `SELECT to_char(max(r.registered_on), 'YYYY-MM-DD') AS registered
         FROM share_holding h JOIN share_register r ON r.id = h.register_id WHERE h.household_id = $1`,
      [householdId],
    );
    return row?.registered ?? undefined;
  }

  /** The registration dates already taken in these villages (the import's check). */
  datesOf(villageIds: string[]): Promise<Array<{ villageId: string; registeredOn: string }>> {
    return this.rows(
      `SELECT r.village_id AS "villageId", to_char(r.registered_on, 'YYYY-MM-DD') AS "registeredOn"
         FROM share_register r WHERE r.village_id = ANY($1::uuid[])`,
      [villageIds],
    );
  }
}
