/**
 * The books never disagree with the records (issue 9): random sequences of
 * capital events, runs, payments, reversals and year closes, dated at random,
 * through the services. After every step, whatever was accepted or refused:
 * - the trial balance balances;
 * - the run statements, the village statements and the trial balance agree on
 *   what each village is owed, paid and outstanding;
 * - no village is ever paid more than it is owed as of any date (its 211
 *   account never has a debit balance at the end of any day);
 * - verification says ok.
 * A refused step must be refused as bad input or a conflict, never anything else.
 */
import fc from 'fast-check';
import { CapitalService } from '../../src/capital/capital.service';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors';
import { formatFen, parseMoney } from '../../src/core/money';
import { VerificationService } from '../../src/ledger/verification.service';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { YearCloseService } from '../../src/ledger/year-close.service';
import { PaymentsService } from '../../src/payments/payments.service';
import { AuditTrail } from '../../src/platform/audit/audit-trail';
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
const START = '2023-01-01';
const YEARS = [2023, 2024, 2025] as const;
const RUNS = Number(process.env.BOOKS_PROPERTY_RUNS ?? 200);

const DAY = 86_400_000;
const startMs = Date.parse(`${START}T00:00:00Z`);
const days = (Date.parse(`${TODAY}T00:00:00Z`) - startMs) / DAY;
/** Any date from the project's start to a few days after today (the future must be refused). */
const dateArb = fc.integer({ min: 0, max: days + 5 }).map((d) => new Date(startMs + d * DAY).toISOString().slice(0, 10));
const yuan = (min: number, max: number) => fc.integer({ min, max }).map((n) => formatFen(BigInt(n)));

type Step =
  | { op: 'capital'; village: number; date: string; amount: string }
  | { op: 'run'; year: number; date: string }
  | { op: 'reverseRun'; year: number; date: string | undefined }
  | { op: 'pay'; village: number; date: string; amount: string }
  | { op: 'reversePayment'; index: number; date: string | undefined }
  | { op: 'close'; year: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('capital' as const), village: fc.nat(1), date: dateArb, amount: yuan(-6_000_000, 6_000_000) }),
  fc.record({ op: fc.constant('run' as const), year: fc.constantFrom(...YEARS), date: dateArb }),
  fc.record({ op: fc.constant('run' as const), year: fc.constantFrom(...YEARS), date: dateArb }),
  fc.record({ op: fc.constant('reverseRun' as const), year: fc.constantFrom(...YEARS), date: fc.option(dateArb, { nil: undefined }) }),
  fc.record({ op: fc.constant('pay' as const), village: fc.nat(1), date: dateArb, amount: yuan(1, 1_500_000) }),
  fc.record({ op: fc.constant('pay' as const), village: fc.nat(1), date: dateArb, amount: yuan(1, 1_500_000) }),
  fc.record({ op: fc.constant('reversePayment' as const), index: fc.nat(5), date: fc.option(dateArb, { nil: undefined }) }),
  fc.record({ op: fc.constant('close' as const), year: fc.constantFrom(...YEARS) }),
);

/** Refusals the API answers with 400, 404 or 409. */
const refused = (e: unknown) => e instanceof ValidationError || e instanceof ConflictError || e instanceof NotFoundError;

