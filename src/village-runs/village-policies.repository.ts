import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const villagePolicyTable = tableShape('village_policy', {
  id: 'uuid',
  village_id: 'uuid',
  effective_from_year: 'integer',
  version: 'integer',
  document: 'jsonb',
  memo: 'character varying(500)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** A village's distribution policy to its members, in force from `effectiveFromYear` until the next version. */
export interface VillagePolicyRow {
  id: string;
  villageId: string;
  effectiveFromYear: number;
  /** 1 when created, one more at each change. */
  version: number;
  /** The policy document (validated by parseVillagePolicy before it is stored). */
  document: Record<string, unknown>;
  memo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `p.id, p.village_id AS "villageId", p.effective_from_year AS "effectiveFromYear", p.version, p.document, p.memo,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

@Injectable()
export class VillagePoliciesRepository extends Repository {
  async insert(villageId: string, fromYear: number, document: Record<string, unknown>, memo: string | null): Promise<VillagePolicyRow> {
    return (await this.one<VillagePolicyRow>(
      `INSERT INTO village_policy AS p (village_id, effective_from_year, document, memo)
       VALUES ($1, $2, $3::jsonb, $4) RETURNING ${COLUMNS}`,
      [villageId, fromYear, JSON.stringify(document), memo],
    ))!;
  }

  async update(id: string, document: Record<string, unknown>, memo: string | null): Promise<VillagePolicyRow> {
    return (await this.one<VillagePolicyRow>(
      `UPDATE village_policy AS p SET document = $2::jsonb, memo = $3, version = p.version + 1, updated_at = now()
        WHERE p.id = $1 RETURNING ${COLUMNS}`,
      [id, JSON.stringify(document), memo],
    ))!;
  }

  /**
   * Locks every version of the village (FOR UPDATE) until the transaction ends: a change of the versions waits for a
   * posting that read them (`inForce(…, true)`, FOR SHARE) and the other way round.
   */
  async lockVillage(villageId: string): Promise<void> {
    await this.rows(`SELECT p.id FROM village_policy p WHERE p.village_id = $1 ORDER BY p.effective_from_year FOR UPDATE`, [villageId]);
  }

  findByYear(villageId: string, effectiveFromYear: number): Promise<VillagePolicyRow | undefined> {
    return this.one<VillagePolicyRow>(`SELECT ${COLUMNS} FROM village_policy p WHERE p.village_id = $1 AND p.effective_from_year = $2`, [
      villageId,
      effectiveFromYear,
    ]);
  }

  /**
   * The latest version taking effect in or before the year. With `share`, the village's versions stay locked FOR
   * SHARE until the transaction ends, so none can change under a run being posted.
   */
  async inForce(villageId: string, year: number, share = false): Promise<VillagePolicyRow | undefined> {
    if (share)
      await this.rows(`SELECT p.id FROM village_policy p WHERE p.village_id = $1 ORDER BY p.effective_from_year FOR SHARE`, [villageId]);
    return this.one<VillagePolicyRow>(
      `SELECT ${COLUMNS} FROM village_policy p WHERE p.village_id = $1 AND p.effective_from_year <= $2
        ORDER BY p.effective_from_year DESC LIMIT 1`,
      [villageId, year],
    );
  }

  /** The first year after `year` in which a later version takes effect: where the version in force for `year` stops. */
  async nextVersionYear(villageId: string, year: number): Promise<number | undefined> {
    const row = await this.one<{ year: number | null }>(
      `SELECT min(p.effective_from_year) AS year FROM village_policy p WHERE p.village_id = $1 AND p.effective_from_year > $2`,
      [villageId, year],
    );
    return row?.year ?? undefined;
  }

  /** The village's versions in year order. */
  list(villageId: string): Promise<VillagePolicyRow[]> {
    return this.rows<VillagePolicyRow>(`SELECT ${COLUMNS} FROM village_policy p WHERE p.village_id = $1 ORDER BY p.effective_from_year`, [
      villageId,
    ]);
  }

  /**
   * "A version a posted run used cannot change": the village's first posted, unreversed member distribution run of a
   * year in [fromYear, untilYear) (untilYear undefined: no end), i.e. one the version taking effect in `fromYear`
   * governs. It reads the village runs' table (village_run, owned by VillageRunsRepository).
   */
  firstPostedRun(villageId: string, fromYear: number, untilYear: number | undefined): Promise<{ id: string; year: number } | undefined> {
    return this.one<{ id: string; year: number }>(
      `SELECT r.id, r.year FROM village_run r
        WHERE r.village_id = $1 AND r.status = 'posted' AND r.year >= $2 AND ($3::int IS NULL OR r.year < $3)
        ORDER BY r.year LIMIT 1`,
      [villageId, fromYear, untilYear ?? null],
    );
  }
}
