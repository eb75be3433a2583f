import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

export const openingBalanceTables = [
  tableShape('opening_balance', {
    id: 'uuid',
    project_id: 'uuid',
    as_of: 'date',
    status: 'character varying(10)',
    memo: 'character varying(500)?',
    prepared_by: 'uuid?',
    prepared_by_login: 'character varying(64)',
    approved_by: 'uuid?',
    approved_by_login: 'character varying(64)?',
    approved_at: 'timestamp with time zone?',
    posted_by: 'uuid?',
    posted_by_login: 'character varying(64)?',
    posted_at: 'timestamp with time zone?',
    voucher_id: 'uuid?',
    reversed_by: 'uuid?',
    reversed_by_login: 'character varying(64)?',
    reversed_at: 'timestamp with time zone?',
    reversal_voucher_id: 'uuid?',
    created_at: 'timestamp with time zone',
  }),
  tableShape('opening_balance_line', {
    opening_balance_id: 'uuid',
    line_no: 'integer',
    account: 'character varying(64)',
    debit: 'numeric(15,2)',
    credit: 'numeric(15,2)',
  }),
];

export type OpeningStatus = 'draft' | 'approved' | 'posted' | 'reversed';

/** One line of the document as stored: amounts as decimal strings, one of them zero. */
export interface OpeningBalanceLine {
  account: string;
  debit: string;
  credit: string;
}

/** An opening balance document (期初余额) and who did what to it; the voucher numbers once posted and reversed. */
export interface OpeningBalance {
  id: string;
  projectId: string;
  asOf: string;
  status: OpeningStatus;
  memo: string | null;
  preparedBy: string | null;
  preparedByLogin: string;
  approvedBy: string | null;
  approvedByLogin: string | null;
  approvedAt: Date | null;
  postedBy: string | null;
  postedByLogin: string | null;
  postedAt: Date | null;
  voucherNumber: string | null;
  reversedBy: string | null;
  reversedByLogin: string | null;
  reversedAt: Date | null;
  reversalVoucherNumber: string | null;
  createdAt: Date;
  lines: OpeningBalanceLine[];
}

/** Who takes a step: the user's id (null for a system task) and login. */
interface By {
  userId: string | null;
  login: string;
}

const COLUMNS = `o.id, o.project_id AS "projectId", to_char(o.as_of, 'YYYY-MM-DD') AS "asOf", o.status, o.memo,
  o.prepared_by AS "preparedBy", o.prepared_by_login AS "preparedByLogin", o.approved_by AS "approvedBy",
  o.approved_by_login AS "approvedByLogin", o.approved_at AS "approvedAt", o.posted_by AS "postedBy",
  o.posted_by_login AS "postedByLogin", o.posted_at AS "postedAt", v.number AS "voucherNumber", o.reversed_by AS "reversedBy",
  o.reversed_by_login AS "reversedByLogin", o.reversed_at AS "reversedAt", r.number AS "reversalVoucherNumber", o.created_at AS "createdAt"`;

const FROM = 'opening_balance o LEFT JOIN voucher v ON v.id = o.voucher_id LEFT JOIN voucher r ON r.id = o.reversal_voucher_id';

/**
 * opening_balance and its lines. Status moves draft → approved → posted →
 * reversed, each step under the row lock of find(…, true); the partial unique
 * index opening_balance_one_posted keeps one posted document per project.
 * Lines are written with the draft and never changed: a wrong draft is
 * replaced by a new one.
 */
@Injectable()
export class OpeningBalancesRepository extends Repository {
  async insertDraft(d: { projectId: string; asOf: string; memo: string | null; lines: OpeningBalanceLine[] }, by: By): Promise<string> {
    const row = await this.one<{ id: string }>(
      `INSERT INTO opening_balance (project_id, as_of, status, memo, prepared_by, prepared_by_login)
       VALUES ($1, $2, 'draft', $3, $4, $5) RETURNING id`,
      [d.projectId, d.asOf, d.memo, by.userId, by.login],
    );
    const id = row!.id;
    await this.rows(
      `INSERT INTO opening_balance_line (opening_balance_id, line_no, account, debit, credit)
       SELECT $1, n, a, d, c FROM unnest($2::int[], $3::text[], $4::numeric[], $5::numeric[]) AS t(n, a, d, c)`,
      [id, d.lines.map((_, k) => k + 1), d.lines.map((l) => l.account), d.lines.map((l) => l.debit), d.lines.map((l) => l.credit)],
    );
    return id;
  }

