/**
 * The trial balance's sums read the lines after the latest closed year in one of two ways, chosen by how many
 * vouchers that range holds (ReportsRepository.accountSums): by their vouchers' ids (voucher_line's key) when few,
 * PostgreSQL's hash join when many. Both must give the same sums, and those the line-by-line fold's, with and
 * without closed years, with the period starting before, at and after the carried-forward balances.
 */
import { CapitalService } from '../../src/capital/capital.service';
import { PostedLine, trialBalance } from '../../src/core/ledger';
import { AccountSums, trialBalanceOfSums } from '../../src/core/ledger/trial-balance';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { YearCloseService } from '../../src/ledger/year-close.service';
import { PaymentsService } from '../../src/payments/payments.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { ReportsRepository } from '../../src/reports/reports.repository';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

const TODAY = '2026-11-28';
const DATES = ['2023-06-30', '2024-03-31', '2024-12-31', '2025-05-01', '2025-12-31', '2026-03-31', TODAY];

describe('trial balance sums: the lookup by voucher ids and the hash join agree', () => {
  const maker = accountant('tbp-maker');
  const checker = accountant('tbp-checker');
  let t: TestModule;
  let projectId: string;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
    const codes = [uniqueCode('PA'), uniqueCode('PB')];
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('PP'), name: '路径项目', startDate: '2023-01-01' })).id;
    for (const [i, code] of codes.entries()) {
      await t.get(VillagesService).create(maker, { code, name: `路径村${i}` });
      await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode: code });
      await t
        .get(CapitalService)
        .create(maker, projectId, { villageCode: code, date: '2023-01-01', amount: ['100000.00', '250000.00'][i], kind: 'cash' });
    }
    await t.get(PoliciesService).create(maker, projectId, {
      effectiveFromYear: 2023,
      policy: { guaranteed: { type: 'rate', rate: '0.06' }, deductions: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }] },
    });
    for (const [year, costs] of [
      [2023, '10000.00'],
      [2024, '12000.00'],
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
    const pay = (village: number, amount: string, date: string) =>
      t.get(PaymentsService).payVillage(maker, projectId, { villageCode: codes[village], amount, date, bankReference: `TBP-${date}` });
    await pay(0, '3000.00', '2024-06-30');
    await pay(1, '1234.56', '2025-05-01');
    await pay(0, '700.01', '2026-02-01');
  });
  afterAll(async () => {
    await t.close();
  });

  const asSums = (rows: Awaited<ReturnType<ReportsRepository['accountSums']>>): AccountSums[] =>
    rows.map((r) => ({
      account: r.account,
      openingDebit: BigInt(r.openingDebit),
      openingCredit: BigInt(r.openingCredit),
      debit: BigInt(r.debit),
      credit: BigInt(r.credit),
    }));

  async function expectBothPathsAreTheFold(): Promise<number> {
    const repo = t.get(ReportsRepository);
    let compared = 0;
    for (const asOf of DATES) {
      const lines: PostedLine[] = await t.get(LedgerRepository).postedLines(projectId, asOf);
      for (const periodStart of [`${asOf.slice(0, 4)}-01-01`, '2023-01-01', `${asOf.slice(0, 7)}-01`, asOf]) {
        const byVoucher = await repo.accountSums(projectId, periodStart, asOf, Infinity);
        const hashJoin = await repo.accountSums(projectId, periodStart, asOf, 0);
        const order = (rows: typeof byVoucher) => [...rows].sort((a, b) => a.account.localeCompare(b.account));
        expect({ asOf, periodStart, sums: order(byVoucher) }).toEqual({ asOf, periodStart, sums: order(hashJoin) });
        expect(trialBalanceOfSums(asSums(byVoucher), asOf, periodStart)).toEqual(trialBalance(lines, asOf, periodStart));
        compared += byVoucher.length;
      }
    }
    return compared;
  }

  it('with no closed year (every line read)', async () => {
    expect(await expectBothPathsAreTheFold()).toBeGreaterThan(0);
  });

  it('after closing 2023 and 2024 (the carried-forward balances and the lines after them)', async () => {
    await t.get(YearCloseService).close(maker, projectId, 2023);
    await t.get(YearCloseService).close(maker, projectId, 2024);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM closed_year_balance WHERE book_id = $1', [projectId]);
    expect(n).toBeGreaterThan(0);
    expect(await expectBothPathsAreTheFold()).toBeGreaterThan(0);
  });
});
