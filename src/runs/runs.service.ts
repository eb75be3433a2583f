import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertDifferentFromPreparer } from '../core/maker-checker';
import { canonicalJson, runScenario, sha256Hex } from '../core/distribution';
import { ConflictError, ValidationError } from '../core/errors';
import { buildDistributionRun, DistributionResultDocument } from '../core/ledger';
import { parseMoney } from '../core/money';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { DeficitReader } from '../distributions/deficit-reader';
import { ScenarioBuilder } from '../distributions/scenario-builder';
import { currentActor, today } from '../ledger/actor';
import { LedgerWriter } from '../ledger/ledger-writer';
import { YearCloseService } from '../ledger/year-close.service';
import { Project } from '../projects/project.entity';
import { findRun, RunRow, runView } from './run-record';

/**
 * Distribution runs: draft (scenario, policy and result stored with their
 * hashes) → approved (by someone else) → posted (all vouchers in one
 * transaction) → reversed (reversing vouchers; the year is free again).
 * Every state change locks the run row, then the project's books.
 */
@Injectable()
export class RunsService {
  constructor(
    private readonly scenarios: ScenarioBuilder,
    private readonly deficit: DeficitReader,
    private readonly ledger: LedgerWriter,
    private readonly closes: YearCloseService,
    private readonly tx: TransactionRunner,
  ) {}

