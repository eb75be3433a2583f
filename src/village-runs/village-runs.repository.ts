import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

export const villageRunTable = tableShape('village_run', {
  id: 'uuid',
  village_id: 'uuid',
  year: 'integer',
  status: 'character varying(10)',
  register_id: 'uuid',
  policy_from_year: 'integer',
  policy_version: 'integer',
  input_json: 'text',
  policy_json: 'text',
  result_json: 'text',
  inputs_hash: 'character(64)',
  result_hash: 'character(64)',
  policy_hash: 'character(64)',
  prepared_by: 'uuid?',
  prepared_by_login: 'character varying(64)',
  approved_by: 'uuid?',
  approved_by_login: 'character varying(64)?',
  approved_at: 'timestamp with time zone?',
  planned_posting_date: 'date?',
  posted_by: 'uuid?',
  posted_by_login: 'character varying(64)?',
  posted_at: 'timestamp with time zone?',
  posting_date: 'date?',
  reversed_by: 'uuid?',
  reversed_by_login: 'character varying(64)?',
  reversed_at: 'timestamp with time zone?',
  reversal_date: 'date?',
  reversal_reason: 'character varying(500)?',
  created_at: 'timestamp with time zone',
});

export type VillageRunStatus = 'draft' | 'approved' | 'posted' | 'reversed';

/** A run's status as a refusal says it: "这次村级分红已入账". */
export const VILLAGE_RUN_STATUS: Readonly<Record<VillageRunStatus, string>> = {
  draft: '还是草稿',
  approved: '已审核',
  posted: '已入账',
  reversed: '已冲销',
};

/** A village's member distribution run: what it was computed from and with, as exact JSON text, and who did what. */
export interface VillageRun {
  id: string;
  villageId: string;
  year: number;
  status: VillageRunStatus;
  registerId: string;
  policyFromYear: number;
  policyVersion: number;
  inputJson: string;
  policyJson: string;
  resultJson: string;
  inputsHash: string;
  resultHash: string;
  policyHash: string;
  preparedBy: string | null;
  preparedByLogin: string;
  approvedBy: string | null;
  approvedByLogin: string | null;
  approvedAt: Date | null;
  /** The posting date proposed with the draft: the post step's default. */
  plannedPostingDate: string | null;
  postedBy: string | null;
  postedByLogin: string | null;
  postedAt: Date | null;
  postingDate: string | null;
  reversedBy: string | null;
  reversedByLogin: string | null;
  reversedAt: Date | null;
  reversalDate: string | null;
  reversalReason: string | null;
  createdAt: Date;
}

export type NewVillageRun = Pick<
  VillageRun,
  | 'villageId'
  | 'year'
  | 'registerId'
  | 'policyFromYear'
  | 'policyVersion'
  | 'inputJson'
  | 'policyJson'
  | 'resultJson'
  | 'inputsHash'
  | 'resultHash'
  | 'policyHash'
  | 'plannedPostingDate'
  | 'preparedBy'
  | 'preparedByLogin'
>;

type By = { userId: string | null; login: string };

const COLUMNS = `r.id, r.village_id AS "villageId", r.year, r.status, r.register_id AS "registerId",
  r.policy_from_year AS "policyFromYear", r.policy_version AS "policyVersion", r.input_json AS "inputJson",
  r.policy_json AS "policyJson", r.result_json AS "resultJson", r.inputs_hash AS "inputsHash", r.result_hash AS "resultHash",
  r.policy_hash AS "policyHash", r.prepared_by AS "preparedBy", r.prepared_by_login AS "preparedByLogin",
  r.approved_by AS "approvedBy", r.approved_by_login AS "approvedByLogin", r.approved_at AS "approvedAt",
  to_char(r.planned_posting_date, 'YYYY-MM-DD') AS "plannedPostingDate",
  r.posted_by AS "postedBy", r.posted_by_login AS "postedByLogin", r.posted_at AS "postedAt",
  to_char(r.posting_date, 'YYYY-MM-DD') AS "postingDate", r.reversed_by AS "reversedBy", r.reversed_by_login AS "reversedByLogin",
  r.reversed_at AS "reversedAt", to_char(r.reversal_date, 'YYYY-MM-DD') AS "reversalDate", r.reversal_reason AS "reversalReason",
  r.created_at AS "createdAt"`;

/**
 * village_run. Status moves draft → approved → posted → reversed, each step under the row lock taken by
 * findById(…, true); the partial unique index village_run_one_posted keeps one posted run per village and year.
 */
@Injectable()
export class VillageRunsRepository extends Repository {
  /** One run of a village, optionally locked FOR UPDATE (every state change, and every payment, locks it first). */
  async findById(villageId: string, id: string, lock = false): Promise<VillageRun | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<VillageRun>(`SELECT ${COLUMNS} FROM village_run r WHERE r.id = $1 AND r.village_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      id,
      villageId,
    ]);
  }

  /** A village's runs, of one year or all, by year then age. */
  list(villageId: string, year?: number): Promise<VillageRun[]> {
    return this.rows<VillageRun>(
      `SELECT ${COLUMNS} FROM village_run r WHERE r.village_id = $1 AND ($2::int IS NULL OR r.year = $2) ORDER BY r.year, r.created_at`,
      [villageId, year ?? null],
    );
  }

  /** The village's posted, unreversed run of the year, if any. */
  posted(villageId: string, year: number): Promise<{ id: string } | undefined> {
    return this.one<{ id: string }>(`SELECT id FROM village_run WHERE village_id = $1 AND year = $2 AND status = 'posted'`, [
      villageId,
      year,
    ]);
  }

  async insertDraft(r: NewVillageRun): Promise<string> {
    const row = await this.one<{ id: string }>(
      `INSERT INTO village_run (village_id, year, status, register_id, policy_from_year, policy_version, input_json, policy_json,
                                result_json, inputs_hash, result_hash, policy_hash, planned_posting_date, prepared_by, prepared_by_login)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        r.villageId,
        r.year,
        r.registerId,
        r.policyFromYear,
        r.policyVersion,
        r.inputJson,
        r.policyJson,
        r.resultJson,
        r.inputsHash,
        r.resultHash,
        r.policyHash,
        r.plannedPostingDate,
        r.preparedBy,
        r.preparedByLogin,
      ],
    );
    return row!.id;
  }

  async markApproved(id: string, by: By): Promise<void> {
    await this.rows(
      `UPDATE village_run SET status = 'approved', approved_by = $2, approved_by_login = $3, approved_at = now() WHERE id = $1`,
      [id, by.userId, by.login],
    );
  }

  /** The partial unique index refuses a second posted run of the year here, whatever the checks before it missed. */
  async markPosted(id: string, by: By, postingDate: string): Promise<void> {
    await this.rows(
      `UPDATE village_run SET status = 'posted', posted_by = $2, posted_by_login = $3, posted_at = now(), posting_date = $4 WHERE id = $1`,
      [id, by.userId, by.login, postingDate],
    );
  }

  async markReversed(id: string, by: By, reversalDate: string, reason: string): Promise<void> {
    await this.rows(
      `UPDATE village_run SET status = 'reversed', reversed_by = $2, reversed_by_login = $3, reversed_at = now(), reversal_date = $4,
              reversal_reason = $5
        WHERE id = $1`,
      [id, by.userId, by.login, reversalDate, reason],
    );
  }
}
