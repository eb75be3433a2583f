/**
 * Operator payments against 112-OPERATOR as of their date (issue 9, bug 3),
 * and the chain events a payment and its reversal leave (bug 7). The 2024 run
 * is posted on 2025-03-31 with the operator's top-up of 5,000.00.
 */
import { CapitalService } from '../../src/capital/capital.service';
import { ConflictError, ValidationError } from '../../src/core/errors';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { PaymentsService } from '../../src/payments/payments.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { PoliciesService } from '../../src/policies/policies.service';
import { ProjectsService } from '../../src/projects/projects.service';
import { ResultsService } from '../../src/results/results.service';
import { RunsService } from '../../src/runs/runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

const TODAY = '2026-06-30';

describe('operator payments: never more than the operator owes as of their date, and the chain records payments', () => {
  const maker = accountant('owed-maker');
  const checker = accountant('owed-checker');
  let t: TestModule;
  let projectId: string;
  let villageCode: string;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock(TODAY) });
    villageCode = uniqueCode('V');
    await t.get(VillagesService).create(maker, { code: villageCode, name: '补齐村' });
    projectId = (await t.get(ProjectsService).create(maker, { code: uniqueCode('P'), name: '补齐项目', startDate: '2024-01-01' })).id;
    await t.get(ProjectsService).addParticipant(maker, projectId, { villageCode });
    await t.get(CapitalService).create(maker, projectId, { villageCode, date: '2024-01-01', amount: '100000.00', kind: 'cash' });
    await t.get(ResultsService).create(maker, projectId, { year: 2024, revenue: '2000.00', costs: '1000.00' });
    await t.get(PoliciesService).create(maker, projectId, {
      effectiveFromYear: 2024,
      policy: { guaranteed: { type: 'rate', rate: '0.06' }, shortfall: 'operator_tops_up' },
    });
    const runs = t.get(RunsService);
    const run = await runs.create(maker, projectId, 2024);
    await runs.approve(checker, projectId, run.id);
    await runs.post(maker, projectId, run.id, '2025-03-31');
    expect(await t.get(LedgerRepository).accountNet(projectId, '112-OPERATOR')).toBe(500_000n);
  });
  afterAll(async () => {
    await t.close();
  });

  const payOperator = (amount: string, date: string) =>
    t.get(PaymentsService).payOperator(maker, projectId, { amount, date, bankReference: `OP-${date}` });
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    if (e instanceof ValidationError) return { status: 400, fields: e.issues.map((i) => i.field), message: e.message };
    if (e instanceof ConflictError) return { status: 409, fields: [e.field], message: e.message };
    throw e ?? new Error('accepted');
  };

  it('refuses a date in the future or before the start with 400 naming date, before looking at the amount', async () => {
    for (const date of ['2030-01-01', '9999-12-31', '0001-01-01', '2023-12-31']) {
      expect(await refusal(payOperator('99999.00', date))).toMatchObject({ status: 400, fields: ['date'] });
    }
  });

  it('refuses a payment dated before the top-up was posted (409 naming date), and more than is owed today (409 naming amount)', async () => {
    expect(await refusal(payOperator('1.00', '2025-03-30'))).toMatchObject({ status: 409, fields: ['date'] });
    expect(await refusal(payOperator('5000.01', TODAY))).toMatchObject({ status: 409, fields: ['amount'] });
    const paid = await payOperator('5000.00', '2025-03-31');
    expect(paid).toMatchObject({ kind: 'operator', amount: '5000.00', date: '2025-03-31', status: 'posted' });
  });

  it('records payment.posted and payment.reversed in the event chain', async () => {
    const payments = t.get(PaymentsService);
    const paid = await payments.payVillage(maker, projectId, { villageCode, amount: '12.34', date: '2025-04-01', bankReference: 'EV-1' });
    const reversed = await payments.reverse(maker, projectId, paid.id, 'village', '2025-04-02');
    const events: Array<{ kind: string; date: string; payload: unknown }> = await t.db.query(
      `SELECT kind, to_char(event_date, 'YYYY-MM-DD') AS date, payload FROM ledger_event
        WHERE book_id = $1 AND subject_id::text = $2 ORDER BY sequence`,
      [projectId, paid.id],
    );
    const parsed = events.map((e) => ({ ...e, payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload }));
    expect(parsed).toEqual([
      {
        kind: 'payment.posted',
        date: '2025-04-01',
        payload: {
          paymentId: paid.id,
          kind: 'village',
          villageCode,
          amount: '12.34',
          date: '2025-04-01',
          bankReference: 'EV-1',
          voucher: paid.voucher,
        },
      },
      {
        kind: 'payment.reversed',
        date: '2025-04-02',
        payload: { paymentId: paid.id, date: '2025-04-02', voucher: reversed.reversalVoucher },
      },
    ]);
  });
});
