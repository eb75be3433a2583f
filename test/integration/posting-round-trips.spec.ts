/**
 * A single posting from one client (issue 14): the group commit begins its transaction in lockHead's message and
 * commits it in the append's, so it costs two round trips (transactional-adapter.ts, lazyBegin and commitWithLast;
 * LedgerRepository.prepared). What the database must still refuse in that path: an append that did not write every
 * voucher (ledger_appended, migration PostingSingle) and a voucher that does not balance (the deferred check, now run
 * by the COMMIT in the append's message) leave nothing behind, and the next posting goes on from where the books were.
 */
import { Client } from 'pg';
import { TransactionHost } from '@nestjs-cls/transactional';
import { randomUUID } from 'node:crypto';
import { InvariantError } from '../../src/core/errors';
import { buildCapitalEvent, cr, dr } from '../../src/core/ledger';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { LedgerRepository, NewVoucher } from '../../src/ledger/ledger.repository';
import { VerificationService } from '../../src/ledger/verification.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { TypeOrmAdapterWithSnapshots } from '../../src/platform/database/transactional-adapter';
import { accountant, oneVillageProject } from '../support/seed';
import { createTestModule, TestModule } from '../support/test-module';

describe('a single posting: two round trips, and what the database still refuses in them', () => {
  const clerk = accountant('single-clerk');
  let t: TestModule;
  let projectId: string;
  let village: string;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    ({ projectId, village } = await oneVillageProject(t.module, clerk, { project: '单张凭证', village: '单张村' }));
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (amount: bigint, id = randomUUID()) =>
    t
      .get(LedgerWriter)
      .post(clerk, projectId, buildCapitalEvent({ village, villageName: '单张村', date: '2026-03-01', amount, kind: 'cash' }), {
        type: 'capital-event',
        id,
      });

  /** What the service's connections send while `fn` runs (pg's Client.query, one call a message). */
  async function messages(fn: () => Promise<unknown>): Promise<string[]> {
    const sent: string[] = [];
    const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      sent.push(typeof q === 'string' ? q : q.text);
      return original.apply(this, args);
    };
    try {
      await fn();
    } finally {
      proto.query = original;
    }
    return sent;
  }

  const books = async () =>
    (
      await t.db.query(
        `SELECT h.last_sequence AS sequence, (SELECT last_n FROM voucher_counter c WHERE c.book_id = h.book_id AND c.month = '2026-03') AS n,
                (SELECT count(*)::int FROM voucher v WHERE v.book_id = h.book_id) AS vouchers
           FROM ledger_head h WHERE h.book_id = $1`,
        [projectId],
      )
    )[0] as { sequence: number; n: number | null; vouchers: number };

  it('a posting outside a transaction: the lock begins it, the append commits it; exact amounts, the chain verifies', async () => {
    await post(100n); // the connection prepares its statements the first time
    const sent = await messages(() => post(12_345n));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^START TRANSACTION; EXECUTE ledger_lock_head_sql\(/);
    expect(sent[1]).toMatch(/^EXECUTE ledger_append_vouchers_sql\(.*\); COMMIT$/s);

    const lines = await t.db.query(
      `SELECT l.account, l.debit::text AS debit, l.credit::text AS credit FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id
        WHERE v.book_id = $1 AND v.sequence = 2 ORDER BY l.line_no`,
      [projectId],
    );
    expect(lines).toEqual([
      { account: '102', debit: '123.45', credit: '0.00' },
      { account: `301-${village}`, debit: '0.00', credit: '123.45' },
    ]);
    expect(await books()).toEqual({ sequence: 2, n: 2, vouchers: 2 });
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
  });

  it('inside a caller’s transaction the posting joins it: no commit of its own', async () => {
    const host = t.get(TransactionHost) as TransactionHost<TypeOrmAdapterWithSnapshots>;
    const sent = await messages(() =>
      host.withTransaction(async () => {
        await post(1_00n);
        await host.tx.query('SELECT 1');
      }),
    );
    expect(sent.filter((s) => /COMMIT/.test(s))).toEqual(['COMMIT']);
    expect(sent.at(-1)).toBe('COMMIT');
    expect(await books()).toEqual({ sequence: 3, n: 3, vouchers: 3 });
  });

  /** One voucher appended after `after` in a transaction like the group commit's, by the repository itself. */
  async function appendAlone(after: number, lines: NewVoucher['lines']): Promise<void> {
    const host = t.get(TransactionHost) as TransactionHost<TypeOrmAdapterWithSnapshots>;
    const repo = t.get(LedgerRepository);
    await host.withTransaction({ lazyBegin: true, commitWithLast: true }, async () => {
      const head = (await repo.lockHead(projectId, ['2026-03']))!;
      const n = head.counters.get('2026-03')! + 1;
      const voucher: NewVoucher = {
        id: randomUUID(),
        bookId: projectId,
        sequence: after + 1,
        number: `2026-03-${String(n).padStart(6, '0')}`,
        date: '2026-03-01',
        summary: '测试',
        preparer: clerk.login,
        reversalOfId: null,
        reversalOfNumber: null,
        sourceType: 'capital-event',
        sourceId: randomUUID(),
        fiscalYear: null,
        prevHash: head.hash,
        hash: 'f'.repeat(64),
        lines,
      };
      await repo.appendVouchers(projectId, after, [voucher], new Map([['2026-03', n]]), true);
    });
  }

  it('an append from a head that moved writes nothing, the counters included (InvariantError, not a gap)', async () => {
    const before = await books();
    await expect(appendAlone(before.sequence - 1, [dr('102', 100n), cr(`301-${village}`, 100n)])).rejects.toBeInstanceOf(InvariantError);
    expect(await books()).toEqual(before);
  });

  it('a voucher that does not balance is refused by the COMMIT in the append’s message, and nothing is written', async () => {
    const before = await books();
    await expect(appendAlone(before.sequence, [dr('102', 100n), cr(`301-${village}`, 99n)])).rejects.toMatchObject({
      driverError: { code: '23514' },
    });
    expect(await books()).toEqual(before);
    // The connection is clean again: the next posting goes on from the same head.
    await post(2_00n);
    expect(await books()).toEqual({ sequence: before.sequence + 1, n: before.n! + 1, vouchers: before.vouchers + 1 });
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
  });
});