describe('books and records agree under random sequences (fast-check, through the services)', () => {
  const maker = accountant('prop-maker');
  const checker = accountant('prop-checker');
  let t: TestModule;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newPark() {
    const codes = [uniqueCode('PA'), uniqueCode('PB')];
    const villages = [];
    for (const [i, code] of codes.entries()) villages.push(await t.get(VillagesService).create(maker, { code, name: `性质村${i}` }));
    const project = await t.get(ProjectsService).create(maker, { code: uniqueCode('PP'), name: '性质项目', startDate: START });
    for (const code of codes) {
      await t.get(ProjectsService).addParticipant(maker, project.id, { villageCode: code });
      await t.get(CapitalService).create(maker, project.id, { villageCode: code, date: START, amount: '100000.00', kind: 'cash' });
    }
    for (const [i, year] of YEARS.entries()) {
      // a profit, a loss and a profit again, so that runs carry deficits forward and recover them
      const costs = ['10000.00', '30000.00', '12000.00'][i];
      await t.get(ResultsService).create(maker, project.id, { year, revenue: '25000.00', costs });
    }
    await t
      .get(PoliciesService)
      .create(maker, project.id, { effectiveFromYear: 2023, policy: { guaranteed: { type: 'rate', rate: '0.06' } } });
    return { projectId: project.id, villages };
  }

  async function apply(park: Awaited<ReturnType<typeof newPark>>, step: Step, payments: string[]): Promise<void> {
    const { projectId, villages } = park;
    const runs = t.get(RunsService);
    switch (step.op) {
      case 'capital':
        await t
          .get(CapitalService)
          .create(maker, projectId, { villageCode: villages[step.village].code, date: step.date, amount: step.amount, kind: 'cash' });
        return;
      case 'run': {
        const run = await runs.create(maker, projectId, step.year);
        await runs.approve(checker, projectId, run.id);
        await runs.post(maker, projectId, run.id, step.date);
        return;
      }
      case 'reverseRun': {
        const posted = (await runs.list(projectId, step.year)).find((r: { status: string }) => r.status === 'posted');
        if (posted) await runs.reverse(maker, projectId, posted.id, step.date);
        return;
      }
      case 'pay': {
        const paid = await t.get(PaymentsService).payVillage(maker, projectId, {
          villageCode: villages[step.village].code,
          amount: step.amount,
          date: step.date,
          bankReference: `P-${payments.length + 1}`,
        });
        payments.push(paid.id);
        return;
      }
      case 'reversePayment':
        if (payments.length)
          await t.get(PaymentsService).reverse(maker, projectId, payments[step.index % payments.length], 'village', step.date);
        return;
      case 'close':
        await t.get(YearCloseService).close(maker, projectId, step.year);
        return;
    }
  }

  async function assertBooksAgree(park: Awaited<ReturnType<typeof newPark>>, context: string): Promise<void> {
    const { projectId, villages } = park;
    const reports = t.get(ReportsService);
    const tb = await reports.trialBalance(maker, projectId, TODAY);
    expect({ context, balanced: tb.balanced }).toEqual({ context, balanced: true });

    const posted = (await t.get(RunsService).list(projectId)).filter((r: { status: string }) => r.status === 'posted');
    for (const v of villages) {
      // What the trial balance says the village is owed now (credit balance of 211-<code>).
      const row = tb.rows.find((r: { account: string }) => r.account === `211-${v.code}`);
      const owedNow = row ? (row.closing.side === 'credit' ? 1n : -1n) * parseMoney(row.closing.amount, 'amount') : 0n;
      // What the village statement says, per posted run of this project.
      const statement = await reports.villageStatement(v.id);
      const lines = statement.dividends.filter((d: { project: string }) => d.project === tb.project);
      const outstanding = lines.reduce((sum: bigint, d: { outstanding: string }) => sum + parseMoney(d.outstanding, 'outstanding'), 0n);
      expect({ context, village: v.code, outstanding: formatFen(outstanding) }).toEqual({
        context,
        village: v.code,
        outstanding: formatFen(owedNow),
      });
      // The run statements say the same, run by run.
      for (const run of posted) {
        const rs = await reports.runStatement(maker, projectId, run.id);
        const line = rs.villages.find((l: { code: string }) => l.code === v.code);
        const mine = lines.find((d: { runId: string }) => d.runId === run.id);
        expect({ context, run: run.year, paid: line?.paid ?? '0.00' }).toEqual({ context, run: run.year, paid: mine?.paid ?? '0.00' });
      }
    }

    // No village is ever paid more than it is owed at the end of any day: recomputed from the posted lines.
    const lines = await t.get(LedgerRepository).postedLines(projectId, TODAY);
    const byDate = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const balance = new Map<string, bigint>();
    for (const [i, l] of byDate.entries()) {
      if (!l.account.startsWith('211-')) continue;
      balance.set(l.account, (balance.get(l.account) ?? 0n) + l.credit - l.debit);
      const endOfDay = i === byDate.length - 1 || byDate[i + 1].date !== l.date;
      if (!endOfDay) continue;
      for (const [account, owed] of balance) {
        expect({ context, account, date: l.date, overpaid: owed < 0n }).toEqual({ context, account, date: l.date, overpaid: false });
      }
    }

    const verification = await t.get(VerificationService).verify(projectId);
    expect({ context, ok: verification.ok }).toEqual({ context, ok: true });
  }

  const accepted: Record<string, number> = {};
  const refusals: Record<string, number> = {};

  it(`holds after every step of ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 7 }), async (steps) => {
        const park = await newPark();
        const payments: string[] = [];
        for (const [i, step] of steps.entries()) {
          try {
            await apply(park, step, payments);
            accepted[step.op] = (accepted[step.op] ?? 0) + 1;
          } catch (e) {
            if (!refused(e)) throw e;
            refusals[step.op] = (refusals[step.op] ?? 0) + 1;
          }
          await assertBooksAgree(park, `step ${i + 1} ${JSON.stringify(step)}`);
        }
        // The audit trail is one chain for the whole service: verified once per sequence, it covers every step's entries.
        expect(await t.get(AuditTrail).verify()).toMatchObject({ ok: true });
      }),
      {
        numRuns: RUNS,
        // The reproductions first: a payment dated before its dividend was posted; a run reversed after it was paid.
        examples: [
          [
            [
              { op: 'run', year: 2023, date: '2025-06-01' },
              { op: 'pay', village: 0, date: '2024-01-01', amount: '100.00' },
            ],
          ],
          [
            [
              { op: 'run', year: 2023, date: '2024-03-01' },
              { op: 'pay', village: 0, date: '2024-06-01', amount: '100.00' },
              { op: 'reverseRun', year: 2023, date: '2024-07-01' },
            ],
          ],
        ],
      },
    );
    // A generator that never gets a step through would make this test unable to fail: every kind of step must have
    // been accepted somewhere (and refusals happen too: they are part of what is tested).
    if (RUNS >= 100) {
      for (const op of ['capital', 'run', 'reverseRun', 'pay', 'reversePayment', 'close']) {
        expect({ op, accepted: (accepted[op] ?? 0) > 0 }).toEqual({ op, accepted: true });
      }
      expect(Object.values(refusals).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  }, 600_000);
});
