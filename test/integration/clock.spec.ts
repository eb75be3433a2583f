/**
 * "Today" comes from the injected Clock, in Beijing time: a run posted, a
 * payment reversed and a run reversed without a date carry the clock's date,
 * not the machine's. The clock stands at half past midnight in Beijing, when
 * the machine (UTC, or any zone west of UTC+8) still sees the day before.
 */
import { CapitalService } from '../../src/capital/capital.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { PaymentsService } from '../../src/payments/payments.service';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { ReportsService } from '../../src/reports/reports.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

/** 00:30 on 1 January 2026 in Beijing; still 31 December 2025 in UTC. */
const NEW_YEAR_IN_BEIJING = new Date('2025-12-31T16:30:00Z');

describe('the clock: default dates are today in Beijing, from the injected Clock', () => {
  const clock = new FixedClock(NEW_YEAR_IN_BEIJING);
  const maker = accountant('clock-maker');
  const checker = accountant('clock-checker');
  let t: TestModule;
  let projectId: string;
  let villageCode: string;

  beforeAll(async () => {
    t = await createTestModule({ clock });
    villageCode = uniqueCode('V');
    await t.get(VillagesService).create(maker, { code: villageCode, name: '时钟村' });
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('P'), name: '时钟项目', startDate: '2024-01-01' })).id;
    await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode });
    await t.get(CapitalService).create(maker, projectId, { villageCode, date: '2024-01-01', amount: '100000.00', kind: 'cash' });
    await t.get(ResultsService).create(maker, projectId, { year: 2024, revenue: '50000.00', costs: '10000.00' });
    await t
      .get(PoliciesService)
      .create(maker, projectId, { effectiveFromYear: 2024, policy: { guaranteed: { type: 'rate', rate: '0.06' } } });
  });
  afterAll(async () => {
    await t.close();
  });

  const voucherDates = async (sourceId: string): Promise<string[]> =>
    (
      await t.db.query(`SELECT to_char(voucher_date, 'YYYY-MM-DD') AS d FROM voucher WHERE source_id = $1 ORDER BY sequence`, [sourceId])
    ).map((r: { d: string }) => r.d);

  let runId: string;
  it("posts a run without a date on the clock's Beijing date", async () => {
    expect(NEW_YEAR_IN_BEIJING.toISOString().slice(0, 10)).toBe('2025-12-31'); // the UTC date differs from Beijing's
    const runs = t.get(RunsService);
    runId = (await runs.create(maker, projectId, 2024)).id;
    await runs.approve(checker, projectId, runId);
    const posted = await runs.post(maker, projectId, runId, undefined);
    expect(posted).toMatchObject({ status: 'posted', postingDate: '2026-01-01' });
    const dates = await voucherDates(runId);
    expect(dates.length).toBeGreaterThan(0);
    expect(new Set(dates)).toEqual(new Set(['2026-01-01']));
  });

  it("reverses a payment without a date on the clock's Beijing date, after the clock moves", async () => {
    const payments = t.get(PaymentsService);
    clock.set('2026-01-05'); // a payment may not be dated after today
    const paid = await payments.payVillage(maker, projectId, {
      villageCode,
      amount: '100.00',
      date: '2026-01-05',
      bankReference: 'CLOCK-1',
    });
    clock.set(new Date('2026-02-10T16:00:00Z')); // 00:00 on 11 February in Beijing
    const reversed = await payments.reverse(maker, projectId, paid.id, 'village');
    expect(reversed).toMatchObject({ status: 'reversed', reversalVoucher: expect.stringMatching(/^2026-02-\d{4}$/) });
    expect(await voucherDates(paid.id)).toEqual(['2026-01-05', '2026-02-11']);
  });

  it("reverses a run and reads the trial balance as of the clock's date when none is given", async () => {
    clock.set('2026-03-02');
    const reversed = await t.get(RunsService).reverse(maker, projectId, runId, undefined);
    expect(reversed).toMatchObject({ status: 'reversed', reversalDate: '2026-03-02' });
    const dates = await voucherDates(runId);
    expect(dates.filter((d) => d === '2026-03-02')).toHaveLength(dates.length / 2);
    expect((await t.get(ReportsService).trialBalance(maker, projectId)).asOf).toBe('2026-03-02');
  });
});
