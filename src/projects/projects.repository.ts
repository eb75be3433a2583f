import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const projectTable = tableShape('project', {
  id: 'uuid',
  code: 'character varying(32)',
  name: 'character varying(200)',
  park_name: 'character varying(200)?',
  phase: 'character varying(50)?',
  township_id: 'uuid?',
  host_village_id: 'uuid?',
  operator_name: 'character varying(200)?',
  start_date: 'date?',
  cutover_date: 'date?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

/** A park, or one phase of it (首期, 二期), with its own books. */
export interface Project {
  id: string;
  code: string;
  name: string;
  parkName: string | null;
  phase: string | null;
  townshipId: string | null;
  hostVillageId: string | null;
  operatorName: string | null;
  startDate: string | null;
  /** 期初日期: the last day of the old books when the project moved in from them (spec onboarding.md); null otherwise. */
  cutoverDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a project is written with. */
export type ProjectFields = Omit<Project, 'id' | 'createdAt' | 'updatedAt'>;

export interface ProjectFilter {
  /** Part of the code or the name. */
  text?: string;
  townshipId?: string;
  /** Only the projects this village takes part in. */
  villageId?: string;
  /** Only the projects this village takes part in (a treasurer's view). */
  participant?: string;
}

const COLUMNS = `p.id, p.code, p.name, p.park_name AS "parkName", p.phase, p.township_id AS "townshipId",
  p.host_village_id AS "hostVillageId", p.operator_name AS "operatorName", to_char(p.start_date, 'YYYY-MM-DD') AS "startDate",
  to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate", p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

@Injectable()
export class ProjectsRepository extends Repository {
  async insert(p: ProjectFields): Promise<Project> {
    const { id } = (await this.one<{ id: string }>(
      `INSERT INTO project (code, name, park_name, phase, township_id, host_village_id, operator_name, start_date, cutover_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [p.code, p.name, p.parkName, p.phase, p.townshipId, p.hostVillageId, p.operatorName, p.startDate, p.cutoverDate],
    ))!;
    return (await this.findById(id))!;
  }

  /** Every field but the code, which the books reference. */
  async update(id: string, p: Omit<ProjectFields, 'code'>): Promise<Project> {
    await this.rows(
      `UPDATE project SET name = $2, park_name = $3, phase = $4, township_id = $5, host_village_id = $6, operator_name = $7,
              start_date = $8, cutover_date = $9, updated_at = now()
        WHERE id = $1`,
      [id, p.name, p.parkName, p.phase, p.townshipId, p.hostVillageId, p.operatorName, p.startDate, p.cutoverDate],
    );
    return (await this.findById(id))!;
  }

  /** With `lock`, FOR NO KEY UPDATE: a posting that inserts a voucher referencing the project is not blocked by it. */
  async findById(id: string, lock = false): Promise<Project | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Project>(`SELECT ${COLUMNS} FROM project p WHERE p.id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [id]);
  }

  /**
   * The project's cut-over date, its row held FOR SHARE until the transaction ends: a change of the date (under
   * FOR NO KEY UPDATE) waits for the posting or capital event that read it, and they for the change. Undefined when
   * there is no such project.
   */
  async cutoverDate(id: string): Promise<{ cutoverDate: string | null } | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one(`SELECT to_char(p.cutover_date, 'YYYY-MM-DD') AS "cutoverDate" FROM project p WHERE p.id = $1 FOR SHARE`, [id]);
  }

  /** Whether the project has any voucher (reads voucher, owned by the books). */
  async hasVouchers(id: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM voucher WHERE book_id = $1 LIMIT 1', [id])).length > 0;
  }

  /**
   * Whether the project has a capital event dated after `after` (null: from the beginning) and on or before `upTo`
   * (reads capital_event, owned by the capital module).
   */
  async hasCapitalEventsBetween(id: string, after: string | null, upTo: string): Promise<boolean> {
    const rows = await this.rows(
      'SELECT 1 FROM capital_event WHERE project_id = $1 AND ($2::date IS NULL OR event_date > $2) AND event_date <= $3 LIMIT 1',
      [id, after, upTo],
    );
    return rows.length > 0;
  }

  async findByCode(code: string): Promise<Project | undefined> {
    return this.one<Project>(`SELECT ${COLUMNS} FROM project p WHERE p.code = $1`, [code]);
  }

  list(f: ProjectFilter, page: PageRequest): Promise<{ items: Project[]; total: number }> {
    const takesPart = (p: (value: unknown) => string, villageId: string | undefined) =>
      `EXISTS (SELECT 1 FROM project_village pv WHERE pv.project_id = p.id AND pv.village_id = ${p(villageId)})`;
    const w = new Where()
      .search(['p.code', 'p.name'], f.text)
      .and((p) => `p.township_id = ${p(f.townshipId)}`, f.townshipId)
      .and((p) => takesPart(p, f.villageId), f.villageId)
      .and((p) => takesPart(p, f.participant), f.participant);
    return this.page<Project>(COLUMNS, 'project p', w, 'p.code', page);
  }
}
