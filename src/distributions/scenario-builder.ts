import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../core/errors';
import { PoliciesService } from '../policies/policies.service';
import { ProjectsService } from '../projects/projects.service';
import { DeficitReader } from './deficit-reader';
import { ScenarioRepository } from './scenario.repository';

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
  constructor(
    private readonly records: ScenarioRepository,
    private readonly projects: ProjectsService,
    private readonly policies: PoliciesService,
    private readonly deficit: DeficitReader,
  ) {}

  async build(projectId: string, year: number): Promise<ScenarioDocument> {
    const project = await this.projects.get(projectId);
    const result = await this.records.yearResult(projectId, year);
    if (!result) throw new NotFoundError('result for year', String(year));
    const policy = await this.policies.inForce(projectId, year);
    return {
      project: { code: project.code, name: project.name },
      year,
      policy: policy.document,
      villages: await this.records.villages(projectId),
      contributions: await this.records.contributions(projectId, year),
      result,
      deficitBroughtForward: await this.deficit.broughtForward(projectId, year),
    };
  }
}
