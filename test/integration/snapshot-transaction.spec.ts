/**
 * Snapshot.read begins its transaction in one statement (platform/database/transactional-adapter.ts, issue 14) rather
 * than TypeORM's three: it must still be REPEATABLE READ and READ ONLY, joined by what runs inside it, seen by TypeORM
 * as a transaction (the backup's COPY requires one), and closed, connection returned, whether `fn` succeeds or throws.
 */
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { Snapshot } from '../../src/platform/database/snapshot';
import { uniqueCode } from '../support/test-app';
import { createTestModule, TestModule } from '../support/test-module';

describe('Snapshot.read: one statement to begin, the same transaction as before', () => {
  let t: TestModule;
  let snapshot: Snapshot;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  const q = async <T>(sql: string): Promise<T> => ((await txHost.tx.query(sql)) as T[])[0];
  /** Runs `fn` in a CLS context of its own, as a request does. */
  const inRequest = <T>(fn: () => Promise<T>) => t.get(ClsService).run(fn);

  beforeAll(async () => {
    t = await createTestModule();
    snapshot = t.get(Snapshot);
    txHost = t.get(TransactionHost) as TransactionHost<TransactionalAdapterTypeOrm>;
  });
  afterAll(() => t.close());

  it('is REPEATABLE READ and READ ONLY, and refuses a write', async () => {
    const seen = await inRequest(() =>
      snapshot.read(async () => ({
        isolation: (await q<{ transaction_isolation: string }>('SHOW transaction_isolation')).transaction_isolation,
        readOnly: (await q<{ transaction_read_only: string }>('SHOW transaction_read_only')).transaction_read_only,
        active: txHost.tx.queryRunner?.isTransactionActive,
      })),
    );
    expect(seen).toEqual({ isolation: 'repeatable read', readOnly: 'on', active: true });
    const write = `INSERT INTO township (code, name) VALUES ('${uniqueCode('RO')}', '只读乡')`;
    await expect(inRequest(() => snapshot.read(() => q(write)))).rejects.toThrow(/read-only transaction/);
  });

  it('keeps one snapshot: what commits meanwhile is not seen', async () => {
    const [a, b] = await inRequest(() =>
      snapshot.read(async () => {
        const first = await q<{ n: number }>('SELECT count(*)::int AS n FROM township');
        await t.db.query('INSERT INTO township (code, name) VALUES ($1, $2)', [uniqueCode('SNAP'), '快照乡']);
        return [first.n, (await q<{ n: number }>('SELECT count(*)::int AS n FROM township')).n];
      }),
    );
    expect(b).toBe(a);
  });

  it('is joined by a transaction of REQUIRED propagation inside it (one backend, one transaction)', async () => {
    const [outer, inner] = await inRequest(() =>
      snapshot.read(async () => {
        const o = await q<{ pid: number; xact: string }>('SELECT pg_backend_pid() AS pid, now()::text AS xact');
        const i = await txHost.withTransaction(Propagation.Required, () =>
          q<{ pid: number; xact: string }>('SELECT pg_backend_pid() AS pid, now()::text AS xact'),
        );
        return [o, i];
      }),
    );
    expect(inner).toEqual(outer);
  });

  it('ends the transaction and returns the connection, after an answer and after an error', async () => {
    const boom = new Error('boom');
    for (let i = 0; i < 30; i++) {
      await inRequest(() => snapshot.read(() => q('SELECT 1')));
      await expect(inRequest(() => snapshot.read(() => Promise.reject(boom)))).rejects.toBe(boom);
      await expect(inRequest(() => snapshot.read(() => q('SELECT 1/0')))).rejects.toThrow(/division by zero/);
    }
    // 90 snapshots on a pool of 20: none kept its connection (the loop would wait for one), none left a transaction open.
    const open = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open).toEqual([{ n: 0 }]);
  });
});
