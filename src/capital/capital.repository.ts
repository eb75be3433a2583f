import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { chunks } from '../platform/database/chunks';
import { PageRequest, Repository, tableShape, Where } from '../platform/database/repository';

export const capitalEventTable = tableShape('capital_event', {
  id: 'uuid',
  project_id: 'uuid',
  village_id: 'uuid',
  event_date: 'date',
  amount: 'numeric(15,2)',
  kind: 'character varying(10)',
  fund_source: 'character varying(100)?',
  reference: 'character varying(100)?',
  memo: 'character varying(500)?',
  created_at: 'timestamp with time zone',
  updated_at: 'timestamp with time zone',
});

export type CapitalKind = 'cash' | 'asset';

/** 出资: a contribution (positive) or a withdrawal / transfer-out (negative). Amounts are decimal strings. */
export interface CapitalEvent {
  id: string;
  projectId: string;
  villageId: string;
  date: string;
  amount: string;
  kind: CapitalKind;
  fundSource: string | null;
  reference: string | null;
  memo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields an event is written with; project and village never change. */
export type CapitalEventFields = Pick<CapitalEvent, 'date' | 'amount' | 'kind' | 'fundSource' | 'reference' | 'memo'>;

export interface CapitalEventFilter {
  projectId: string;
  villageId?: string;
  /** A treasurer's own village: only its events, whatever else is asked (platform/access/treasurer-view.ts). */
  heldTo?: string;
  /** Event dates from and to, both included. */
  from?: string;
  to?: string;
}

const COLUMNS = `e.id, e.project_id AS "projectId", e.village_id AS "villageId", to_char(e.event_date, 'YYYY-MM-DD') AS date,
  e.amount::text AS amount, e.kind, e.fund_source AS "fundSource", e.reference, e.memo, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

@Injectable()
export class CapitalRepository extends Repository {
  async insert(projectId: string, villageId: string, e: CapitalEventFields): Promise<CapitalEvent> {
    const { id } = (await this.one<{ id: string }>(
      `INSERT INTO capital_event (project_id, village_id, event_date, amount, kind, fund_source, reference, memo)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [projectId, villageId, e.date, e.amount, e.kind, e.fundSource, e.reference, e.memo],
    ))!;
    return (await this.findById(id))!;
  }

  /** Many events in one statement a chunk (the import's bulk path), with the ids the caller chose for their vouchers. */
  async insertMany(events: Array<{ id: string; projectId: string; villageId: string } & CapitalEventFields>): Promise<void> {
    for (const part of chunks(events)) {
      const column = <K extends keyof (typeof part)[number]>(k: K) => part.map((e) => e[k]);
      await this.rows(
        `INSERT INTO capital_event (id, project_id, village_id, event_date, amount, kind, fund_source, reference, memo)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::numeric[], $6::text[], $7::text[], $8::text[], $9::text[])`,
        [
          column('id'),
          column('projectId'),
          column('villageId'),
          column('date'),
          column('amount'),
          column('kind'),
          column('fundSource'),
          column('reference'),
          column('memo'),
        ],
      );
    }
  }

  /** The dates and amounts of every event of these projects, for the rule checks of a bulk import. */
  amountsOf(projectIds: string[]): Promise<Array<{ projectId: string; villageId: string; date: string; amount: string }>> {
    return this.rows(
      `SELECT e.project_id AS "projectId", e.village_id AS "villageId", to_char(e.event_date, 'YYYY-MM-DD') AS date, e.amount::text AS amount
         FROM capital_event e WHERE e.project_id = ANY($1::uuid[])`,
      [projectIds],
    );
  }

  async update(id: string, e: CapitalEventFields): Promise<CapitalEvent> {
    await this.rows(
      `UPDATE capital_event SET event_date = $2, amount = $3, kind = $4, fund_source = $5, reference = $6, memo = $7, updated_at = now()
        WHERE id = $1`,
      [id, e.date, e.amount, e.kind, e.fundSource, e.reference, e.memo],
    );
    return (await this.findById(id))!;
  }

  async findById(id: string): Promise<CapitalEvent | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<CapitalEvent>(`SELECT ${COLUMNS} FROM capital_event e WHERE e.id = $1`, [id]);
  }

  /**
   * The event of the project, its row locked until the transaction ends. Every
   * correction takes this lock first, so the row returned is the one in force
   * and stays so; a malformed id is not found.
   */
  async lock(projectId: string, id: string): Promise<CapitalEvent | undefined> {
    if (!isUuid(id) || !isUuid(projectId)) return undefined;
    return this.one<CapitalEvent>(`SELECT ${COLUMNS} FROM capital_event e WHERE e.id = $1 AND e.project_id = $2 FOR UPDATE`, [
      id,
      projectId,
    ]);
  }

  /** Every event of one village in one project, in date order. */
  ofParticipant(projectId: string, villageId: string): Promise<CapitalEvent[]> {
    return this.rows<CapitalEvent>(
      `SELECT ${COLUMNS} FROM capital_event e WHERE e.project_id = $1 AND e.village_id = $2 ORDER BY e.event_date, e.created_at, e.id`,
      [projectId, villageId],
    );
  }

  list(f: CapitalEventFilter, page: PageRequest): Promise<{ items: CapitalEvent[]; total: number }> {
    const w = new Where()
      .and((p) => `e.project_id = ${p(f.projectId)}`)
      .and((p) => `e.village_id = ${p(f.villageId)}`, f.villageId)
      .and((p) => `e.village_id = ${p(f.heldTo)}`, f.heldTo)
      .and((p) => `e.event_date >= ${p(f.from)}`, f.from)
      .and((p) => `e.event_date <= ${p(f.to)}`, f.to);
    return this.page<CapitalEvent>(COLUMNS, 'capital_event e', w, 'e.event_date, e.created_at, e.id', page);
  }
}
