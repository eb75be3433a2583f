/**
 * The reports aggregate in PostgreSQL (issue 14): the trial balance from per-account sums, the run statement from
 * one row a village. Each answer is checked against an independent computation over the posted lines themselves,
 * on books with three years of runs (one reversed and run again), partial payments and a reversed payment, at
 * dates before, between and after them: the line-by-line fold the trial balance used to be, and FIFO matching
 * written out in the test.
 */
import { CapitalService } from '../../src/capital/capital.service';
import { trialBalance } from '../../src/core/ledger';
import { formatFen, parseMoney } from '../../src/core/money';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { PaymentsService } from '../../src/payments/payments.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { JournalReport } from '../../src/reports/journal.service';
import { ReportsService } from '../../src/reports/reports.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

const TODAY = '2026-11-28';
/** Before the first voucher, on a posting day, between postings, the day a reversal lands, and today. */
const DATES = ['2023-06-30', '2024-03-31', '2024-12-31', '2025-04-10', '2025-04-20', '2025-06-15', '2026-03-31', TODAY];

describe('reports aggregated in PostgreSQL give the line-by-line answers', () => {
  const maker = accountant('agg-maker');
  const checker = accountant('agg-checker');
  let t: TestModule;
  let projectId: string;
  let codes: string[];
  const runIds: string[] = [];

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
    codes = [uniqueCode('AA'), uniqueCode('AB'), uniqueCode('AC')];
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('AP'), name: '汇总项目', startDate: '2023-01-01' })).id;
    for (const [i, code] of codes.entries()) {
      await t.get(VillagesService).create(maker, { code, name: `汇总村${i}` });
      await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode: code });
      const amount = ['100000.00', '250000.00', '80000.00'][i];
      await t.get(CapitalService).create(maker, projectId, { villageCode: code, date: '2023-01-01', amount, kind: 'cash' });
    }
    await t.get(PoliciesService).create(maker, projectId, {
      effectiveFromYear: 2023,
      policy: { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] },
    });
    for (const [year, costs] of [
      [2023, '10000.00'],
      [2024, '12000.00'],
      [2025, '9000.00'],
    ] as const) {
      await t.get(ResultsService).create(maker, projectId, { year, revenue: '60000.00', costs });
    }
    const runs = t.get(RunsService);
    const post = async (year: number, date: string) => {
      const run = await runs.create(maker, projectId, year);
      await runs.approve(checker, projectId, run.id);
      await runs.post(maker, projectId, run.id, date);
      runIds.push(run.id);
      return run.id;
    };
    const pay = (village: number, amount: string, date: string) =>
      t.get(PaymentsService).payVillage(maker, projectId, { villageCode: codes[village], amount, date, bankReference: `AGG-${date}` });
    await post(2023, '2024-03-31');
    await pay(0, '3000.00', '2024-06-30');
    const reversed = await post(2024, '2025-03-31');
    await runs.reverse(maker, projectId, reversed, '2025-04-10');
    await post(2024, '2025-04-20');
    await pay(0, '9000.00', '2025-05-01'); // more than the 2023 dividend left: FIFO carries it into 2024's
    const refunded = await pay(1, '5000.00', '2025-06-01');
    await t.get(PaymentsService).reverse(maker, projectId, refunded.id, 'village', '2025-06-15');
    await pay(2, '1234.56', '2025-07-01');
    await post(2025, '2026-03-31');
    await pay(1, '20000.00', '2026-04-01');
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(
    DATES.flatMap(
      (asOf) =>
        [
          [asOf, undefined],
          [asOf, '2023-01-01'],
          [asOf, `${asOf.slice(0, 7)}-01`],
        ] as const,
    ),
  )('trial balance as of %s from %s: the fold over every posted line', async (asOf, periodStart) => {
    const tb = await t.get(ReportsService).trialBalance(maker, projectId, asOf, periodStart);
    const lines = await t.get(LedgerRepository).postedLines(projectId, asOf);
    const fold = trialBalance(lines, asOf, periodStart);
    const b = (x: { side: string; amount: bigint }) => ({ side: x.side, amount: formatFen(x.amount) });
    expect(
      tb.rows.map((r) => ({
        account: r.account,
        level: r.level,
        opening: r.opening,
        debit: r.debit,
        credit: r.credit,
        closing: r.closing,
      })),
    ).toEqual(
      fold.rows.map((r) => ({
        account: r.account,
        level: r.level,
        opening: b(r.opening),
        debit: formatFen(r.debit),
        credit: formatFen(r.credit),
        closing: b(r.closing),
      })),
    );
    expect(tb.totals).toEqual(Object.fromEntries(Object.entries(fold.totals).map(([k, v]) => [k, formatFen(v)])));
    expect(tb.periodStart).toBe(fold.periodStart);
  });

  it('trial balance: exact figures today (the bank holds capital and profits less what was paid)', async () => {
    const tb = await t.get(ReportsService).trialBalance(maker, projectId, TODAY, '2026-01-01');
    const bank = tb.rows.find((r) => r.account === '102')!;
    // 430,000.00 capital + 149,000.00 profits of three years − 33,234.56 paid
    // (3,000.00 + 9,000.00 + 5,000.00 − 5,000.00 reversed + 1,234.56 + 20,000.00)
    expect(bank.closing).toEqual({ side: 'debit', amount: '545765.44' });
    expect(bank.credit).toBe('20000.00'); // this year's: the payment of 2026-04-01
    expect(tb.balanced).toBe(true);
  });

  it('trial balance: a period that starts after its date is refused naming periodStart', async () => {
    await expect(t.get(ReportsService).trialBalance(maker, projectId, '2025-01-01', '2025-02-01')).rejects.toMatchObject({
      issues: [{ field: 'periodStart', message: '期初日期 2025-02-01 晚于截止日期 2025-01-01' }],
    });
  });

  /** Owed and paid per run and village, straight from the posted vouchers: FIFO by year, then first voucher. */
  async function expectedRunLines(asOf: string): Promise<Map<string, { owed: bigint; paid: bigint }>> {
    const books = t.get(LedgerRepository);
    const runVouchers = await books.vouchers(projectId, { source: { type: 'run' }, to: asOf });
    const payments = await books.vouchers(projectId, { source: { type: 'payment' }, to: asOf });
    const order: string[] = [];
    const owed = new Map<string, bigint>();
    for (const v of [...runVouchers].sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0) || a.sequence - b.sequence)) {
      if (!order.includes(v.sourceId)) order.push(v.sourceId);
      for (const l of v.lines) {
        if (!l.account.startsWith('211-')) continue;
        const key = `${v.sourceId}/${l.account.slice(4)}`;
        owed.set(key, (owed.get(key) ?? 0n) + l.credit - l.debit);
      }
    }
    const out = new Map<string, { owed: bigint; paid: bigint }>();
    for (const code of codes) {
      let left = 0n;
      for (const v of payments) for (const l of v.lines) if (l.account === `211-${code}`) left += l.debit - l.credit;
      if (left < 0n) left = 0n;
      for (const run of order) {
        const due = owed.get(`${run}/${code}`) ?? 0n;
        const o = due < 0n ? 0n : due;
        const take = left < o ? left : o;
        left -= take;
        out.set(`${run}/${code}`, { owed: o, paid: take });
      }
    }
    return out;
  }

  it.each(DATES)('run statements as of %s: owed and FIFO paid per village, as the posted vouchers give them', async (asOf) => {
    const expected = await expectedRunLines(asOf);
    for (const runId of runIds) {
      const s = await t.get(ReportsService).runStatement(maker, projectId, runId, asOf);
      expect(s.villages.map((v) => [v.code, v.owed, v.paid, v.outstanding])).toEqual(
        codes.map((code) => {
          const e = expected.get(`${runId}/${code}`) ?? { owed: 0n, paid: 0n };
          return [code, formatFen(e.owed), formatFen(e.paid), formatFen(e.owed - e.paid)];
        }),
      );
    }
  });

  it('run statements today: exact amounts where FIFO carries a payment over into the next year', async () => {
    const first = await t.get(ReportsService).runStatement(maker, projectId, runIds[0], TODAY);
    const rerun = await t.get(ReportsService).runStatement(maker, projectId, runIds[2], TODAY);
    const [a2023, a2024] = [first, rerun].map((s) => s.villages.find((v) => v.code === codes[0])!);
    expect(a2023.paid).toBe(a2023.owed); // 12,000.00 paid in all covers 2023 first
    expect(parseMoney(a2023.paid, 'paid') + parseMoney(a2024.paid, 'paid')).toBe(1_200_000n);
    const reversedRun = await t.get(ReportsService).runStatement(maker, projectId, runIds[1], TODAY);
    expect(reversedRun.villages.map((v) => v.owed)).toEqual(['0.00', '0.00', '0.00']);
  });

  it("journal: the whole journal's total is the chain's head, a filtered one is counted", async () => {
    const journal = t.get(JournalReport);
    const whole = await journal.journal(maker, projectId, { page: 1, pageSize: 5 });
    const all = await t.get(LedgerRepository).vouchers(projectId);
    expect(whole.total).toBe(all.length);
    expect(whole.total).toBe(whole.digest.sequence);
    expect(whole.items.map((v) => v.sequence)).toEqual([1, 2, 3, 4, 5]);
    const filtered = await journal.journal(maker, projectId, { page: 1, pageSize: 5, from: '2025-01-01', account: '211' });
    const expected = all.filter((v) => v.date >= '2025-01-01' && v.lines.some((l) => l.account.startsWith('211-'))).length;
    expect(filtered.total).toBe(expected);
    expect(filtered.total).toBeLessThan(whole.total);
  });
});
