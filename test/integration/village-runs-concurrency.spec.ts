/**
 * Village runs at the service level (issue 16): however many confirmations of one bank payment file race, its
 * households are paid once and every caller gets the same answer; two payment files made at once leave one open; and
 * the database itself keeps one posted run per village and year and one open file per run.
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

describe('village runs: concurrent confirmations and files, and the database’s own guards', () => {
  let t: TestModule;
  let villageId: string;
  let treasurer: Actor;
  let runId: string;
  const maker = accountant('vr-maker');
  const checker = accountant('vr-checker');

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    const code = uniqueCode('V');
    villageId = (await t.get(VillagesService).create(maker, { code, name: '西沟村' })).id;
    treasurer = { userId: randomUUID(), login: 'vr-treasurer', role: 'treasurer', villageId };
    await t.get(VillageBookService).open(treasurer, villageId, '2025-01-01');
    await t.get(VillageBookService).otherIncome(treasurer, villageId, { date: '2025-05-01', amount: '1000.00', summary: '租金' });
    await t.get(VillagePoliciesService).create(treasurer, villageId, { effectiveFromYear: 2025, policy: { weights: { POP: '1' } } });
    const households = t.get(HouseholdsService);
    for (let i = 1; i <= 7; i++) {
      await households.create(treasurer, villageId, {
        code: `H${i}`,
        headName: `户主${i}`,
        bankName: '农行',
        bankAccount: `62170000000000${i}0`,
      });
    }
    await t.get(ShareRegistersService).create(treasurer, villageId, {
      registeredOn: '2025-01-01',
      kinds: [{ code: 'POP', name: '人口股' }],
      holdings: Array.from({ length: 7 }, (_, i) => ({ household: `H${i + 1}`, kind: 'POP', units: String(i + 1) })),
    });
    const runs = t.get(VillageRunsService);
    runId = (await runs.create(treasurer, villageId, 2025)).id;
    await runs.approve(checker, villageId, runId);
    await runs.post(treasurer, villageId, runId, '2026-01-15');
  });
  afterAll(async () => {
    await t.close();
  });

  it('splits 1,000.00 by 1 : 2 : … : 7 exactly (Σ = 28; the fen left go to the largest remainders)', async () => {
    const s = await t.get(VillageRunsService).statement(treasurer, villageId, runId);
    // 100000 × k / 28: 3571.43, 7142.86, 10714.29, 14285.71, 17857.14, 21428.57, 25000 fen before the remainders.
    expect(s.households.map((h) => h.amount)).toEqual(['35.71', '71.43', '107.14', '142.86', '178.57', '214.29', '250.00']);
    expect(s.totals.amount).toBe('1000.00');
  });

  it('three files made at once: one is open, the others are refused', async () => {
    const payments = t.get(VillagePaymentsService);
    const results = await Promise.allSettled([1, 2, 3].map(() => payments.createFile(treasurer, villageId, runId)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) expect(r.reason.code).toBe('FILE_OPEN');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM village_payment_file WHERE run_id = $1 AND status = 'open'`, [runId]);
    expect(n).toBe(1);
  });

  it('eight confirmations of the file at once post each household once, and all answer alike', async () => {
    const payments = t.get(VillagePaymentsService);
    const [file] = await payments.listFiles(villageId, runId);
    const body = { paidOn: '2026-02-01', bankReference: 'BATCH-X' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => payments.confirm(i % 2 ? treasurer : maker, villageId, runId, file.id, body)),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].payments).toHaveLength(7);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM voucher WHERE book_id = $1 AND source_type = 'village-payment'`, [
      villageId,
    ]);
    expect(n).toBe(7);
    const audit = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'village-payment-file' AND action = 'confirm' AND entity_id = $1`,
      [file.id],
    );
    expect(audit[0].n).toBe(1);
    const s = await t.get(VillageRunsService).statement(treasurer, villageId, runId);
    expect(s.totals).toEqual({ amount: '1000.00', paid: '1000.00', outstanding: '0.00' });
  });

  it('the database keeps one posted run per village and year, and one open file per run', async () => {
    const [run] = await t.db.query(`SELECT * FROM village_run WHERE id = $1`, [runId]);
    await expect(
      t.db.query(
        `INSERT INTO village_run (village_id, year, status, register_id, policy_from_year, policy_version, input_json, policy_json, result_json,
                                  inputs_hash, result_hash, policy_hash, prepared_by_login)
         VALUES ($1, 2025, 'posted', $2, 2025, 1, '{}', '{}', '{}', $3, $3, $3, 'x')`,
        [villageId, run.register_id, run.inputs_hash],
      ),
    ).rejects.toThrow(/village_run_one_posted/);
    const [h] = await t.db.query(`SELECT id FROM household WHERE village_id = $1 LIMIT 1`, [villageId]);
    const open = `INSERT INTO village_payment_file (run_id, number, status, total, created_by) VALUES ($1, $2, 'open', 1, 'x') RETURNING id`;
    const [first] = await t.db.query(open, [runId, 90]);
    await t.db.query(`INSERT INTO village_payment_file_line (file_id, household_id, amount) VALUES ($1, $2, 1)`, [first.id, h.id]);
    await expect(t.db.query(open, [runId, 91])).rejects.toThrow(/village_payment_file_one_open/);
  });
});
