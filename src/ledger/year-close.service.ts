import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ConflictError, ValidationError } from '../core/errors';
import { accounts, buildYearClose } from '../core/ledger';
import { formatFen } from '../core/money';
import { findByIdOrFail } from '../database/lookups';
import { TransactionRunner } from '../database/transaction-runner';
import { Project } from '../projects/project.entity';
import { currentActor } from './actor';

import { accountNet, PostedVoucher } from './ledger-reader';
import { LedgerWriter } from './ledger-writer';

/**
 * Closing a year: the result's close vouchers (501 and 511 through 321 into
 * 322-02, dated 31 December) are posted once, either by the year's
 * distribution run or by the year-close action; the action also locks the
 * period so that nothing else can be dated inside it.
 */
@Injectable()
export class YearCloseService {
  constructor(private readonly ledger: LedgerWriter, private readonly tx: TransactionRunner) {}

  async isResultClosed(m: EntityManager, projectId: string, year: number): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM voucher v WHERE v.project_id = $1 AND v.source_type = 'year-close' AND v.fiscal_year = $2
          AND v.reversal_of IS NULL AND NOT EXISTS (SELECT 1 FROM voucher r WHERE r.reversal_of = v.id) LIMIT 1`,
      [projectId, year],
    );
    return rows.length > 0;
  }

  /** The year's revenue and costs as the books hold them (its result vouchers, corrections included). */
  async bookedResult(m: EntityManager, projectId: string, year: number): Promise<{ revenue: bigint; costs: bigint }> {
    const where = "v.fiscal_year = $4 AND v.source_type = 'year-result'";
    const revenue = -(await accountNet(m, projectId, accounts.REVENUE, where, [year]));
    const costs = await accountNet(m, projectId, accounts.COSTS, where, [year]);
    return { revenue, costs };
  }

  /** Posts the close unless it is already there; `by` names the run or the action in the source id. */
  async postResultClose(m: EntityManager, projectId: string, year: number, by: string): Promise<PostedVoucher[]> {
    await this.ledger.lock(m, projectId);
    if (await this.isResultClosed(m, projectId, year)) return [];
    const { revenue, costs } = await this.bookedResult(m, projectId, year);
    const vouchers = buildYearClose({ year, date: `${year}-12-31`, revenue, costs });
    return this.ledger.post(m, projectId, vouchers, { type: 'year-close', id: by, fiscalYear: year });
  }

  close(projectId: string, year: number) {
    return this.tx.run(async (m, audit) => {
      if (!Number.isInteger(year) || year < 1900 || year > 9999) throw ValidationError.of('year', `${year} is not a year`);
      await findByIdOrFail(m, Project, 'project', projectId);
      await this.ledger.lock(m, projectId);
      const done = await m.query('SELECT 1 FROM year_close WHERE project_id = $1 AND year = $2', [projectId, year]);
      if (done.length) throw new ConflictError(`year ${year} is already closed`, 'year');
      const hasResult = await m.query('SELECT 1 FROM year_result WHERE project_id = $1 AND year = $2', [projectId, year]);
      const posted = hasResult.length ? await this.postResultClose(m, projectId, year, `action:${year}`) : [];
      const { login } = currentActor();
      await m.query('INSERT INTO year_close (project_id, year, closed_by) VALUES ($1, $2, $3)', [projectId, year, login]);
      const closed = await this.bookedResult(m, projectId, year);
      await audit('close', 'year', `${projectId}:${year}`, { year, vouchers: posted.map((v) => v.voucherNumber) });
      return { projectId, year, closedBy: login, netProfit: formatFen(closed.revenue - closed.costs), vouchers: posted.map((v) => v.voucherNumber) };
    });
  }
}
