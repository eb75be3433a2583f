/**
 * Balances carried forward at year close (结转, issue 14): closing a year writes every account's sums of the lines
 * dated up to its 31 December (closed_year_balance), and a trial balance whose period starts after a closed year
 * starts from them. Checked against the lines themselves at every step of a project's life: a year closed with
 * nothing in it, years closed after runs and payments, one closed by the action (its result close posted then),
 * reopened (反结账), posted into and closed again; each trial balance against the line-by-line fold, with the
 * period starting before and after the carried-forward balances.
 */
import { CapitalService } from '../../src/capital/capital.service';
import { PostedLine, trialBalance } from '../../src/core/ledger';
import { formatFen } from '../../src/core/money';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { VerificationService } from '../../src/ledger/verification.service';
import { YearCloseService } from '../../src/ledger/year-close.service';
import { PaymentsService } from '../../src/payments/payments.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { ReportsService } from '../../src/reports/reports.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

const TODAY = '2026-11-28';
/** Inside and at the ends of every year, closed or not. */
const DATES = ['2022-12-31', '2023-06-30', '2024-03-31', '2024-12-31', '2025-01-01', '2025-06-15', '2025-12-31', '2026-03-31', TODAY];

describe('trial balances from balances carried forward at year close', () => {
  const maker = accountant('cyb-maker');
  const checker = accountant('cyb-checker');
  let t: TestModule;
  let projectId: string;
  let codes: string[];

  const closes = () => t.get(YearCloseService);
  const pay = (village: number, amount: string, date: string) =>
    t.get(PaymentsService).payVillage(maker, projectId, { villageCode: codes[village], amount, date, bankReference: `CYB-${date}` });

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
    codes = [uniqueCode('CA'), uniqueCode('CB')];
    // The project starts in 2022; its first voucher is of 2023: 2022 is its first year to close, with nothing in it.
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('CP'), name: '结转项目', startDate: '2022-01-01' })).id;
    for (const [i, code] of codes.entries()) {
      await t.get(VillagesService).create(maker, { code, name: `结转村${i}` });
      await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode: code });
      const amount = ['100000.00', '250000.00'][i];
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
    for (const [year, date] of [
      [2023, '2024-03-31'],
      [2024, '2025-03-31'],
    ] as const) {
      const run = await runs.create(maker, projectId, year);
      await runs.approve(checker, projectId, run.id);
      await runs.post(maker, projectId, run.id, date);
    }
    await pay(0, '3000.00', '2024-06-30');
    await pay(1, '1234.56', '2025-05-01');
    await pay(0, '700.01', '2026-02-01');
    // 2025 has a result but no run: closing it posts its result close (dated 2025-12-31) in the close.
  });
  afterAll(async () => {
    await t.close();
  });

  /** closed_year_balance as stored, per year: account → [debit, credit]. */
  async function stored(year: number): Promise<Record<string, [string, string]>> {
    const rows: Array<{ account: string; debit: string; credit: string }> = await t.db.query(
      `SELECT account, debit::text AS debit, credit::text AS credit FROM closed_year_balance WHERE book_id = $1 AND year = $2`,
      [projectId, year],
    );
    return Object.fromEntries(
      rows.map((r) => [r.account, [formatFen(BigInt(r.debit.replace('.', ''))), formatFen(BigInt(r.credit.replace('.', '')))]]),
    );
  }

  /** The same sums computed in the test from the posted lines dated up to the year's 31 December. */
  async function fromLines(year: number): Promise<Record<string, [string, string]>> {
    const sums = new Map<string, [bigint, bigint]>();
    for (const l of await t.get(LedgerRepository).postedLines(projectId, `${year}-12-31`)) {
      const [d, c] = sums.get(l.account) ?? [0n, 0n];
      sums.set(l.account, [d + l.debit, c + l.credit]);
    }
    return Object.fromEntries([...sums].map(([a, [d, c]]) => [a, [formatFen(d), formatFen(c)]]));
  }

  /** Every date, with the period from the project's start, from the year's start (the default), the month's, the day itself. */
  async function expectEveryTrialBalanceIsTheFold(): Promise<void> {
    for (const asOf of DATES) {
      const lines: PostedLine[] = await t.get(LedgerRepository).postedLines(projectId, asOf);
      for (const periodStart of [undefined, '2022-01-01', `${asOf.slice(0, 7)}-01`, asOf]) {
        const tb = await t.get(ReportsService).trialBalance(maker, projectId, asOf, periodStart);
        const fold = trialBalance(lines, asOf, periodStart);
        const b = (x: { side: string; amount: bigint }) => ({ side: x.side, amount: formatFen(x.amount) });
        expect({ asOf, periodStart, rows: tb.rows.map((r) => [r.account, r.opening, r.debit, r.credit, r.closing]) }).toEqual({
          asOf,
          periodStart,
          rows: fold.rows.map((r) => [r.account, b(r.opening), formatFen(r.debit), formatFen(r.credit), b(r.closing)]),
        });
        expect(tb.totals).toEqual(Object.fromEntries(Object.entries(fold.totals).map(([k, v]) => [k, formatFen(v)])));
      }
    }
  }

  it('a year closed with nothing in it carries nothing forward, and the reports are those of the lines', async () => {
    await closes().close(maker, projectId, 2022);
    expect(await stored(2022)).toEqual({});
    await expectEveryTrialBalanceIsTheFold();
  });

  it('closing 2023 and 2024 carries forward every account with lines up to each 31 December, to the fen', async () => {
    await closes().close(maker, projectId, 2023);
    await closes().close(maker, projectId, 2024);
    for (const year of [2023, 2024]) expect(await stored(year)).toEqual(await fromLines(year));
    // Exact, the bank: in, the capital (350,000.00) and each year's revenue (60,000.00); out, the costs
    // (10,000.00, 12,000.00) and 2024's payment (3,000.00); nothing dated after the year's 31 December.
    expect((await stored(2023))['102']).toEqual(['410000.00', '10000.00']);
    expect((await stored(2024))['102']).toEqual(['470000.00', '25000.00']);
    await expectEveryTrialBalanceIsTheFold();
  });

  it('the trial balance reads the carried-forward balances when its period starts after them (a changed row shows)', async () => {
    const bump = (by: string) =>
      t.db.query(`UPDATE closed_year_balance SET debit = debit + $3 WHERE book_id = $1 AND year = $2 AND account = '102'`, [
        projectId,
        2024,
        by,
      ]);
    await bump('1.00');
    try {
      // From 2025 on, 2024's balances stand for the lines up to 2024-12-31: one fen more on one side and it does not balance.
      await expect(t.get(ReportsService).trialBalance(maker, projectId, '2025-06-15', '2025-01-01')).rejects.toThrow(/不平/);
      // A period that starts inside 2024 starts from 2023's balances and reads 2024's lines: unaffected.
      const tb = await t.get(ReportsService).trialBalance(maker, projectId, '2025-06-15', '2024-06-01');
      expect(tb.balanced).toBe(true);
    } finally {
      await bump('-1.00');
    }
  });

  it('closing 2025 by the action posts its result close, carried forward with the rest', async () => {
    const closed = await closes().close(maker, projectId, 2025);
    expect(closed.vouchers.length).toBeGreaterThan(0);
    expect(await stored(2025)).toEqual(await fromLines(2025));
    // 2025's revenue and costs (9,000.00) and its payment (1,234.56) on top of 2024's.
    expect((await stored(2025))['102']).toEqual(['530000.00', '35234.56']);
    await expectEveryTrialBalanceIsTheFold();
  });

  it('reopening 2025 deletes its balances; a voucher posted into it is carried forward at the next close', async () => {
    await closes().requestReopen(maker, projectId, 2025);
    await closes().approveReopen(checker, projectId, 2025);
    expect(await stored(2025)).toEqual({});
    expect(await stored(2024)).toEqual(await fromLines(2024)); // the years before stay closed, their balances kept
    await expectEveryTrialBalanceIsTheFold();

    await pay(1, '100.00', '2025-12-15');
    await expectEveryTrialBalanceIsTheFold();
    await closes().close(maker, projectId, 2025);
    expect(await stored(2025)).toEqual(await fromLines(2025));
    expect((await stored(2025))['102']).toEqual(['530000.00', '35334.56']); // and the 100.00 paid on 2025-12-15
    await expectEveryTrialBalanceIsTheFold();
    const v = await t.get(VerificationService).verify(projectId);
    expect(v.problems).toEqual([]);
  });
});
