import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runScenario } from '../core/distribution';
import { findByIdOrFail } from '../database/lookups';
import { digestOf } from '../ledger/ledger-reader';
import { Project } from '../projects/project.entity';
import { findRun, listRuns, runView } from './run-record';

/** Reading runs, and proving a stored run reproduces: its scenario run again must give the same bytes. */
@Injectable()
export class RunsQueries {
  constructor(private readonly db: DataSource) {}

  async list(projectId: string, year?: number) {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    return (await listRuns(this.db.manager, projectId, year)).map((r) => runView(r, false));
  }

  async get(projectId: string, id: string) {
    return runView(await findRun(this.db.manager, projectId, id));
  }

  async recompute(projectId: string, id: string) {
    const run = await findRun(this.db.manager, projectId, id);
    const again = JSON.stringify(runScenario(JSON.parse(run.scenarioJson)));
    const recomputed = JSON.parse(again);
    return {
      runId: id,
      status: run.status,
      identical: again === run.resultJson,
      inputsHash: { stored: run.inputsHash, recomputed: recomputed.inputsHash },
      resultHash: { stored: run.resultHash, recomputed: recomputed.resultHash },
      digest: await digestOf(this.db.manager, projectId),
    };
  }
}