  /** One document of a project with its lines; `lock` holds its row FOR UPDATE until the transaction ends. */
  async find(projectId: string, id: string, lock = false): Promise<OpeningBalance | undefined> {
    if (!isUuid(id) || !isUuid(projectId)) return undefined;
    const row = await this.one<Omit<OpeningBalance, 'lines'>>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE o.id = $1 AND o.project_id = $2${lock ? ' FOR UPDATE OF o' : ''}`,
      [id, projectId],
    );
    if (!row) return undefined;
    return { ...row, lines: (await this.lines([id])).get(id) ?? [] };
  }

  /** A project's documents, oldest first, with their lines. */
  async list(projectId: string): Promise<OpeningBalance[]> {
    const rows = await this.rows<Omit<OpeningBalance, 'lines'>>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE o.project_id = $1 ORDER BY o.created_at, o.id`,
      [projectId],
    );
    const lines = await this.lines(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, lines: lines.get(r.id) ?? [] }));
  }

  /**
   * Each participating village's capital on `asOf`, by code: the sum of its events dated on or before it (reads
   * project_village, village and capital_event, owned by the projects and capital modules).
   */
  async capitalOn(projectId: string, asOf: string): Promise<Array<{ code: string; capital: string }>> {
    return this.rows(
      `SELECT v.code, coalesce(sum(e.amount) FILTER (WHERE e.event_date <= $2), 0)::numeric(20,2)::text AS capital
         FROM project_village pv JOIN village v ON v.id = pv.village_id
         LEFT JOIN capital_event e ON e.project_id = pv.project_id AND e.village_id = pv.village_id
        WHERE pv.project_id = $1 GROUP BY v.code ORDER BY v.code COLLATE "C"`,
      [projectId, asOf],
    );
  }

  async markApproved(id: string, by: By): Promise<void> {
    await this.rows(
      `UPDATE opening_balance SET status = 'approved', approved_by = $2, approved_by_login = $3, approved_at = now() WHERE id = $1`,
      [id, by.userId, by.login],
    );
  }

  /** The partial unique index refuses a second posted document of the project here, whatever the checks before it missed. */
  async markPosted(id: string, by: By, voucherId: string): Promise<void> {
    await this.rows(
      `UPDATE opening_balance SET status = 'posted', posted_by = $2, posted_by_login = $3, posted_at = now(), voucher_id = $4
        WHERE id = $1`,
      [id, by.userId, by.login, voucherId],
    );
  }

  async markReversed(id: string, by: By, reversalVoucherId: string): Promise<void> {
    await this.rows(
      `UPDATE opening_balance SET status = 'reversed', reversed_by = $2, reversed_by_login = $3, reversed_at = now(),
              reversal_voucher_id = $4
        WHERE id = $1`,
      [id, by.userId, by.login, reversalVoucherId],
    );
  }

  private async lines(ids: string[]): Promise<Map<string, OpeningBalanceLine[]>> {
    const out = new Map<string, OpeningBalanceLine[]>();
    if (ids.length === 0) return out;
    const rows = await this.rows<OpeningBalanceLine & { id: string }>(
      `SELECT opening_balance_id AS id, account, debit::text AS debit, credit::text AS credit FROM opening_balance_line
        WHERE opening_balance_id = ANY($1::uuid[]) ORDER BY opening_balance_id, line_no`,
      [ids],
    );
    for (const { id, ...line } of rows) out.set(id, [...(out.get(id) ?? []), line]);
    return out;
  }
}
