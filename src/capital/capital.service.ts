import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../core/errors';
import { Page, pageOf } from '../common/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { Village } from '../villages/village.entity';
import { CapitalEventQuery, CreateCapitalEventDto, UpdateCapitalEventDto } from './capital-event.dto';
import { CapitalEvent } from './capital-event.entity';

@Injectable()
export class CapitalService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner) {}

  create(projectId: string, dto: CreateCapitalEventDto): Promise<CapitalEvent> {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      const village = await findByCodeOrReject(m, Village, 'village', 'villageCode', dto.villageCode);
      await this.lockParticipant(m, projectId, village);
      assertNonZero(dto.amount);
      const saved = await m.save(m.create(CapitalEvent, {
        projectId, villageId: village.id, date: dto.date, amount: dto.amount, kind: dto.kind,
        fundSource: dto.fundSource ?? null, reference: dto.reference ?? null, memo: dto.memo ?? null,
      }));
      await this.assertRunningCapitalNonNegative(m, projectId, village);
      const result = await this.reload(m, saved.id);
      await audit('create', 'capital-event', saved.id, created(result));
      return result;
    });
  }

  async list(projectId: string, q: CapitalEventQuery): Promise<Page<CapitalEvent>> {
    await findByIdOrFail(this.db.manager, Project, 'project', projectId);
    const qb = this.db.getRepository(CapitalEvent).createQueryBuilder('e')
      .where('e.project_id = :projectId', { projectId })
      .orderBy('e.event_date').addOrderBy('e.created_at').addOrderBy('e.id');
    if (q.villageId) qb.andWhere('e.village_id = :vid', { vid: q.villageId });
    if (q.from) qb.andWhere('e.event_date >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.event_date <= :to', { to: q.to });
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }

  async get(projectId: string, id: string): Promise<CapitalEvent> {
    const e = await findByIdOrFail(this.db.manager, CapitalEvent, 'capital event', id);
    if (e.projectId !== projectId) throw new NotFoundError('capital event', id);
    return e;
  }

  update(projectId: string, id: string, dto: UpdateCapitalEventDto): Promise<CapitalEvent> {
    return this.tx.run(async (m, audit) => {
      const e = await findByIdOrFail(m, CapitalEvent, 'capital event', id);
      if (e.projectId !== projectId) throw new NotFoundError('capital event', id);
      const village = await findByIdOrFail(m, Village, 'village', e.villageId);
      await this.lockParticipant(m, projectId, village);
      if (dto.amount !== undefined) assertNonZero(dto.amount);
      const before = { ...e };
      Object.assign(e, dto);
      await m.save(e);
      await this.assertRunningCapitalNonNegative(m, projectId, village);
      const after = await this.reload(m, id);
      await audit('update', 'capital-event', id, diff(before, after));
      return after;
    });
  }

  /** Serialises every change to one village's capital in one project, so two withdrawals cannot both pass the check. */
  private async lockParticipant(m: EntityManager, projectId: string, village: Village): Promise<void> {
    const rows = await m.query('SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = $2 FOR UPDATE', [projectId, village.id]);
    if (rows.length === 0) throw ValidationError.of('villageCode', `village ${village.code} does not take part in this project`);
  }

  /** The rulebook: a village's capital at the end of any day may never be below zero. */
  private async assertRunningCapitalNonNegative(m: EntityManager, projectId: string, village: Village): Promise<void> {
    const rows: Array<{ day: string; running: string }> = await m.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, running::text FROM (
         SELECT day, sum(total) OVER (ORDER BY day) AS running
           FROM (SELECT event_date AS day, sum(amount) AS total FROM capital_event
                  WHERE project_id = $1 AND village_id = $2 GROUP BY event_date) d
       ) r WHERE running < 0 ORDER BY day LIMIT 1`,
      [projectId, village.id],
    );
    if (rows.length) {
      throw ValidationError.of('amount', `village ${village.code}'s capital would be ${rows[0].running} at the end of ${rows[0].day}; it may never be below zero`);
    }
  }

  private async reload(m: EntityManager, id: string): Promise<CapitalEvent> {
    return m.findOneOrFail(CapitalEvent, { where: { id } });
  }
}

function assertNonZero(amount: string): void {
  if (/^-?0+(\.0+)?$/.test(amount)) throw ValidationError.of('amount', 'must not be zero');
}
