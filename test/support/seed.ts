/**
 * Seed data for tests and the ledger benchmark: a large park inserted by SQL
 * (fast), then the business events that must reach the books through the
 * services, as named actors.
 */
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../../src/platform/context/actor';
import { ProjectsService } from '../../src/projects/projects.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { uniqueCode } from './test-app';

/** An accountant with an id of their own: maker-checker needs two different ones. */
export function accountant(login: string): Actor {
  return { userId: randomUUID(), login, role: 'accountant', villageId: null };
}

/** A project started 2024-01-01 with one participating village, made through the services; its id and the village's code. */
export async function oneVillageProject(
  app: INestApplicationContext,
  actor: Actor,
  names: { project: string; village: string },
): Promise<{ projectId: string; village: string }> {
  const projects = app.get(ProjectsService);
  const projectId = (await projects.create(actor, { code: uniqueCode('P'), name: names.project, startDate: '2024-01-01' })).id;
  const village = uniqueCode('V');
  await app.get(VillagesService).create(actor, { code: village, name: names.village });
  await projects.addParticipant(actor, projectId, { villageCode: village });
  return { projectId, village };
}

/**
 * A project with n villages (codes `<tag>00001`…), 100,000.00 + i × 7.31 of
 * capital each on 2024-01-01 and a 2024 policy (6% guaranteed, 10% reserve),
 * inserted by SQL; then its 2024 result through the service, so that the books hold it.
 */
export async function seedLargePark(app: INestApplicationContext, db: DataSource, n: number, tag: string): Promise<string> {
  const [{ id: projectId }] = await db.query(`INSERT INTO project (code, name, start_date) VALUES ($1, $2, '2024-01-01') RETURNING id`, [
    `${tag}P`,
    `park ${n}`,
  ]);
  await db.query(
    `WITH v AS (INSERT INTO village (code, name) SELECT $1 || lpad(i::text, 5, '0'), '村' || i FROM generate_series(1, $2) i RETURNING id, code)
     INSERT INTO project_village (project_id, village_id) SELECT $3, id FROM v`,
    [tag, n, projectId],
  );
  await db.query(
    `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind)
     SELECT pv.project_id, pv.village_id, '2024-01-01', 100000 + (row_number() OVER (ORDER BY v.code)) * 7.31, 'cash'
       FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1`,
    [projectId],
  );
  const policy = { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] };
  await db.query(`INSERT INTO distribution_policy (project_id, effective_from_year, document) VALUES ($1, 2024, $2)`, [projectId, policy]);
  const capital = 100000n * BigInt(n);
  await app.get(ResultsService).create(accountant('seed'), projectId, { year: 2024, revenue: `${capital / 5n}.00`, costs: '1000.00' });
  return projectId;
}

/** The park's 2024 run, drafted by one accountant and approved by another. */
export async function approvedRun(app: INestApplicationContext, projectId: string): Promise<string> {
  const runs = app.get(RunsService);
  const draft = await runs.create(accountant('maker'), projectId, 2024);
  await runs.approve(accountant('checker'), projectId, draft.id);
  return draft.id;
}
