import { Injectable } from '@nestjs/common';
import { created, diff } from '../audit/audit-trail';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { buildCapitalEvent } from '../core/ledger';
import { parseMoney } from '../core/money';
import { LedgerWriter } from '../ledger/ledger-writer';
import { Page, pageOf } from '../platform/http/paging';
import { findByCodeOrReject, findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { Village } from '../villages/village.entity';
import { CapitalEventQuery, CreateCapitalEventDto, UpdateCapitalEventDto } from './capital-event.dto';
import { CapitalEvent } from './capital-event.entity';

@Injectable()
export class CapitalService {
  constructor(private readonly db: DataSource, private readonly tx: TransactionRunner, private readonly ledger: LedgerWriter) {}

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
      await this.book(m, saved, village);
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
      await this.ledger.lock(m, projectId);
      await this.assertNotUsedByPostedRun(m, projectId, [e.date, dto.date ?? e.date]);
      const before = { ...e };
      Object.assign(e, dto);
      await m.save(e);
      await this.assertRunningCapitalNonNegative(m, projectId, village);
      // A posted voucher is never edited: reverse the old one, book the corrected event (a memo alone books nothing).
      const after = await this.reload(m, id);
      if (before.amount !== after.amount || before.date !== after.date || before.kind !== after.kind) {
        await this.ledger.reverseSource(m, projectId, 'capital-event', id);
        await this.book(m, after, village);
      }
      await audit('update', 'capital-event', id, diff(before, after));
      return after;
    });
  }

  private async book(m: EntityManager, e: CapitalEvent, village: Village): Promise<void> {
    const vouchers = buildCapitalEvent({ village: village.code, villageName: village.name, date: e.date, amount: parseMoney(e.amount, 'amount'), kind: e.kind });
    await this.ledger.post(m, e.projectId, vouchers, { type: 'capital-event', id: e.id });
  }

  /** A posted, unreversed run used every event dated up to its year end: those are history now, corrected only by new events. */
  private async assertNotUsedByPostedRun(m: EntityManager, projectId: string, dates: string[]): Promise<void> {
    const earliest = dates.reduce((a, b) => (a < b ? a : b));
    const rows = await m.query(`SELECT year FROM distribution_run WHERE project_id = $1 AND status = 'posted' AND make_date(year, 12, 31) >= $2::date ORDER BY year LIMIT 1`,
      [projectId, earliest]);
    if (rows.length) throw new ConflictError(`the posted ${rows[0].year} distribution used this capital event; record a correcting event instead`, 'date');
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
