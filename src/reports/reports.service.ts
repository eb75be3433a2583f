import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { requestContext } from '../common/request-context';
import type { DistributionResult } from '../core/distribution';
import { accountName, trialBalance, Balance } from '../core/ledger';
import { formatFen, parseMoney } from '../core/money';
import { findByIdOrFail } from '../database/lookups';
import { today } from '../ledger/actor';
import { digestOf } from '../ledger/ledger-reader';
import { postedLines } from '../ledger/ledger-reader';
import { Project } from '../projects/project.entity';
import { findRun } from '../runs/run-record';
import { Village } from '../villages/village.entity';
import { allocateFifo } from './fifo';

const bal = (b: Balance) => ({ side: b.side, amount: formatFen(b.amount) });

/** Village codes to names for the project's participants. */
async function villageNames(m: EntityManager, projectId: string): Promise<Map<string, string>> {
  const rows: Array<{ code: string; name: string }> = await m.query(
    'SELECT v.code, v.name FROM project_village pv JOIN village v ON v.id = pv.village_id WHERE pv.project_id = $1', [projectId]);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** A village's sub-account as an accountant writes it: 应付款—程壁村 rather than 应付款—V01. */
function villageNamed(account: string, name: string, names: Map<string, string>): string {
  const m = /^(211|301)-(.+)$/.exec(account);
  const village = m ? names.get(m[2]) : undefined;
  return village ? `${accountName(m![1])}—${village}` : name;
}

/** Reports as JSON; each carries the project's digest so a reader can later check nothing changed. */
@Injectable()
export class ReportsService {
  constructor(private readonly db: DataSource) {}

  async trialBalance(projectId: string, asOf = today(), periodStart?: string) {
    const m = this.db.manager;
    const project = await findByIdOrFail(m, Project, 'project', projectId);
    const tb = trialBalance(await postedLines(m, projectId, asOf), asOf, periodStart);
    const names = await villageNames(m, projectId);
    const t = tb.totals;
    return {
      project: project.code, periodStart: tb.periodStart, asOf: tb.asOf,
      rows: tb.rows.map((r) => ({
        ...r, name: villageNamed(r.account, r.name, names),
        opening: bal(r.opening), debit: formatFen(r.debit), credit: formatFen(r.credit), closing: bal(r.closing),
      })),
      totals: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, formatFen(v)])),
      balanced: t.openingDebit === t.openingCredit && t.debit === t.credit && t.closingDebit === t.closingCredit,
      digest: await digestOf(m, projectId),
    };
  }

  /**
   * "Paid" per village and posted run of a project: payments matched to the
   * dividends oldest year first (FIFO). One pass over the runs and one query
   * for the payments, however many villages the statement shows.
   */
  private async paidByVillage(m: EntityManager, projectId: string, onlyCode?: string): Promise<(code: string, runId: string) => bigint> {
    const runs: Array<{ id: string; result_json: string }> = await m.query(
      `SELECT id, result_json FROM distribution_run WHERE project_id = $1 AND status = 'posted' ORDER BY year`, [projectId]);
    const owed = runs.map((r) => ({
      id: r.id,
      totals: new Map((JSON.parse(r.result_json) as DistributionResult).villages
        .filter((v) => onlyCode === undefined || v.code === onlyCode).map((v) => [v.code, parseMoney(v.total, 'total')])),
    }));
    const paid: Array<{ code: string; paid: string }> = await m.query(
      `SELECT v.code, sum(p.amount)::text AS paid FROM payment p JOIN village v ON v.id = p.village_id
        WHERE p.project_id = $1 AND p.status = 'posted' AND ($2::text IS NULL OR v.code = $2) GROUP BY v.code`, [projectId, onlyCode ?? null]);
    const byVillage = new Map(paid.map((row) => [row.code,
      allocateFifo(owed.map((o) => ({ key: o.id, owed: o.totals.get(row.code) ?? 0n })), parseMoney(row.paid, 'paid'))]));
    return (code, runId) => byVillage.get(code)?.get(runId) ?? 0n;
  }

  /** 分红明细表. A treasurer sees only their own village's line. */
  async runStatement(projectId: string, runId: string) {
    const m = this.db.manager;
    const project = await findByIdOrFail(m, Project, 'project', projectId);
    const run = await findRun(m, projectId, runId);
    const result = JSON.parse(run.resultJson) as DistributionResult;
    const names = new Map<string, string>(JSON.parse(run.scenarioJson).villages.map((v: { code: string; name: string }) => [v.code, v.name]));
    let villages = result.villages;
    const actor = requestContext.get()?.actor;
    if (actor?.role === 'treasurer') {
      const own = actor.villageId ? await m.findOne(Village, { where: { id: actor.villageId } }) : null;
      villages = villages.filter((v) => v.code === own?.code);
    }
    const paidOf = run.status === 'posted' ? await this.paidByVillage(m, projectId) : () => 0n;
    const lines = [];
    for (const v of villages) {
      const paid = paidOf(v.code, run.id);
      const total = parseMoney(v.total, 'total');
      lines.push({ code: v.code, name: names.get(v.code) ?? v.code, capitalBase: v.capitalBase, guaranteed: v.guaranteed, shares: v.shares,
        total: v.total, paid: formatFen(paid), outstanding: formatFen(total - paid), trace: v.trace });
    }
    return {
      project: project.code, year: run.year, runId: run.id, status: run.status, postingDate: run.postingDate,
      inputsHash: run.inputsHash, resultHash: run.resultHash, policyHash: run.policyHash,
      totals: actor?.role === 'treasurer' ? undefined : { netProfit: result.netProfit, guaranteed: result.guaranteedTotal, surplus: result.surplus, deficit: result.deficit },
      villages: lines, payees: actor?.role === 'treasurer' ? [] : result.payees,
      paidRule: 'payments are matched to dividends oldest year first (FIFO)',
      digest: await digestOf(m, projectId),
    };
  }

  /** The village's dividends across projects and years, with the vouchers it should book on its side. */
  async villageStatement(villageId: string) {
    const m = this.db.manager;
    const village = await findByIdOrFail(m, Village, 'village', villageId);
    const runs: Array<{ id: string; project_id: string; project_code: string; year: number; posting_date: string; result_json: string }> = await m.query(
      `SELECT r.id, r.project_id, p.code AS project_code, r.year, to_char(r.posting_date, 'YYYY-MM-DD') AS posting_date, r.result_json
         FROM distribution_run r JOIN project p ON p.id = r.project_id JOIN project_village pv ON pv.project_id = r.project_id AND pv.village_id = $1
        WHERE r.status = 'posted' ORDER BY p.code, r.year`, [villageId]);
    const payments: Array<{ project_id: string; amount: string; date: string; bank_reference: string; voucher: string }> = await m.query(
      `SELECT p.project_id, p.amount::text AS amount, to_char(p.payment_date, 'YYYY-MM-DD') AS date, p.bank_reference, v.number AS voucher
         FROM payment p JOIN voucher v ON v.id = p.voucher_id WHERE p.village_id = $1 AND p.status = 'posted' ORDER BY p.payment_date, p.created_at`, [villageId]);
    const projects = new Map<string, { code: string; digest?: { sequence: number; hash: string } }>();
    const paidIn = new Map<string, (code: string, runId: string) => bigint>();
    const lines = [];
    const villageVouchers = [];
    for (const r of runs) {
      const line = (JSON.parse(r.result_json) as DistributionResult).villages.find((v) => v.code === village.code);
      if (!line || parseMoney(line.total, 'total') === 0n) continue;
      projects.set(r.project_id, { code: r.project_code });
      if (!paidIn.has(r.project_id)) paidIn.set(r.project_id, await this.paidByVillage(m, r.project_id, village.code));
      const paid = paidIn.get(r.project_id)!(village.code, r.id);
      const total = parseMoney(line.total, 'total');
      lines.push({ project: r.project_code, year: r.year, runId: r.id, capitalBase: line.capitalBase, guaranteed: line.guaranteed,
        shares: line.shares, total: line.total, paid: formatFen(paid), outstanding: formatFen(total - paid) });
      villageVouchers.push({ date: r.posting_date, summary: `应收${r.project_code}项目${r.year}年度分红`,
        lines: [{ account: '112', name: '应收款', debit: line.total, credit: '0.00' }, { account: '502', name: '投资收益', debit: '0.00', credit: line.total }] });
    }
    for (const p of payments) {
      if (!projects.has(p.project_id)) projects.set(p.project_id, { code: (await findByIdOrFail(m, Project, 'project', p.project_id)).code });
      villageVouchers.push({ date: p.date, summary: `收到${projects.get(p.project_id)!.code}项目分红款 (${p.bank_reference}, 项目凭证 ${p.voucher})`,
        lines: [{ account: '102', name: '银行存款', debit: p.amount, credit: '0.00' }, { account: '112', name: '应收款', debit: '0.00', credit: p.amount }] });
    }
    villageVouchers.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const [id, p] of projects) p.digest = await digestOf(m, id);
    return { village: { id: village.id, code: village.code, name: village.name }, dividends: lines, villageVouchers,
      digests: [...projects.values()].map((p) => ({ project: p.code, ...p.digest })) };
  }
}
