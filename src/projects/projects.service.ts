import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { ownVillageId } from '../platform/access/treasurer-view';
import { AuditTrail, created, diff } from '../platform/audit/audit-trail';
import { Actor, treasurerVillage } from '../platform/context/actor';
import { Page, pageOf } from '../platform/http/paging';
import { TownshipsService } from '../townships/townships.service';
import { VillagesService } from '../villages/villages.service';
import { Participant, ParticipationRepository } from './participation.repository';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { Project, ProjectsRepository } from './projects.repository';

export type { Participant } from './participation.repository';

@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly participation: ParticipationRepository,
    private readonly townships: TownshipsService,
    private readonly villages: VillagesService,
    private readonly audit: AuditTrail,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateProjectDto): Promise<Project> {
    if (await this.projects.findByCode(dto.code)) throw new ConflictError(`项目代码 "${dto.code}" 已被使用`, 'code', 'CODE_TAKEN');
    assertCutoverNotBeforeStart(dto.startDate ?? null, dto.cutoverDate ?? null);
    const p = await this.projects.insert({
      code: dto.code,
      name: dto.name,
      parkName: dto.parkName ?? null,
      phase: dto.phase ?? null,
      townshipId: dto.townshipCode ? (await this.townships.byCode(dto.townshipCode, 'townshipCode')).id : null,
      hostVillageId: dto.hostVillageCode ? (await this.villages.byCode(dto.hostVillageCode, 'hostVillageCode')).id : null,
      operatorName: dto.operatorName ?? null,
      startDate: dto.startDate ?? null,
      cutoverDate: dto.cutoverDate ?? null,
    });
    await this.audit.record(actor, 'create', 'project', p.id, created(p));
    return p;
  }

  /** A treasurer sees only the projects their village takes part in. */
  async list(actor: Actor, q: ProjectQuery): Promise<Page<Project>> {
    const filter = { text: q.q, townshipId: q.townshipId, villageId: q.villageId, participant: treasurerVillage(actor) };
    const { items, total } = await this.projects.list(filter, q);
    return pageOf(items, total, q);
  }

  async get(id: string): Promise<Project> {
    const p = await this.projects.findById(id);
    if (!p) throw new NotFoundError('project', id);
    return p;
  }

  /** The project, its row locked until the transaction ends: writes to a project's records queue here. */
  async lock(id: string): Promise<Project> {
    const p = await this.projects.findById(id, true);
    if (!p) throw new NotFoundError('project', id);
    return p;
  }

  /**
   * The project's cut-over date (期初日期), or null; held until the transaction ends, so that it cannot change under
   * a posting or a capital event that depends on it (see ProjectsRepository.cutoverDate).
   */
  async cutoverDate(id: string): Promise<string | null> {
    const row = await this.projects.cutoverDate(id);
    if (!row) throw new NotFoundError('project', id);
    return row.cutoverDate;
  }

  /**
   * The cut-over date is set, changed or cleared only while the project has no voucher: the opening balance must be
   * the first voucher of its chain. Nor may a capital event lie between the old and the new date: dated on or before
   * the old one it was history and posted no voucher, after the new one it would need one (and the other way round).
   * Called under the project's row lock.
   */
  private async assertCutoverMovable(id: string, from: string | null, to: string | null): Promise<void> {
    if (await this.projects.hasVouchers(id)) {
      throw new ConflictError('项目已经有凭证：期初日期只能在记账之前设置或修改', 'cutoverDate', 'CUTOVER_LOCKED');
    }
    // Null is "no cut-over": earlier than any date.
    const dates = [from, to].filter((d): d is string => d !== null).sort();
    const low = dates.length === 2 ? dates[0] : null;
    const high = dates[dates.length - 1] ?? null;
    if (high !== null && (await this.projects.hasCapitalEventsBetween(id, low, high))) {
      const span = low === null ? `${high} 及以前` : `${low} 之后、${high} 及以前`;
      throw new ConflictError(
        `${span}已有出资记录：改动期初日期会改变它们是否记凭证，请先更正这些出资记录的日期`,
        'cutoverDate',
        'CUTOVER_SPLITS_CAPITAL',
      );
    }
  }

  /** A project named by code: an unknown code is bad input naming the field. */
  async byCode(code: string, field = 'projectCode'): Promise<Project> {
    const p = await this.projects.findByCode(code);
    if (!p) throw ValidationError.of(field, `没有代码为 "${code}" 的项目`, 'UNKNOWN_PROJECT');
    return p;
  }

  @Transactional()
  async update(actor: Actor, id: string, dto: UpdateProjectDto): Promise<Project> {
    const before = await this.lock(id);
    const next = {
      name: dto.name ?? before.name,
      parkName: given(dto.parkName, before.parkName),
      phase: given(dto.phase, before.phase),
      townshipId: before.townshipId,
      hostVillageId: before.hostVillageId,
      operatorName: given(dto.operatorName, before.operatorName),
      startDate: given(dto.startDate, before.startDate),
      cutoverDate: given(dto.cutoverDate, before.cutoverDate),
    };
    assertCutoverNotBeforeStart(next.startDate, next.cutoverDate);
    if (next.cutoverDate !== before.cutoverDate) await this.assertCutoverMovable(id, before.cutoverDate, next.cutoverDate);
    const { townshipCode, hostVillageCode } = dto;
    if (townshipCode !== undefined) {
      next.townshipId = townshipCode === null ? null : (await this.townships.byCode(townshipCode, 'townshipCode')).id;
    }
    if (hostVillageCode !== undefined) {
      next.hostVillageId = hostVillageCode === null ? null : (await this.villages.byCode(hostVillageCode, 'hostVillageCode')).id;
    }
    const after = await this.projects.update(id, next);
    await this.audit.record(actor, 'update', 'project', id, diff(before, after));
    return after;
  }

  @Transactional()
  async addParticipant(actor: Actor, projectId: string, dto: AddParticipantDto): Promise<Participant> {
    await this.lock(projectId);
    const v = await this.villages.byCode(dto.villageCode, 'villageCode');
    if (await this.participation.takesPart(projectId, v.id)) {
      throw new ConflictError(`村 ${v.code} 已经参与本项目`, 'villageCode', 'ALREADY_PARTICIPANT');
    }
    await this.participation.insert(projectId, v.id, dto.joinedOn ?? null);
    await this.audit.record(actor, 'add-participant', 'project', projectId, {
      villageId: v.id,
      villageCode: v.code,
      joinedOn: dto.joinedOn ?? null,
    });
    return (await this.participation.participants(projectId)).find((p) => p.villageId === v.id)!;
  }

  /** A village added by mistake can be removed while it has no capital events. */
  @Transactional()
  async removeParticipant(actor: Actor, projectId: string, villageId: string): Promise<void> {
    await this.lock(projectId);
    if (!(await this.participation.lock(projectId, villageId))) throw new NotFoundError('participant', villageId);
    if (await this.participation.hasCapitalEvents(projectId, villageId)) {
      throw new ConflictError('该村在本项目中已有出资记录，不能移出；如要退出，请登记一笔撤资', undefined, 'HAS_CAPITAL_EVENTS');
    }
    await this.participation.delete(projectId, villageId);
    await this.audit.record(actor, 'remove-participant', 'project', projectId, { villageId });
  }

  /**
   * The project's villages with their capital today, in code order; 404 for an unknown project. A treasurer sees
   * which villages take part, and only their own village's capital (platform/access/treasurer-view.ts).
   */
  async participants(actor: Actor, projectId: string): Promise<Array<Omit<Participant, 'capital'> & { capital: string | null }>> {
    await this.get(projectId);
    const list = await this.participation.participants(projectId);
    const held = ownVillageId(actor);
    return held === undefined ? list : list.map((p) => (p.villageId === held ? p : { ...p, capital: null }));
  }

  /** The codes of the villages taking part in the project. */
  async villageCodes(projectId: string): Promise<string[]> {
    return (await this.participation.participants(projectId)).map((p) => p.code);
  }

  /**
   * Locks one village's part in the project until the transaction ends, so that
   * changes to its capital queue; false when the village does not take part.
   */
  lockParticipant(projectId: string, villageId: string): Promise<boolean> {
    return this.participation.lock(projectId, villageId);
  }
}

/** The old books end no earlier than the project starts: nothing is dated before its start. */
function assertCutoverNotBeforeStart(startDate: string | null, cutoverDate: string | null): void {
  if (startDate !== null && cutoverDate !== null && cutoverDate < startDate) {
    throw ValidationError.of('cutoverDate', `期初日期 ${cutoverDate} 早于项目开始日期 ${startDate}`);
  }
}

/** A correction's value for a field: absent keeps the old value, null clears it. */
function given<T>(value: T | undefined, old: T): T {
  return value === undefined ? old : value;
}
