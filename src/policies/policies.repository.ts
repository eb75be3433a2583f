import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const distributionPolicyTable = tableShape('distribution_policy', {
  id: 'uuid',
  project_id: 'uuid',
  effective_from_year: 'integer',
  document: 'jsonb',
  memo: 'character varying(500)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** A project's distribution policy, in force from `effectiveFromYear` until the next version. */
export interface DistributionPolicy {
  id: string;
  projectId: string;
  effectiveFromYear: number;
  /** The policy document of the rulebook, as recorded (validated by parsePolicy before it is stored). */
  document: Record<string, unknown>;
  memo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `d.id, d.project_id AS "projectId", d.effective_from_year AS "effectiveFromYear", d.document, d.memo,
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;

@Injectable()
export class PoliciesRepository extends Repository {
  async insert(projectId: string, fromYear: number, document: Record<string, unknown>, memo: string | null): Promise<DistributionPolicy> {
    return (await this.one<DistributionPolicy>(
      `INSERT INTO distribution_policy AS d (project_id, effective_from_year, document, memo)
       VALUES ($1, $2, $3::jsonb, $4) RETURNING ${COLUMNS}`,
      [projectId, fromYear, JSON.stringify(document), memo],
    ))!;
  }

  async update(id: string, document: Record<string, unknown>, memo: string | null): Promise<DistributionPolicy> {
    return (await this.one<DistributionPolicy>(
      `UPDATE distribution_policy AS d SET document = $2::jsonb, memo = $3, updated_at = now() WHERE d.id = $1 RETURNING ${COLUMNS}`,
      [id, JSON.stringify(document), memo],
    ))!;
  }

  /** The version taking effect in that year; with `lock`, its row stays locked until the transaction ends. */
  findByYear(projectId: string, effectiveFromYear: number, lock = false): Promise<DistributionPolicy | undefined> {
    return this.one<DistributionPolicy>(
      `SELECT ${COLUMNS} FROM distribution_policy d WHERE d.project_id = $1 AND d.effective_from_year = $2${lock ? ' FOR UPDATE' : ''}`,
      [projectId, effectiveFromYear],
    );
  }

  /** The latest version taking effect in or before the year. */
  inForce(projectId: string, year: number): Promise<DistributionPolicy | undefined> {
    return this.one<DistributionPolicy>(
      `SELECT ${COLUMNS} FROM distribution_policy d WHERE d.project_id = $1 AND d.effective_from_year <= $2
        ORDER BY d.effective_from_year DESC LIMIT 1`,
      [projectId, year],
    );
  }

  /** The first year after `year` in which a later version takes effect: where the version in force for `year` stops. */
  async nextVersionYear(projectId: string, year: number): Promise<number | undefined> {
    const row = await this.one<{ year: number }>(
      `SELECT min(d.effective_from_year) AS year FROM distribution_policy d WHERE d.project_id = $1 AND d.effective_from_year > $2`,
      [projectId, year],
    );
    return row?.year ?? undefined;
  }

  /** The project's versions in year order. */
  list(projectId: string): Promise<DistributionPolicy[]> {
    return this.rows<DistributionPolicy>(
      `SELECT ${COLUMNS} FROM distribution_policy d WHERE d.project_id = $1 ORDER BY d.effective_from_year`,
      [projectId],
    );
  }
}
