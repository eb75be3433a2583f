import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../core/errors';
import { Page, pageOf } from '../platform/http/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Township } from '../townships/township.entity';
import { requestContext } from '../common/request-context';
import { Village } from '../villages/village.entity';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { ProjectVillage } from './project-village.entity';
import { Project } from './project.entity';

export interface Participant {
  villageId: string;
  code: string;
  name: string;
  joinedOn: string | null;
  /** The village's capital in this project today: the sum of all its events (decimal string). */
  capital: string;
}

@Injectable()
export class ProjectsService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(dto: CreateProjectDto): Promise<Project> {
    return this.tx.run(async (m, audit) => {
      if (await m.exists(Project, { where: { code: dto.code } })) {
        throw new ConflictError(`project code "${dto.code}" is already used`, 'code');
      }
      const p = m.create(Project, {
        code: dto.code, name: dto.name, parkName: dto.parkName ?? null, phase: dto.phase ?? null,
        operatorName: dto.operatorName ?? null, startDate: dto.startDate ?? null,
        townshipId: dto.townshipCode ? (await findByCodeOrReject(m, Township, 'township', 'townshipCode', dto.townshipCode)).id : null,
        hostVillageId: dto.hostVillageCode ? (await findByCodeOrReject(m, Village, 'village', 'hostVillageCode', dto.hostVillageCode)).id : null,
      });
      const saved = await m.save(p);
      await audit('create', 'project', saved.id, created(saved));
      return saved;
    });
  }

  async list(q: ProjectQuery): Promise<Page<Project>> {
    const qb = this.db.getRepository(Project).createQueryBuilder('p').orderBy('p.code');
    if (q.q) qb.andWhere('(p.code ILIKE :q OR p.name ILIKE :q)', { q: `%${q.q}%` });
    if (q.townshipId) qb.andWhere('p.township_id = :tid', { tid: q.townshipId });
    if (q.villageId) {
      qb.andWhere('EXISTS (SELECT 1 FROM project_village pv WHERE pv.project_id = p.id AND pv.village_id = :vid)', { vid: q.villageId });
    }
    const actor = requestContext.get()?.actor;
    if (actor?.role === 'treasurer') {
      // A treasurer sees only the projects their village takes part in.
      qb.andWhere('EXISTS (SELECT 1 FROM project_village pv WHERE pv.project_id = p.id AND pv.village_id = :own)', { own: actor.villageId });
    }
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }

  get(id: string): Promise<Project> {
    return findByIdOrFail(this.db.manager, Project, 'project', id);
  }

  update(id: string, dto: UpdateProjectDto): Promise<Project> {
    return this.tx.run(async (m, audit) => {
      const p = await findByIdOrFail(m, Project, 'project', id, true);
      const before = { ...p };
      const { townshipCode, hostVillageCode, ...plain } = dto;
      Object.assign(p, plain);
      if (townshipCode !== undefined) {
        p.townshipId = townshipCode === null ? null : (await findByCodeOrReject(m, Township, 'township', 'townshipCode', townshipCode)).id;
      }
      if (hostVillageCode !== undefined) {
        p.hostVillageId = hostVillageCode === null ? null : (await findByCodeOrReject(m, Village, 'village', 'hostVillageCode', hostVillageCode)).id;
      }
      await audit('update', 'project', id, diff(before, p));
      return m.save(p);
    });
  }

  addParticipant(projectId: string, dto: AddParticipantDto): Promise<Participant> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId, true);
      const v = await findByCodeOrReject(m, Village, 'village', 'villageCode', dto.villageCode);
      if (await m.exists(ProjectVillage, { where: { projectId, villageId: v.id } })) {
        throw new ConflictError(`village ${v.code} already takes part in this project`, 'villageCode');
      }
      await m.insert(ProjectVillage, { projectId, villageId: v.id, joinedOn: dto.joinedOn ?? null });
      await audit('add-participant', 'project', projectId, { villageId: v.id, villageCode: v.code, joinedOn: dto.joinedOn ?? null });
      return (await this.participants(m, projectId)).find((p) => p.villageId === v.id)!;
    });
  }

  /** A village added by mistake can be removed while it has no capital events. */
  removeParticipant(projectId: string, villageId: string): Promise<void> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId, true);
      const link = await m.findOne(ProjectVillage, { where: { projectId, villageId } });
      if (!link) throw new NotFoundError('participant', villageId);
      const events = await m.query('SELECT count(*)::int AS n FROM capital_event WHERE project_id = $1 AND village_id = $2', [projectId, villageId]);
      if (events[0].n > 0) throw new ConflictError('the village has capital events in this project; record a withdrawal instead');
      await m.delete(ProjectVillage, { projectId, villageId });
      await audit('remove-participant', 'project', projectId, { villageId });
    });
  }

  async listParticipants(projectId: string): Promise<Participant[]> {
    await this.get(projectId);
    return this.participants(this.db.manager, projectId);
  }

  private async participants(m: EntityManager, projectId: string): Promise<Participant[]> {
    const rows: Array<{ village_id: string; code: string; name: string; joined_on: string | null; capital: string }> = await m.query(
      `SELECT v.id AS village_id, v.code, v.name, to_char(pv.joined_on, 'YYYY-MM-DD') AS joined_on,
              COALESCE((SELECT sum(e.amount) FROM capital_event e WHERE e.project_id = pv.project_id AND e.village_id = v.id), 0)::numeric(20,2)::text AS capital
         FROM project_village pv JOIN village v ON v.id = pv.village_id
        WHERE pv.project_id = $1 ORDER BY v.code COLLATE "C"`,
      [projectId],
    );
    return rows.map((r) => ({ villageId: r.village_id, code: r.code, name: r.name, joinedOn: r.joined_on, capital: r.capital }));
  }
}
