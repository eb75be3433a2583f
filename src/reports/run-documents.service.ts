import { Injectable } from '@nestjs/common';
import { amountInWords } from '../core/amount-in-words';
import { NotFoundError } from '../core/errors';
import { accounts, buildVillageSideVouchers, VillageReceipt } from '../core/ledger';
import { parseMoney } from '../core/money';
import type { VillageView } from '../core/village-view';
import { villageViewOf } from '../platform/access/treasurer-view';
import { Clock } from '../platform/clock/clock';
import { Actor } from '../platform/context/actor';
import { Snapshot } from '../platform/database/snapshot';
import { VillagesService } from '../villages/villages.service';
import type { Notice, NoticesAnswer } from './documents/notices.document';
import type { PublicityAnswer } from './documents/publicity.document';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { waterfallLine } from './waterfall';

/** How long a public notice stays on the board, and where an objection goes: the township's rule of thumb. */
export const PUBLICITY_DAYS = 7;
const OBJECTIONS = '对公示内容有异议的，请在公示期内向本村村务监督委员会或乡镇农村经营管理站（项目会计）书面提出';

/** "2024-04-15 出资 500000.00 × 261/366" (core/distribution/trace.ts): the event, and its days held of the year's days. */
const CAPITAL_LINE = /^(\d{4}-\d{2}-\d{2}) (?:出资|减资) (-?[0-9]+\.[0-9]{2})(?: × (\d+)\/(\d+))?/;

export function capitalRows(trace: readonly string[]): Notice['capital'] {
  return trace.map((text) => {
    const m = CAPITAL_LINE.exec(text);
    return m
      ? { date: m[1], amount: m[2], daysHeld: m[3] ?? null, daysInYear: m[4] ?? null, text }
      : { date: '', amount: '0.00', daysHeld: null, daysInYear: null, text };
  });
}

/** A date `days - 1` days after `from` (both YYYY-MM-DD): the last day of a period that starts on `from`. */
function lastDay(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The documents a run gives the villages: 分红通知单 (one per village) and 公示表. Both stand on the run statement
 * (ReportsService.runStatementIn), read in one snapshot with the digest and the receipts they print.
 */
@Injectable()
export class RunDocumentsService {
  constructor(
    private readonly statements: ReportsService,
    private readonly reports: ReportsRepository,
    private readonly villages: VillagesService,
    private readonly clock: Clock,
    private readonly snapshot: Snapshot,
  ) {}

  /**
   * 分红通知单 of every village of the run, or of one (`village`, a code). A treasurer gets their own village's only,
   * as the run statement cuts it; naming another village is a 404, as naming an unknown one.
   */
  notices(actor: Actor, projectId: string, runId: string, village?: string, asOf?: string): Promise<NoticesAnswer> {
    return this.snapshot.read(async () => {
      const view: VillageView | undefined = await villageViewOf(actor, this.villages);
      const s = await this.statements.runStatementIn(view, projectId, runId, asOf);
      const lines = village === undefined ? s.villages : s.villages.filter((v) => v.code === village);
      if (village !== undefined && lines.length === 0) throw new NotFoundError('village of the run', village);
      const receipts = await this.reports.receipts({ projectId }, s.asOf);
      const waterfall = s.waterfall;
      const notices = lines.map((v): Notice => {
        const account = accounts.payable(v.code);
        const owed = parseMoney(v.owed, 'owed');
        const mine: VillageReceipt[] = receipts
          .filter((r) => r.account === account)
          .map((r) => ({
            projectCode: r.projectCode,
            date: r.date,
            amount: parseMoney(r.amount, 'amount'),
            bankReference: r.bankReference,
            projectVoucher: r.voucher,
          }));
        const dividend = owed > 0n && s.postingDate ? [{ projectCode: s.project, year: s.year, date: s.postingDate, amount: owed }] : [];
        return {
          village: { code: v.code, name: v.name },
          capitalBase: v.capitalBase,
          capital: capitalRows(v.trace.capital),
          guaranteed: v.guaranteed,
          guaranteedFormula: v.trace.guaranteed,
          shares: waterfall.buckets
            .filter((b) => v.shares[b.code] !== undefined)
            .map((b) => ({ code: b.code, name: b.name, amount: v.shares[b.code], formula: v.trace.shares[b.code] ?? '' })),
          total: v.total,
          totalInWords: amountInWords(parseMoney(v.total, 'total')),
          yieldPercent: v.yieldPercent,
          owed: v.owed,
          paid: v.paid,
          outstanding: v.outstanding,
          villageVouchers: buildVillageSideVouchers(dividend, mine),
        };
      });
      return {
        project: s.project,
        projectName: s.projectName,
        year: s.year,
        runId: s.runId,
        postingDate: s.postingDate,
        asOf: s.asOf,
        notices,
        digest: s.digest,
      };
    });
  }

  /**
   * 公示表: every participating village's capital and dividend, for every role. It is posted on the notice boards of
   * the project's villages, so a treasurer of one of them reads the whole table (the guard already holds them to
   * their own village's projects). The publicity period starts on the day it is printed.
   */
  publicity(projectId: string, runId: string): Promise<PublicityAnswer> {
    return this.snapshot.read(async () => {
      const s = await this.statements.runStatementIn(undefined, projectId, runId);
      const from = this.clock.today();
      return {
        project: s.project,
        projectName: s.projectName,
        year: s.year,
        runId: s.runId,
        asOf: s.asOf,
        waterfall: s.waterfall,
        waterfallLine: waterfallLine(s.waterfall),
        villages: s.villages.map((v) => ({
          code: v.code,
          name: v.name,
          capitalBase: v.capitalBase,
          total: v.total,
          yieldPercent: v.yieldPercent,
        })),
        period: { from, to: lastDay(from, PUBLICITY_DAYS), days: PUBLICITY_DAYS },
        objections: OBJECTIONS,
        digest: s.digest,
        qr: `${s.project} #${s.digest.sequence} ${s.digest.hash}`,
      };
    });
  }
}
