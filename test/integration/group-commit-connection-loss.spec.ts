/**
 * Review of the group commit's failure paths (src/ledger/group-commit.ts, platform/database/transactional-adapter.ts):
 * a batch whose COMMIT ran but whose answer was lost (the connection cut after the server committed) must not be run
 * again, or every posting of it would be on the books twice; and a posting whose `EXECUTE …; COMMIT` message fails
 * leaves its connection back in the pool outside any transaction, the next posting on it going on from the same head.
 */
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { CapitalService } from '../../src/capital/capital.service';
import { buildCapitalEvent, cr, dr } from '../../src/core/ledger';
import { InvariantError } from '../../src/core/errors';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { LedgerRepository, NewVoucher } from '../../src/ledger/ledger.repository';
import { VerificationService } from '../../src/ledger/verification.service';
import { FixedClock } from '../../src/platform/clock/clock';
import { Snapshot } from '../../src/platform/database/snapshot';
import { TypeOrmAdapterWithSnapshots } from '../../src/platform/database/transactional-adapter';
import { accountant, oneVillageProject } from '../support/seed';
import { createTestModule, TestModule } from '../support/test-module';

type Query = (...args: unknown[]) => Promise<unknown>;

describe('group commit when a COMMIT’s answer is lost, and the connection after a failed append', () => {
  const clerk = accountant('review-clerk');
  let t: TestModule;
  let projectId: string;
  let village: string;

  beforeAll(async () => {
    t = await createTestModule({ clock: new FixedClock('2026-06-30') });
    ({ projectId, village } = await oneVillageProject(t.module, clerk, { project: '复核', village: '复核村' }));
  });
  afterAll(async () => {
    await t.close();
  });

  const settle = <T>(p: Promise<T>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );

  /**
   * While `fn` runs, the `nth` message that `matches` is run by the server and then its connection is cut before the
   * answer is read: the server committed, the client only sees the connection go (pg's own message for it).
   */
  async function losingTheAnswerOf(nth: number, matches: (text: string) => boolean, fn: () => Promise<unknown>): Promise<number> {
    const proto = Client.prototype as unknown as { query: Query };
    const original = proto.query;
    let seen = 0;
    let cut = 0;
    proto.query = async function (this: Client & { processID: number }, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      const text = typeof q === 'string' ? q : q?.text;
      if (typeof text === 'string' && matches(text) && ++seen === nth) {
        await original.apply(this, args);
        cut = this.processID;
        await t.db.query('SELECT pg_terminate_backend($1)', [cut]);
        throw new Error('Connection terminated unexpectedly');
      }
      return original.apply(this, args);
    };
    try {
      await fn();
    } finally {
      proto.query = original;
    }
    return cut;
  }

  /** The service's pool's connections. */
  const poolClients = () => (t.get(DataSource).driver as unknown as { master: { _clients: Array<{ processID: number }> } }).master._clients;

  const count = async (sql: string, params: unknown[]) => ((await t.db.query(sql, params)) as Array<{ n: number }>)[0].n;

  it('bare postings: a batch committed but unanswered is not appended again (each posting once on the books)', async () => {
    const writer = t.get(LedgerWriter);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const post = (id: string, fen: bigint) =>
      writer.post(clerk, projectId, buildCapitalEvent({ village, villageName: '复核村', date: '2026-03-01', amount: fen, kind: 'cash' }), {
        type: 'capital-event',
        id,
      });
    let outcomes: string[] = [];
    // The first posting runs alone; the next two arrive while it runs and make a batch: its message is the second `…; COMMIT`.
    await losingTheAnswerOf(
      2,
      (s) => /; COMMIT$/.test(s),
      async () => {
        outcomes = await Promise.all(ids.map((id, i) => settle(post(id, BigInt(i + 1) * 100n))));
      },
    );
    // The batch's callers learn that its outcome is unknown (as they would without a group commit), not "posted twice".
    expect(outcomes).toEqual(['ok', 'Connection terminated unexpectedly', 'Connection terminated unexpectedly']);
    // The cut connection is not handed out again: the next posting goes on.
    ids.push(randomUUID());
    await post(ids[3], 400n);
    const perSource = await t.db.query(
      `SELECT source_id AS id, count(*)::int AS n FROM voucher WHERE book_id = $1 AND source_id = ANY($2::text[]) GROUP BY source_id ORDER BY 1`,
      [projectId, ids],
    );
    expect(perSource).toEqual([...ids].sort().map((id) => ({ id, n: 1 })));
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
  });

  it('capital events: a batch committed but unanswered is not run again (one event, one voucher, one audit entry each)', async () => {
    const capital = t.get(CapitalService);
    const amounts = ['7.01', '7.02', '7.03'];
    let outcomes: string[] = [];
    // The first event runs alone (its COMMIT is the first); the batch of the next two commits with the second.
    const cut = await losingTheAnswerOf(
      2,
      (s) => s === 'COMMIT',
      async () => {
        outcomes = await Promise.all(
          amounts.map((amount) =>
            settle(capital.create(clerk, projectId, { villageCode: village, date: '2025-07-01', amount, kind: 'cash' })),
          ),
        );
      },
    );
    expect(outcomes).toEqual(['ok', 'Connection terminated unexpectedly', 'Connection terminated unexpectedly']);
    const rows = await t.db.query(
      `SELECT e.amount::text AS amount,
              (SELECT count(*)::int FROM voucher v WHERE v.source_type = 'capital-event' AND v.source_id = e.id::text) AS vouchers,
              (SELECT count(*)::int FROM audit_log a WHERE a.entity = 'capital-event' AND a.entity_id = e.id::text) AS audits
         FROM capital_event e WHERE e.project_id = $1 AND e.event_date = '2025-07-01' ORDER BY e.amount`,
      [projectId],
    );
    expect(rows).toEqual(amounts.map((amount) => ({ amount, vouchers: 1, audits: 1 })));
    // The batch's cut connection went back to the pool by TypeORM's own transaction path, which pg's pool drops only
    // once the socket reports it (a request in between would fail once, as after any server-side cut): wait for that.
    for (let i = 0; i < 100 && poolClients().some((c) => c.processID === cut); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await t.get(VerificationService).verify(projectId)).ok).toBe(true);
  });

  /** The service pool's connections that are inside a transaction now (none should be, between postings). */
  const inTransaction = () => {
    return count(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[]) AND state <> 'idle'`, [
      poolClients().map((c) => c.processID),
    ]);
  };

  /** One voucher appended as the group commit's posting does, by the repository itself, on a connection of the pool. */
  async function appendAlone(lines: NewVoucher['lines'], moveFrom = 0): Promise<number> {
    const host = t.get(TransactionHost) as TransactionHost<TypeOrmAdapterWithSnapshots>;
    const repo = t.get(LedgerRepository);
    let pid = 0;
    await host.withTransaction({ lazyBegin: true, commitWithLast: true }, async () => {
      const head = (await repo.lockHead(projectId, ['2026-04']))!;
      pid = ((await host.tx.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>)[0].pid;
      const n = head.counters.get('2026-04')! + 1;
      const voucher: NewVoucher = {
        id: randomUUID(),
        bookId: projectId,
        sequence: head.sequence + 1,
        number: `2026-04-${String(n).padStart(4, '0')}`,
        date: '2026-04-01',
        summary: '复核',
        preparer: clerk.login,
        reversalOfId: null,
        reversalOfNumber: null,
        sourceType: 'capital-event',
        sourceId: randomUUID(),
        fiscalYear: null,
        prevHash: head.hash,
        hash: 'e'.repeat(64),
        lines,
      };
      await repo.appendVouchers(projectId, head.sequence - moveFrom, [voucher], new Map([['2026-04', n]]), true);
    });
    return pid;
  }

  it('a failed EXECUTE or COMMIT in the append’s message: rolled back, the caller’s own error, the connection clean and reusable', async () => {
    const head = () => count('SELECT last_sequence AS n FROM ledger_head WHERE book_id = $1', [projectId]);
    const before = await head();
    const pids: number[] = [];
    // The EXECUTE refused (ledger_appended: the head moved) …
    await expect(appendAlone([dr('102', 100n), cr(`301-${village}`, 100n)], 1).catch((e) => Promise.reject(e))).rejects.toBeInstanceOf(
      InvariantError,
    );
    expect(await inTransaction()).toBe(0);
    // … the COMMIT refused (the deferred balance check) …
    await expect(appendAlone([dr('102', 100n), cr(`301-${village}`, 99n)])).rejects.toMatchObject({ driverError: { code: '23514' } });
    expect(await inTransaction()).toBe(0);
    expect(await head()).toBe(before);
    // … and the next appends, on the same connections (the pool hands back the last one released), go on.
    for (let i = 0; i < 2; i++) pids.push(await appendAlone([dr('102', 100n), cr(`301-${village}`, 100n)]));
    expect(await head()).toBe(before + 2);
    expect(await inTransaction()).toBe(0);
    expect(pids[0]).toBeGreaterThan(0);
  });

  it('a snapshot whose first message fails after its START TRANSACTION (a cancel, a timeout) leaves no transaction open on the pool', async () => {
    const proto = Client.prototype as unknown as { query: Query };
    const original = proto.query;
    proto.query = function (this: Client, ...args: unknown[]) {
      const q = args[0];
      // The server refuses the snapshot's SELECT after it has begun the transaction, as a statement_timeout would.
      if (
        typeof q === 'string' &&
        q.startsWith('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_current_snapshot()')
      ) {
        args[0] = `${q}, 1/0 AS cancelled`;
      }
      return original.apply(this, args) as Promise<unknown>;
    };
    try {
      await expect(t.get(Snapshot).read(() => Promise.resolve('read'))).rejects.toMatchObject({ code: '22012' });
    } finally {
      proto.query = original;
    }
    expect(await inTransaction()).toBe(0);
    expect(await t.get(Snapshot).read(() => Promise.resolve('read'))).toBe('read');
  });
});
