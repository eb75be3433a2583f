/**
 * The group commit (src/ledger/group-commit.ts): concurrent postings to one project's books commit together, in fewer
 * transactions than callers, and each caller still gets its own answer: its own rows, its own audit entry with its own
 * request id, or its own error with nothing of it written. The chain verifies and the numbers stay gapless.
 */
import { ClsService, CLS_ID, ClsStore } from 'nestjs-cls';
import { CapitalService } from '../../src/capital/capital.service';
import { ValidationError } from '../../src/core/errors';
import { buildCapitalEvent } from '../../src/core/ledger';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { VerificationService } from '../../src/ledger/verification.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { ProjectsService } from '../../src/projects/projects.service';
import { VillagesService } from '../../src/villages/villages.service';
import { accountant } from '../support/seed';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

describe('group commit: concurrent postings to one ledger', () => {
  const clerk = accountant('group-clerk');
  let t: TestModule;
  let projectId: string;
  const villages: string[] = [];

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    projectId = (await t.get(ProjectsService).create(clerk, { code: uniqueCode('P'), name: '成组提交', startDate: '2024-01-01' })).id;
    for (let i = 0; i < 4; i++) {
      const code = uniqueCode(`G${i}`);
      await t.get(VillagesService).create(clerk, { code, name: `成组${i}村` });
      await t.get(ProjectsService).addParticipant(clerk, projectId, { villageCode: code });
      await t.get(CapitalService).create(clerk, projectId, { villageCode: code, date: '2024-01-01', amount: '1000.00', kind: 'cash' });
      villages.push(code);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  /** The call in a CLS context of its own, as an HTTP request has, with this request id. */
  const asRequest = <T>(requestId: string, fn: () => Promise<T>): Promise<T> =>
    t.get(ClsService).runWith({ [CLS_ID]: requestId } as ClsStore, fn);

  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );

  async function intact(): Promise<void> {
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
    const numbers: Array<{ n: number; top: number; distinct: number }> = await t.db.query(
      `SELECT count(*)::int AS n, max(right(number, -8)::int) AS top, count(DISTINCT number)::int AS distinct
         FROM voucher WHERE book_id = $1 GROUP BY left(number, 7)`,
      [projectId],
    );
    for (const m of numbers) expect([m.top, m.distinct]).toEqual([m.n, m.n]);
  }

  it('32 capital events at once: fewer transactions than events, each with its own audit entry; a refused one leaves nothing', async () => {
    const capital = t.get(CapitalService);
    // 31 contributions of 1.00 … 31.00 spread over the four villages, and one withdrawal that would take village 0 below zero.
    const calls = Array.from({ length: 32 }, (_, i) =>
      settle(
        asRequest(`group-${i}`, () =>
          capital.create(clerk, projectId, {
            villageCode: villages[i % 4],
            date: '2025-05-01',
            amount: i === 17 ? '-5000.00' : `${i}.00`,
            kind: 'cash',
          }),
        ),
      ),
    );
    // i = 0 is a zero amount: refused too, by its own rule.
    const outcomes = await Promise.all(calls);
    const refused = outcomes.flatMap((o, i) => (o.ok ? [] : [{ i, error: o.error }]));
    expect(refused.map((r) => r.i)).toEqual([0, 17]);
    expect(refused[0].error).toBeInstanceOf(ValidationError);
    expect(refused[1].error).toMatchObject({ code: 'CAPITAL_BELOW_ZERO', issues: [expect.objectContaining({ field: 'amount' })] });

    const events: Array<{ id: string; amount: string; requestId: string; txids: number }> = await t.db.query(
      `SELECT e.id, e.amount::text AS amount, a.request_id AS "requestId",
              (SELECT count(DISTINCT v.txid)::int FROM voucher v WHERE v.source_type = 'capital-event' AND v.source_id = e.id::text) AS txids
         FROM capital_event e JOIN audit_log a ON a.entity = 'capital-event' AND a.entity_id = e.id::text AND a.action = 'create'
        WHERE e.project_id = $1 AND e.event_date = '2025-05-01' ORDER BY e.amount`,
      [projectId],
    );
    // Each committed caller: its event, exactly one voucher, and its audit entry carrying its own request id.
    expect(events.map((e) => [e.amount, e.requestId, e.txids])).toEqual(
      Array.from({ length: 31 }, (_, k) => k + 1)
        .filter((k) => k !== 17)
        .map((k) => [`${k}.00`, `group-${k}`, 1]),
    );
    const [{ transactions }] = await t.db.query(
      `SELECT count(DISTINCT txid)::int AS transactions FROM voucher WHERE book_id = $1 AND voucher_date = '2025-05-01'`,
      [projectId],
    );
    expect(transactions).toBeLessThan(30);
    // Exact capital per village: 1,000.00 and its share of 1.00 … 31.00 without the refused 17 (village 1's).
    const capitalOf: Array<{ account: string; net: string }> = await t.db.query(
      `SELECT l.account, sum(l.credit - l.debit)::text AS net FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.book_id = $1 AND l.account LIKE '301-%' GROUP BY l.account ORDER BY l.account`,
      [projectId],
    );
    const expected = villages.map((code, g) => {
      let fen = 100_000n;
      for (let k = 1; k < 32; k++) if (k % 4 === g && k !== 17) fen += BigInt(k) * 100n;
      return { account: `301-${code}`, net: `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}` };
    });
    expect(capitalOf).toEqual(expected.sort((a, b) => a.account.localeCompare(b.account)));
    await intact();
  });

  it('bare postings at once are appended together; a refused one gets its own error and no number', async () => {
    const writer = t.get(LedgerWriter);
    const post = (i: number, date: string) =>
      settle(
        writer.post(clerk, projectId, buildCapitalEvent({ village: villages[i % 4], date, amount: BigInt(i + 1), kind: 'cash' }), {
          type: 'capital-event',
          id: `bare-${i}`,
        }),
      );
    // Number 9 is dated after today (2026-06-30): refused with 400 on date.
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i, i === 9 ? '2026-07-01' : '2026-06-01')));
    const refused = outcomes.flatMap((o, i) => (o.ok ? [] : [i]));
    expect(refused).toEqual([9]);
    expect(((outcomes[9] as { error: ValidationError }).error.issues ?? [])[0]).toMatchObject({ field: 'date' });
    const posted = outcomes.flatMap((o) => (o.ok ? o.value : []));
    // June 2026's numbers 0001 … 0019 and consecutive sequences, in the callers' order of arrival.
    expect(posted.map((v) => v.voucherNumber).sort()).toEqual(
      Array.from({ length: 19 }, (_, k) => `2026-06-${String(k + 1).padStart(4, '0')}`),
    );
    const sequences = posted.map((v) => v.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 19 }, (_, k) => sequences[0] + k));
    const [{ transactions }] = await t.db.query(
      `SELECT count(DISTINCT txid)::int AS transactions FROM voucher WHERE book_id = $1 AND source_id LIKE 'bare-%'`,
      [projectId],
    );
    expect(transactions).toBeLessThan(19);
    await intact();
  });

  it('a unit that waits in a batch for a lock held by a transaction waiting for these books runs alone afterwards: no deadlock, no error', async () => {
    const capital = t.get(CapitalService);
    // Another transaction holds village 3's part in the project (as a correction of its capital does) …
    const other = t.db.createQueryRunner();
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `SELECT 1 FROM project_village WHERE project_id = $1 AND village_id = (SELECT id FROM village WHERE code = $2) FOR NO KEY UPDATE`,
        [projectId, villages[3]],
      );
      // … while three events arrive at once: the first runs alone, the next two make a batch whose second unit waits for village 3.
      const calls = [0, 1, 3].map((g, k) =>
        settle(capital.create(clerk, projectId, { villageCode: villages[g], date: '2025-08-01', amount: `${k + 1}.00`, kind: 'cash' })),
      );
      await new Promise((r) => setTimeout(r, 200));
      // Then it wants the books, as a correction does next. Held by the batch, this would be a deadlock.
      await other.query('SELECT 1 FROM ledger_head WHERE book_id = $1 FOR UPDATE', [projectId]);
      await other.query('COMMIT');
      const outcomes = await Promise.all(calls);
      expect(outcomes.map((o) => (o.ok ? 'ok' : String(o.error)))).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined); // after a failure: COMMIT not reached
      await other.release();
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM capital_event WHERE project_id = $1 AND event_date = '2025-08-01'`, [
      projectId,
    ]);
    expect(n).toBe(3);
    // The waiting unit (3.00, village 3) left the batch of the second (2.00) instead of waiting in it: PostgreSQL would
    // have broken that cycle after deadlock_timeout, by killing whichever side had waited longest.
    const txids: Array<{ amount: string; txid: string }> = await t.db.query(
      `SELECT e.amount::text AS amount, v.txid::text AS txid FROM capital_event e
         JOIN voucher v ON v.source_type = 'capital-event' AND v.source_id = e.id::text
        WHERE e.project_id = $1 AND e.event_date = '2025-08-01' ORDER BY e.amount`,
      [projectId],
    );
    expect(txids.map((r) => r.amount)).toEqual(['1.00', '2.00', '3.00']);
    expect(txids[2].txid).not.toBe(txids[1].txid);
    await intact();
  });
});
