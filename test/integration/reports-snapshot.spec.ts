/**
 * A report's rows and the digest printed on it describe the same state (issue
 * 9, bug 6): each report reads in one REPEATABLE READ READ ONLY snapshot. A
 * payment is committed by a second service instance (its own connections)
 * between the report's reading its rows and its reading the digest; the report
 * must still print the digest of the state its rows show.
 */
import { ClsService } from 'nestjs-cls';
import { CapitalService } from '../../src/capital/capital.service';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
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

const TODAY = '2026-06-30';

describe('reports read their rows and their digest in one snapshot', () => {
  const maker = accountant('snap-maker');
  const checker = accountant('snap-checker');
  let t: TestModule;
  let other: TestModule;
  let projectId: string;
  let village: { id: string; code: string };
  let runId: string;
  let paymentNo = 0;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
    other = await createTestModule({ clock: new FixedClock(TODAY) });
    const code = uniqueCode('V');
    village = await t.get(VillagesService).create(maker, { code, name: '快照村' });
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('P'), name: '快照项目', startDate: '2024-01-01' })).id;
    await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode: code });
    await t.get(CapitalService).create(maker, projectId, { villageCode: code, date: '2024-01-01', amount: '100000.00', kind: 'cash' });
    await t.get(ResultsService).create(maker, projectId, { year: 2024, revenue: '50000.00', costs: '10000.00' });
    await t
      .get(PoliciesService)
      .create(maker, projectId, { effectiveFromYear: 2024, policy: { guaranteed: { type: 'rate', rate: '0.06' } } });
    const runs = t.get(RunsService);
    runId = (await runs.create(maker, projectId, 2024)).id;
    await runs.approve(checker, projectId, runId);
    await runs.post(maker, projectId, runId, '2025-03-31');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await other.close();
    await t.close();
  });

  /** Commits a payment of 1.00 through the other instance, outside this instance's CLS context and transaction. */
  const payElsewhere = () =>
    t.get(ClsService).exit(() =>
      other.get(PaymentsService).payVillage(maker, projectId, {
        villageCode: village.code,
        amount: '1.00',
        date: TODAY,
        bankReference: `SNAP-${++paymentNo}`,
      }),
    );

  /** The next read of the digest by this instance first lets a payment commit elsewhere. */
  function paymentBeforeNextDigest(): void {
    const books = t.get(LedgerRepository);
    const digest = books.digest.bind(books);
    jest.spyOn(books, 'digest').mockImplementationOnce(async (id: string) => {
      await payElsewhere();
      return digest(id);
    });
  }

  const head = async () => (await t.get(LedgerRepository).digest(projectId)).sequence;

  it('the run statement', async () => {
    const before = await head();
    paymentBeforeNextDigest();
    const st = await t.get(ReportsService).runStatement(maker, projectId, runId);
    expect([st.villages[0].paid, st.digest.sequence]).toEqual([`${paymentNo - 1}.00`, before]);
    const after = await t.get(ReportsService).runStatement(maker, projectId, runId);
    expect([after.villages[0].paid, after.digest.sequence]).toEqual([`${paymentNo}.00`, before + 1]);
  });

  it('the village statement', async () => {
    const before = await head();
    paymentBeforeNextDigest();
    const st = await t.get(ReportsService).villageStatement(village.id);
    expect([st.dividends[0].paid, st.villageVouchers.length, st.digests[0].sequence]).toEqual([`${paymentNo - 1}.00`, paymentNo, before]);
  });

  it('the trial balance', async () => {
    const before = await head();
    paymentBeforeNextDigest();
    const tb = await t.get(ReportsService).trialBalance(maker, projectId);
    const row = tb.rows.find((r) => r.account === '102');
    const bank = async () => (await t.get(ReportsService).trialBalance(maker, projectId)).rows.find((r) => r.account === '102');
    expect(tb.digest.sequence).toBe(before);
    expect(row).not.toEqual(await bank());
  });

  it('the list of payments', async () => {
    const before = await head();
    paymentBeforeNextDigest();
    const list = await t.get(PaymentsService).list(maker, projectId, 'village');
    expect([list.items.length, list.digest.sequence]).toEqual([paymentNo - 1, before]);
  });
});
