import { Injectable } from '@nestjs/common';
import { Repository, Where } from '../platform/database/repository';

/**
 * "A posted run exists", defined once: a run whose status is 'posted' (a
 * reversal sets 'reversed', so posted means unreversed; a partial unique index
 * allows one per project and year). distribution_run belongs to RunsRepository
 * (src/runs), but capital, results and distributions sit below runs and must
 * ask too, so the question is answered here, with the books.
 */
export function postedRun(alias: string): string {
  return `${alias}.status = 'posted'`;
}

/** Which years to look at: exactly `year`, `from` a year on, or `after` a year. */
export interface RunYears {
  year?: number;
  from?: number;
  after?: number;
}

/** Reads of distribution_run that lower modules need: which years a posted run has distributed. */
@Injectable()
export class PostedRunsRepository extends Repository {
  /** The earliest posted run of the project in those years. */
  async first(projectId: string, years: RunYears): Promise<{ id: string; year: number } | undefined> {
    const w = new Where()
      .and((p) => `r.project_id = ${p(projectId)}`)
      .and(() => postedRun('r'))
      .and((p) => `r.year = ${p(years.year)}`, years.year)
      .and((p) => `r.year >= ${p(years.from)}`, years.from)
      .and((p) => `r.year > ${p(years.after)}`, years.after);
    return this.one(`SELECT r.id, r.year FROM distribution_run r ${w.sql} ORDER BY r.year LIMIT 1`, w.params);
  }

  /** Whether a run of a year before this one was ever posted (reversed since or not): the books have been distributed from. */
  async everPostedBefore(projectId: string, year: number): Promise<boolean> {
    const rows = await this.rows(
      `SELECT 1 FROM distribution_run r WHERE r.project_id = $1 AND r.year < $2 AND (${postedRun('r')} OR r.status = 'reversed') LIMIT 1`,
      [projectId, year],
    );
    return rows.length > 0;
  }
}
