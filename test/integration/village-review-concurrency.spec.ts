/**
 * Review of issue 16: a bank payment file confirmed while a single household payment is made, many times at once.
 * Both queue on the run's row and then the village book: whichever comes second sees the first and is refused (the
 * file whole, OVERPAYMENT; or the single payment, OVERPAYMENT), so no household is ever paid beyond its amount.
 */
import { randomUUID } from 'node:crypto';
import { HouseholdsService } from '../../src/households/households.service';
import { ShareRegistersService } from '../../src/households/share-registers.service';
import { VillageBookService } from '../../src/ledger/village-book.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { Actor } from '../../src/platform/context/actor';
import { VillagePaymentsService } from '../../src/village-runs/village-payments.service';
import { VillagePoliciesService } from '../../src/village-runs/village-policies.service';
import { VillageRunsService } from '../../src/village-runs/village-runs.service';
import { VillagesService } from '../../src/villages/villages.service';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

const accountant = (login: string): Actor => ({ userId: randomUUID(), login, role: 'accountant', villageId: null });

describe('village review: a payment file confirmed while single payments are made', () => {
  let t: TestModule;
  const maker = accountant('vrr-maker');
  const checker = accountant('vrr-checker');

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
  });
  afterAll(async () => {
    await t.close();
  });

  async function postedRun(): Promise<{ villageId: string; treasurer: Actor; runId: string }> {
    const villageId = (await t.get(VillagesService).create(maker, { code: uniqueCode('V'), name: '东沟村' })).id;
    const treasurer: Actor = { userId: randomUUID(), login: 'vrr-treasurer', role: 'treasurer', villageId };
    await t.get(VillageBookService).open(treasurer, villageId, '2025-01-01');
    await t.get(VillageBookService).otherIncome(treasurer, villageId, { date: '2025-05-01', amount: '300.00', summary: '租金' });
    await t.get(VillagePoliciesService).create(treasurer, villageId, { effectiveFromYear: 2025, policy: { weights: { POP: '1' } } });
    for (let i = 1; i <= 3; i++)
      await t
        .get(HouseholdsService)
        .create(treasurer, villageId, { code: `H${i}`, headName: `户主${i}`, bankAccount: `62170000000000${i}0` });
    await t.get(ShareRegistersService).create(treasurer, villageId, {
      registeredOn: '2025-01-01',
      kinds: [{ code: 'POP', name: '人口股' }],
      holdings: [1, 2, 3].map((i) => ({ household: `H${i}`, kind: 'POP', units: '1' })),
    });
    const runs = t.get(VillageRunsService);
    const runId = (await runs.create(treasurer, villageId, 2025)).id;
    await runs.approve(checker, villageId, runId);
    await runs.post(treasurer, villageId, runId, '2026-01-15');
    return { villageId, treasurer, runId };
  }

  it('each household is paid at most its 100.00, however the file and the single payments interleave', async () => {
    const payments = t.get(VillagePaymentsService);
    for (let round = 0; round < 3; round++) {
      const { villageId, treasurer, runId } = await postedRun();
      const file = await payments.createFile(treasurer, villageId, runId);
      const results = await Promise.allSettled([
        payments.pay(treasurer, villageId, runId, { household: 'H2', amount: '100.00', date: '2026-02-01', bankReference: 'ONE' }),
        payments.confirm(treasurer, villageId, runId, file.id, { paidOn: '2026-02-01', bankReference: 'FILE' }),
        payments.pay(treasurer, villageId, runId, { household: 'H3', amount: '0.01', date: '2026-02-01', bankReference: 'TWO' }),
      ]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('OVERPAYMENT');
      const paid = await t.db.query(
        `SELECT l.account, sum(l.debit - l.credit)::text AS paid FROM voucher v JOIN voucher_line l ON l.voucher_id = v.id
          WHERE v.book_id = $1 AND v.source_type = 'village-payment' AND l.account LIKE '211-%' GROUP BY l.account ORDER BY l.account`,
        [villageId],
      );
      for (const p of paid) expect(BigInt(p.paid.replace('.', ''))).toBeLessThanOrEqual(10000n);
      const s = await t.get(VillageRunsService).statement(treasurer, villageId, runId);
      for (const h of s.households) expect(h.outstanding.startsWith('-')).toBe(false);
      expect(s.totals.amount).toBe('300.00');
    }
  });
});
