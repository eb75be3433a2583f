import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const yearResultTable = tableShape('year_result', {
  id: 'uuid',
  project_id: 'uuid',
  year: 'integer',
  revenue: 'numeric(15,2)',
  costs: 'numeric(15,2)',
  mushroom_logs: 'bigint?',
  fresh_kg: 'numeric(15,3)?',
  dried_kg: 'numeric(15,3)?',
  jobs: 'integer?',
  wages_paid: 'numeric(15,2)?',
  memo: 'character varying(500)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** A project's year: its result (revenue, costs) and its output. Amounts and kilograms are decimal strings. */
export interface YearResult {
  id: string;
  projectId: string;
  year: number;
  revenue: string;
  costs: string;
  /** 菌棒, a bigint as a decimal string */
  mushroomLogs: string | null;
  freshKg: string | null;
  driedKg: string | null;
  jobs: number | null;
  wagesPaid: string | null;
  memo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a result is written with; project and year never change. */
export type YearResultFields = Omit<YearResult, 'id' | 'projectId' | 'year' | 'createdAt' | 'updatedAt'>;

const COLUMNS = `r.id, r.project_id AS "projectId", r.year, r.revenue::text AS revenue, r.costs::text AS costs,
  r.mushroom_logs::text AS "mushroomLogs", r.fresh_kg::text AS "freshKg", r.dried_kg::text AS "driedKg", r.jobs,
  r.wages_paid::text AS "wagesPaid", r.memo, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

@Injectable()
export class ResultsRepository extends Repository {
  async insert(projectId: string, year: number, r: YearResultFields): Promise<YearResult> {
    const { id } = (await this.one<{ id: string }>(
      `INSERT INTO year_result (project_id, year, revenue, costs, mushroom_logs, fresh_kg, dried_kg, jobs, wages_paid, memo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [projectId, year, r.revenue, r.costs, r.mushroomLogs, r.freshKg, r.driedKg, r.jobs, r.wagesPaid, r.memo],
    ))!;
    return (await this.findById(id))!;
  }

  async update(id: string, r: YearResultFields): Promise<YearResult> {
    await this.rows(
      `UPDATE year_result SET revenue = $2, costs = $3, mushroom_logs = $4, fresh_kg = $5, dried_kg = $6, jobs = $7, wages_paid = $8,
              memo = $9, updated_at = now()
        WHERE id = $1`,
      [id, r.revenue, r.costs, r.mushroomLogs, r.freshKg, r.driedKg, r.jobs, r.wagesPaid, r.memo],
    );
    return (await this.findById(id))!;
  }

  findById(id: string): Promise<YearResult | undefined> {
    return this.one<YearResult>(`SELECT ${COLUMNS} FROM year_result r WHERE r.id = $1`, [id]);
  }

  /** The project's result for a year; with `lock`, its row stays locked until the transaction ends. */
  findByYear(projectId: string, year: number, lock = false): Promise<YearResult | undefined> {
    return this.one<YearResult>(
      `SELECT ${COLUMNS} FROM year_result r WHERE r.project_id = $1 AND r.year = $2${lock ? ' FOR UPDATE' : ''}`,
      [projectId, year],
    );
  }

  /** The project's results in year order. */
  list(projectId: string): Promise<YearResult[]> {
    return this.rows<YearResult>(`SELECT ${COLUMNS} FROM year_result r WHERE r.project_id = $1 ORDER BY r.year`, [projectId]);
  }
}
