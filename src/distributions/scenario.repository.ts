import { Injectable } from '@nestjs/common';
import { Repository } from '../platform/database/repository';

/**
 * The stored records a scenario document is built from. Read-only, across
 * tables other modules own (project_village, village, capital_event,
 * year_result): this module writes none of them.
 */
@Injectable()
export class ScenarioRepository extends Repository {
  /** The project's participants, by code in byte order (as the rulebook sorts them). */
  villages(projectId: string): Promise<Array<{ code: string; name: string }>> {
    return this.rows(
      `SELECT v.code, v.name FROM project_village pv JOIN village v ON v.id = pv.village_id
        WHERE pv.project_id = $1 ORDER BY v.code COLLATE "C"`,
      [projectId],
    );
  }

  /** Every capital event dated up to the year's end, in the order the rulebook replays them. */
  contributions(projectId: string, year: number): Promise<Array<{ village: string; date: string; amount: string }>> {
    return this.rows(
      `SELECT v.code AS village, to_char(e.event_date, 'YYYY-MM-DD') AS date, e.amount::text AS amount
         FROM capital_event e JOIN village v ON v.id = e.village_id
        WHERE e.project_id = $1 AND e.event_date <= make_date($2, 12, 31)
        ORDER BY e.event_date, v.code COLLATE "C", e.created_at, e.id`,
      [projectId, year],
    );
  }

  /** The year's recorded result, if any. */
  yearResult(projectId: string, year: number): Promise<{ revenue: string; costs: string } | undefined> {
    return this.one('SELECT revenue::text AS revenue, costs::text AS costs FROM year_result WHERE project_id = $1 AND year = $2', [
      projectId,
      year,
    ]);
  }
}
