import { Injectable } from '@nestjs/common';
import { postedRun } from '../ledger/posted-runs.repository';
import { isUuid } from '../platform/database/ids';
import { Repository, Where } from '../platform/database/repository';

/** A distribution run as the run statement prints it, with its stored documents as JSON text. */
export interface StatementRun {
  id: string;
  year: number;
  status: 'draft' | 'approved' | 'posted' | 'reversed';
  postingDate: string | null;
  inputsHash: string;
  resultHash: string;
  policyHash: string;
  scenarioJson: string;
  resultJson: string;
}

/** A posted run of a project the village takes part in. */
export interface VillageRun {
  id: string;
  projectId: string;
  projectCode: string;
  year: number;
  postingDate: string;
  resultJson: string;
}

/** A posted payment to the village, with the project's voucher number. */
export interface VillagePayment {
  projectId: string;
  projectCode: string;
  amount: string;
  date: string;
  bankReference: string;
  voucher: string;
}

/**
 * Read-only queries for the reports. Owns no table: it reads runs, payments,
 * vouchers, projects and villages, and never writes them.
 */
@Injectable()
export class ReportsRepository extends Repository {
  /** Village codes to names for the project's participants. */
  async villageNames(projectId: string): Promise<Map<string, string>> {
    const rows = await this.rows<{ code: string; name: string }>(
      'SELECT v.code, v.name FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1',
      [projectId],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** One run of the project; a malformed id is not found. */
  async run(projectId: string, id: string): Promise<StatementRun | undefined> {
    if (!isUuid(id)) return undefined;
    return this.one<StatementRun>(
      `SELECT id, year, status, to_char(posting_date, 'YYYY-MM-DD') AS "postingDate", inputs_hash AS "inputsHash",
              result_hash AS "resultHash", policy_hash AS "policyHash", scenario_json AS "scenarioJson", result_json AS "resultJson"
         FROM distribution_run WHERE id = $1 AND project_id = $2`,
      [id, projectId],
    );
  }

  /** The result documents of the project's posted runs, oldest year first. */
  postedResults(projectId: string): Promise<Array<{ id: string; resultJson: string }>> {
    return this.rows(
      `SELECT r.id, r.result_json AS "resultJson" FROM distribution_run r WHERE r.project_id = $1 AND ${postedRun('r')} ORDER BY r.year`,
      [projectId],
    );
  }

  /** The sum of posted payments per village code of the project, or of one village only. */
  async paidPerVillage(projectId: string, villageCode?: string): Promise<Array<{ code: string; paid: string }>> {
    const w = new Where()
      .and((p) => `p.project_id = ${p(projectId)}`)
      .and(() => `p.status = 'posted'`)
      .and((p) => `v.code = ${p(villageCode)}`, villageCode);
    return this.rows(
      `SELECT v.code, sum(p.amount)::text AS paid FROM payment p JOIN village v ON v.id = p.village_id ${w.sql} GROUP BY v.code`,
      w.params,
    );
  }

  /** Posted runs of every project the village takes part in, by project code and year. */
  postedRunsOfVillage(villageId: string): Promise<VillageRun[]> {
    return this.rows(
      `SELECT r.id, r.project_id AS "projectId", p.code AS "projectCode", r.year,
              to_char(r.posting_date, 'YYYY-MM-DD') AS "postingDate", r.result_json AS "resultJson"
         FROM distribution_run r JOIN project p ON p.id = r.project_id
         JOIN project_village pv ON pv.project_id = r.project_id AND pv.village_id = $1
        WHERE ${postedRun('r')} ORDER BY p.code, r.year`,
      [villageId],
    );
  }

  /** Posted payments to the village, in payment order. */
  paymentsOfVillage(villageId: string): Promise<VillagePayment[]> {
    return this.rows(
      `SELECT p.project_id AS "projectId", pr.code AS "projectCode", p.amount::text AS amount,
              to_char(p.payment_date, 'YYYY-MM-DD') AS date, p.bank_reference AS "bankReference", v.number AS voucher
         FROM payment p JOIN voucher v ON v.id = p.voucher_id JOIN project pr ON pr.id = p.project_id
        WHERE p.village_id = $1 AND p.status = 'posted' ORDER BY p.payment_date, p.created_at`,
      [villageId],
    );
  }
}
