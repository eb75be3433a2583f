import { Injectable } from '@nestjs/common';
import { Repository, tableShape } from '../platform/database/repository';

export const projectVillageTable = tableShape('project_village', {
  project_id: 'uuid', village_id: 'uuid', joined_on: 'date?', created_at: 'timestamp with time zone',
});

/** project_village: which villages take part in which project. */
@Injectable()
export class ParticipationRepository extends Repository {
  /** Whether the village takes part in the project. */
  async takesPart(projectId: string, villageId: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = $2', [projectId, villageId])).length > 0;
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
}
