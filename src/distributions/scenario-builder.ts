import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '../core/errors';
import { findByIdOrFail } from '../database/lookups';
import { PoliciesService } from '../policies/policies.service';
import { Project } from '../projects/project.entity';
import { YearResult } from '../results/year-result.entity';
import { DeficitReader } from './deficit-reader';

/** The rulebook's scenario document for a project and year, exactly as `distribute` (and the CLI) take it. */
export interface ScenarioDocument {
  project: { code: string; name: string };
  year: number;
  policy: Record<string, unknown>;
  villages: Array<{ code: string; name: string }>;
  contributions: Array<{ village: string; date: string; amount: string }>;
  result: { revenue: string; costs: string };
  deficitBroughtForward: string;
}

/**
 * Builds the scenario from the stored records: the participants, every capital
 * event up to the year's end, the year's result, the policy in force and the
 * deficit brought forward. Anyone can feed the document to `npm run distribute`
 * and get the same result.
 */
@Injectable()
export class ScenarioBuilder {
  constructor(private readonly policies: PoliciesService, private readonly deficit: DeficitReader) {}

  async build(m: EntityManager, projectId: string, year: number): Promise<ScenarioDocument> {
    const project = await findByIdOrFail(m, Project, 'project', projectId);
    const result = await m.findOne(YearResult, { where: { projectId, year } });
    if (!result) throw new NotFoundError('result for year', String(year));
    const policy = await this.policies.inForce(projectId, year, m);
    const villages: Array<{ code: string; name: string }> = await m.query(
      `SELECT v.code, v.name FROM project_village pv JOIN village v ON v.id = pv.village_id
        WHERE pv.project_id = $1 ORDER BY v.code COLLATE "C"`, [projectId],
    );
    const contributions: Array<{ village: string; date: string; amount: string }> = await m.query(
      `SELECT v.code AS village, to_char(e.event_date, 'YYYY-MM-DD') AS date, e.amount::text AS amount
         FROM capital_event e JOIN village v ON v.id = e.village_id
        WHERE e.project_id = $1 AND e.event_date <= make_date($2, 12, 31)
        ORDER BY e.event_date, v.code COLLATE "C", e.created_at, e.id`, [projectId, year],
    );
    return {
      project: { code: project.code, name: project.name },
      year,
      policy: policy.document,
      villages,
      contributions,
      result: { revenue: result.revenue, costs: result.costs },
      deficitBroughtForward: await this.deficit.broughtForward(m, projectId, year),
    };
  }
}
