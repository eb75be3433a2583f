import { Injectable } from '@nestjs/common';
import { isUuid } from '../platform/database/ids';
import { Repository, tableShape } from '../platform/database/repository';

export const distributionRunTable = tableShape('distribution_run', {
  id: 'uuid',
  project_id: 'uuid',
  year: 'integer',
  status: 'character varying(10)',
  scenario_json: 'text',
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
  posted_by_login: 'character varying(64)?',
  posted_at: 'timestamp with time zone?',
  posting_date: 'date?',
  reversed_by_login: 'character varying(64)?',
  reversed_at: 'timestamp with time zone?',
  reversal_date: 'date?',
  created_at: 'timestamp with time zone',
  posted_by: 'uuid?',
  reversed_by: 'uuid?',
});

export type RunStatus = 'draft' | 'approved' | 'posted' | 'reversed';

/** A distribution run: the documents it was computed from and with, as exact JSON text, and who did what. */
export interface Run {
  id: string;
  projectId: string;
  year: number;
  status: RunStatus;
  scenarioJson: string;
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
  postedBy: string | null;
  postedByLogin: string | null;
  postedAt: Date | null;
  postingDate: string | null;
  reversedBy: string | null;
  reversedByLogin: string | null;
  reversedAt: Date | null;
  reversalDate: string | null;
  createdAt: Date;
}

/** A new draft: its documents, their hashes and who prepared it. */
export type NewRun = Pick<
  Run,
  | 'projectId'
  | 'year'
  | 'scenarioJson'
  | 'policyJson'
  | 'resultJson'
  | 'inputsHash'
  | 'resultHash'
  | 'policyHash'
  | 'preparedBy'
  | 'preparedByLogin'
>;

const COLUMNS = `r.id, r.project_id AS "projectId", r.year, r.status, r.scenario_json AS "scenarioJson", r.policy_json AS "policyJson",
  r.result_json AS "resultJson", r.inputs_hash AS "inputsHash", r.result_hash AS "resultHash", r.policy_hash AS "policyHash",
  r.prepared_by AS "preparedBy", r.prepared_by_login AS "preparedByLogin", r.approved_by AS "approvedBy",
  r.approved_by_login AS "approvedByLogin", r.approved_at AS "approvedAt", r.posted_by AS "postedBy", r.posted_by_login AS "postedByLogin",
  r.posted_at AS "postedAt", to_char(r.posting_date, 'YYYY-MM-DD') AS "postingDate", r.reversed_by AS "reversedBy",
  r.reversed_by_login AS "reversedByLogin", r.reversed_at AS "reversedAt",
  to_char(r.reversal_date, 'YYYY-MM-DD') AS "reversalDate", r.created_at AS "createdAt"`;

/**
 * distribution_run. Status moves draft → approved → posted → reversed, each
 * step under the row lock taken by findById(…, true); the partial unique index
 * distribution_run_one_posted keeps one posted run per project and year.
 */
@Injectable()
export class RunsRepository extends Repository {
  /** One run of a project, optionally locked FOR UPDATE (every state change locks it first). */
  async findById(projectId: string, id: string, lock = false): Promise<Run | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<Run>(`SELECT ${COLUMNS} FROM distribution_run r WHERE r.id = $1 AND r.project_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      id,
      projectId,
    ]);
  }

  /** A project's runs, of one year or all, by year then age. */
  list(projectId: string, year?: number): Promise<Run[]> {
    return this.rows<Run>(
      `SELECT ${COLUMNS} FROM distribution_run r WHERE r.project_id = $1 AND ($2::int IS NULL OR r.year = $2) ORDER BY r.year, r.created_at`,
      [projectId, year ?? null],
    );
  }

  async insertDraft(r: NewRun): Promise<string> {
    const row = await this.one<{ id: string }>(
      `INSERT INTO distribution_run (project_id, year, status, scenario_json, policy_json, result_json, inputs_hash, result_hash,
                                     policy_hash, prepared_by, prepared_by_login)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        r.projectId,
        r.year,
        r.scenarioJson,
        r.policyJson,
        r.resultJson,
        r.inputsHash,
        r.resultHash,
        r.policyHash,
        r.preparedBy,
        r.preparedByLogin,
      ],
    );
    return row!.id;
  }

  async markApproved(id: string, by: { userId: string | null; login: string }): Promise<void> {
    await this.rows(
      `UPDATE distribution_run SET status = 'approved', approved_by = $2, approved_by_login = $3, approved_at = now() WHERE id = $1`,
      [id, by.userId, by.login],
    );
  }

  /** The partial unique index refuses a second posted run of the year here, whatever the checks before it missed. */
  async markPosted(id: string, by: { userId: string | null; login: string }, postingDate: string): Promise<void> {
    await this.rows(
      `UPDATE distribution_run SET status = 'posted', posted_by = $2, posted_by_login = $3, posted_at = now(), posting_date = $4
        WHERE id = $1`,
      [id, by.userId, by.login, postingDate],
    );
  }

  async markReversed(id: string, by: { userId: string | null; login: string }, reversalDate: string): Promise<void> {
    await this.rows(
      `UPDATE distribution_run SET status = 'reversed', reversed_by = $2, reversed_by_login = $3, reversed_at = now(), reversal_date = $4
        WHERE id = $1`,
      [id, by.userId, by.login, reversalDate],
    );
  }
}
