import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const yearCloseTable = tableShape('year_close', {
  project_id: 'uuid',
  year: 'integer',
  closed_at: 'timestamp with time zone',
  closed_by: 'character varying(64)',
});

/** A closed year as stored. */
export interface ClosedYear {
  year: number;
  closedAt: Date;
  closedBy: string;
}

/**
 * year_close: the years of a project closed against any further voucher (the
 * voucher trigger enforces it too). Closed years run without a gap from the
 * project's first year (year-close.service.ts), so the latest says it all.
 */
@Injectable()
export class YearCloseRepository extends Repository {
  /** The earliest of these years that is closed, if any. */
  async firstClosed(projectId: string, years: number[]): Promise<number | undefined> {
    const row = await this.one<{ year: number }>(
      'SELECT year FROM year_close WHERE project_id = $1 AND year = ANY($2::int[]) ORDER BY year LIMIT 1',
      [projectId, years],
    );
    return row?.year;
  }

  async isClosed(projectId: string, year: number): Promise<boolean> {
    return (await this.firstClosed(projectId, [year])) !== undefined;
  }

  /** The latest closed year of the project, if any. */
  async latestClosed(projectId: string): Promise<number | undefined> {
    const row = await this.one<{ year: number | null }>('SELECT max(year) AS year FROM year_close WHERE project_id = $1', [projectId]);
    return row?.year ?? undefined;
  }

  async list(projectId: string): Promise<ClosedYear[]> {
    return this.rows<ClosedYear>(
      'SELECT year, closed_at AS "closedAt", closed_by AS "closedBy" FROM year_close WHERE project_id = $1 ORDER BY year',
      [projectId],
    );
  }

  async insert(projectId: string, year: number, closedBy: string): Promise<void> {
    await this.rows('INSERT INTO year_close (project_id, year, closed_by) VALUES ($1, $2, $3)', [projectId, year, closedBy]);
  }

  /** Reopens the year (反结账): vouchers dated inside it are accepted again. */
  async delete(projectId: string, year: number): Promise<void> {
    await this.rows('DELETE FROM year_close WHERE project_id = $1 AND year = $2', [projectId, year]);
  }

  /** Whether the year has a recorded result (year_result belongs to the results module, read here only). */
  async hasResult(projectId: string, year: number): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM year_result WHERE project_id = $1 AND year = $2', [projectId, year])).length > 0;
  }
}
