import { isUuid } from '../database/lookups';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '../core/errors';
import type { DistributionResult } from '../core/distribution';

export type RunStatus = 'draft' | 'approved' | 'posted' | 'reversed';

export interface RunRow {
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
  postedByLogin: string | null;
  postedAt: Date | null;
  postingDate: string | null;
  reversedByLogin: string | null;
  reversedAt: Date | null;
  reversalDate: string | null;
  createdAt: Date;
}

const COLUMNS = `id, project_id AS "projectId", year, status, scenario_json AS "scenarioJson", policy_json AS "policyJson",
  result_json AS "resultJson", inputs_hash AS "inputsHash", result_hash AS "resultHash", policy_hash AS "policyHash",
  prepared_by AS "preparedBy", prepared_by_login AS "preparedByLogin", approved_by AS "approvedBy",
  approved_by_login AS "approvedByLogin", approved_at AS "approvedAt", posted_by_login AS "postedByLogin", posted_at AS "postedAt",
  to_char(posting_date, 'YYYY-MM-DD') AS "postingDate", reversed_by_login AS "reversedByLogin", reversed_at AS "reversedAt",
  to_char(reversal_date, 'YYYY-MM-DD') AS "reversalDate", created_at AS "createdAt"`;


/** One run of a project, optionally locked FOR UPDATE (every state change locks it first). */
export async function findRun(m: EntityManager, projectId: string, id: string, lock = false): Promise<RunRow> {
  if (!isUuid(id)) throw new NotFoundError('distribution run', id);
  const rows = await m.query(`SELECT ${COLUMNS} FROM distribution_run WHERE id = $1 AND project_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, projectId]);
  if (rows.length === 0) throw new NotFoundError('distribution run', id);
  return rows[0];
}

export async function listRuns(m: EntityManager, projectId: string, year?: number): Promise<RunRow[]> {
  return m.query(
    `SELECT ${COLUMNS} FROM distribution_run WHERE project_id = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year, created_at`,
    [projectId, year ?? null],
  );
}

/** The API view: the stored documents parsed, the hashes and who did what. */
export function runView(r: RunRow, full = true) {
  const { scenarioJson, policyJson, resultJson, ...rest } = r;
  return full
    ? { ...rest, scenario: JSON.parse(scenarioJson), policy: JSON.parse(policyJson), result: JSON.parse(resultJson) as DistributionResult }
    : rest;
}