  create(projectId: string, year: number) {
    return this.tx.run(async (m, audit) => {
      await findByIdOrFail(m, Project, 'project', projectId);
      await this.assertYearFree(m, projectId, year);
      const scenario = await this.scenarios.build(m, projectId, year);
      const result = runScenario(scenario);
      const policyJson = JSON.stringify(scenario.policy);
      const actor = currentActor();
      const [{ id }] = await m.query(
        `INSERT INTO distribution_run (project_id, year, status, scenario_json, policy_json, result_json, inputs_hash, result_hash,
                                       policy_hash, prepared_by, prepared_by_login)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [projectId, year, JSON.stringify(scenario), policyJson, JSON.stringify(result), result.inputsHash, result.resultHash,
          sha256Hex(canonicalJson(scenario.policy)), actor.userId, actor.login],
      );
      await audit('create', 'distribution-run', id, { year, inputsHash: result.inputsHash, resultHash: result.resultHash });
      return runView(await findRun(m, projectId, id));
    });
  }

  approve(projectId: string, id: string) {
    return this.tx.run(async (m, audit) => {
      const run = await findRun(m, projectId, id, true);
      if (run.status !== 'draft') throw new ConflictError(`run is ${run.status}, only a draft can be approved`, 'status');
      const actor = currentActor();
      assertDifferentFromPreparer(run.preparedBy ?? run.preparedByLogin, actor.userId ?? actor.login);
      await m.query(`UPDATE distribution_run SET status = 'approved', approved_by = $2, approved_by_login = $3, approved_at = now() WHERE id = $1`,
        [id, actor.userId, actor.login]);
      await audit('approve', 'distribution-run', id, { year: run.year });
      return runView(await findRun(m, projectId, id), false);
    });
  }

  post(projectId: string, id: string, date = today()) {
    return this.tx.run(async (m, audit) => {
      const run = await findRun(m, projectId, id, true);
      if (run.status !== 'approved') throw new ConflictError(`run is ${run.status}, only an approved run can be posted`, 'status');
      if (date <= `${run.year}-12-31`) throw ValidationError.of('date', `a ${run.year} run is posted after the year, not on ${date}`);
      await this.ledger.lock(m, projectId);
      await this.assertYearFree(m, projectId, run.year);
      await this.assertStillMatchesBooks(m, run);
      const closes = await this.closes.postResultClose(m, projectId, run.year, `run:${id}`);
      const scenario = JSON.parse(run.scenarioJson);
      const deductionNames = Object.fromEntries(((scenario.policy.deductions ?? []) as Array<{ code: string; name?: string }>)
        .filter((d) => d.name).map((d) => [d.code, d.name as string]));
      const vouchers = buildDistributionRun(JSON.parse(run.resultJson) as DistributionResultDocument, { date, deductionNames });
      const posted = await this.ledger.post(m, projectId, vouchers, { type: 'run', id, fiscalYear: run.year });
      // The partial unique index is the guarantee; the check above only gives the nicer message.
      await m.query(`UPDATE distribution_run SET status = 'posted', posted_by_login = $2, posted_at = now(), posting_date = $3 WHERE id = $1`,
        [id, currentActor().login, date]);
      const numbers = [...closes, ...posted].map((v) => v.voucherNumber);
      await audit('post', 'distribution-run', id, { year: run.year, date, vouchers: numbers });
      return { ...runView(await findRun(m, projectId, id), false), vouchers: numbers };
    });
  }

  reverse(projectId: string, id: string, date = today()) {
    return this.tx.run(async (m, audit) => {
      const run = await findRun(m, projectId, id, true);
      if (run.status !== 'posted') throw new ConflictError(`run is ${run.status}, only a posted run can be reversed`, 'status');
      if (date < run.postingDate!) throw ValidationError.of('date', `a reversal cannot be dated before the posting (${run.postingDate})`);
      await this.ledger.lock(m, projectId);
      const later = await m.query(`SELECT year FROM distribution_run WHERE project_id = $1 AND year > $2 AND status = 'posted' LIMIT 1`, [projectId, run.year]);
      if (later.length) throw new ConflictError(`the ${later[0].year} run was computed from this one's deficit: reverse it first`, 'year');
      const reversed = [
        ...(await this.ledger.reverseSource(m, projectId, 'run', id, date)),
        ...(await this.ledger.reverseSource(m, projectId, 'year-close', `run:${id}`, date)),
      ];
      await this.assertNothingOverpaid(m, projectId);
      await m.query(`UPDATE distribution_run SET status = 'reversed', reversed_by_login = $2, reversed_at = now(), reversal_date = $3 WHERE id = $1`,
        [id, currentActor().login, date]);
      const numbers = reversed.map((v) => v.voucherNumber);
      await audit('reverse', 'distribution-run', id, { year: run.year, date, vouchers: numbers });
      return { ...runView(await findRun(m, projectId, id), false), vouchers: numbers };
    });
  }

  private async assertYearFree(m: EntityManager, projectId: string, year: number): Promise<void> {
    const rows = await m.query(`SELECT id FROM distribution_run WHERE project_id = $1 AND year = $2 AND status = 'posted'`, [projectId, year]);
    if (rows.length) throw new ConflictError(`the ${year} distribution is already posted (run ${rows[0].id}); reverse it first`, 'year');
  }

  /** The books must still carry the N and B the run was computed with (docs/ledger.md pitfalls 2–4). */
  private async assertStillMatchesBooks(m: EntityManager, run: RunRow): Promise<void> {
    const scenario = JSON.parse(run.scenarioJson);
    const booked = await this.closes.bookedResult(m, run.projectId, run.year);
    const revenue = parseMoney(scenario.result.revenue, 'revenue');
    const costs = parseMoney(scenario.result.costs, 'costs');
    if (booked.revenue !== revenue || booked.costs !== costs) {
      throw new ConflictError(`the ${run.year} result in the books differs from the run's scenario: draft a new run`, 'result');
    }
    const b = await this.deficit.broughtForward(m, run.projectId, run.year);
    if (b !== scenario.deficitBroughtForward) {
      throw new ConflictError(`the deficit brought forward is now ${b}, the run used ${scenario.deficitBroughtForward}: draft a new run`, 'deficitBroughtForward');
    }
  }

  /** Reversing a distribution that was already paid out would leave villages owing money back. */
  private async assertNothingOverpaid(m: EntityManager, projectId: string): Promise<void> {
    const rows = await m.query(
      `SELECT l.account, sum(l.debit - l.credit)::text AS net FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.project_id = $1 AND (l.account LIKE '211-%' OR l.account = '112-OPERATOR') GROUP BY l.account
       HAVING (l.account LIKE '211-%' AND sum(l.debit - l.credit) > 0) OR (l.account = '112-OPERATOR' AND sum(l.debit - l.credit) < 0)`,
      [projectId],
    );
    if (rows.length) throw new ConflictError(`${rows[0].account} has already been paid against this run: reverse the payments first`, 'payments');
  }
}
