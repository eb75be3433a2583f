import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { chunks } from '../platform/database/chunks';
import { Repository, tableShape } from '../platform/database/repository';

export const projectVillageTable = tableShape('project_village', {
  project_id: 'uuid',
  village_id: 'uuid',
  joined_on: 'date?',
  created_at: 'timestamp with time zone',
});

/** A village taking part in a project, with its capital there today. */
export interface Participant {
  villageId: string;
  code: string;
  name: string;
  joinedOn: string | null;
  /** The village's capital in this project today: the sum of all its events (decimal string). */
  capital: string;
}

/** project_village: which villages take part in which project. */
@Injectable()
export class ParticipationRepository extends Repository {
  async insert(projectId: string, villageId: string, joinedOn: string | null): Promise<void> {
    await this.rows('INSERT INTO project_village (project_id, village_id, joined_on) VALUES ($1, $2, $3)', [
      projectId,
      villageId,
      joinedOn,
    ]);
  }

  /** Many villages into one project in one statement (the import's bulk path). */
  async insertMany(projectId: string, villageIds: string[]): Promise<void> {
    for (const part of chunks(villageIds)) {
      await this.rows('INSERT INTO project_village (project_id, village_id) SELECT $1, v FROM unnest($2::uuid[]) AS v', [projectId, part]);
    }
  }

  /**
   * Locks these villages' rows in the project (as lock() does one), in village id order so that two bulk lockers
   * cannot deadlock; the ids of those that take part.
   */
  async lockMany(projectId: string, villageIds: string[]): Promise<Set<string>> {
    const rows = await this.rows<{ id: string }>(
      `SELECT village_id AS id FROM project_village WHERE project_id = $1 AND village_id = ANY($2::uuid[])
        ORDER BY village_id FOR NO KEY UPDATE`,
      [projectId, villageIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  async delete(projectId: string, villageId: string): Promise<void> {
    await this.rows('DELETE FROM project_village WHERE project_id = $1 AND village_id = $2', [projectId, villageId]);
  }

  /** Whether the village takes part in the project. */
  async takesPart(projectId: string, villageId: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = $2', [projectId, villageId])).length > 0;
  }

  /**
   * Locks the village's row in the project until the transaction ends; false when it does not take part.
   * NO KEY UPDATE: it serialises capital changes, yet lets inserts that only reference the row (their key share) go on.
   */
  async lock(projectId: string, villageId: string): Promise<boolean> {
    if (!isUuid(projectId) || !isUuid(villageId)) return false;
    const rows = await this.rows('SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = $2 FOR NO KEY UPDATE', [
      projectId,
      villageId,
    ]);
    return rows.length > 0;
  }

  /** Whether two villages take part in at least one project together. */
  async shareAProject(villageId: string, otherVillageId: string): Promise<boolean> {
    const rows = await this.rows(
      `SELECT 1 FROM project_village a JOIN project_village b ON a.project_id = b.project_id
        WHERE a.village_id = $1 AND b.village_id = $2 LIMIT 1`,
      [villageId, otherVillageId],
    );
    return rows.length > 0;
  }

  /** Whether the village has any capital event in the project (reads capital_event, owned by the capital module). */
  async hasCapitalEvents(projectId: string, villageId: string): Promise<boolean> {
    const rows = await this.rows('SELECT 1 FROM capital_event WHERE project_id = $1 AND village_id = $2 LIMIT 1', [projectId, villageId]);
    return rows.length > 0;
  }

  /** The project's villages in code order, each with the sum of its capital events. */
  participants(projectId: string): Promise<Participant[]> {
    return this.rows<Participant>(
      `SELECT v.id AS "villageId", v.code, v.name, to_char(pv.joined_on, 'YYYY-MM-DD') AS "joinedOn",
              COALESCE((SELECT sum(e.amount) FROM capital_event e WHERE e.project_id = pv.project_id AND e.village_id = v.id), 0)::numeric(20,2)::text
                AS capital
         FROM project_village pv JOIN village v ON v.id = pv.village_id
        WHERE pv.project_id = $1 ORDER BY v.code COLLATE "C"`,
      [projectId],
    );
  }
}
