import { TransactionalAdapter } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm, TypeOrmTransactionOptions } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

export interface TransactionOptions extends Partial<TypeOrmTransactionOptions> {
  /** A read-only REPEATABLE READ transaction (Snapshot.read), begun in one statement. */
  snapshot?: boolean;
  /**
   * Begun by its first statement instead of a round trip of its own (issue 14: a posting from one client pays one
   * per statement): `START TRANSACTION` goes out with that statement, in the same message when its repository asks
   * (takePendingBegin, LedgerRepository.lockHead), else just before it. A transaction that runs no statement sends
   * nothing at all.
   */
  lazyBegin?: boolean;
  /**
   * With lazyBegin, for work whose every statement a repository knows the end of (the group commit's postings): the
   * statement that says it is the work's last may end the transaction in its own message, `…; COMMIT`
   * (takeCommitWithLast). Nothing may run in the transaction after it.
   */
  commitWithLast?: boolean;
}

/**
 * nestjs-cls's TypeORM adapter, with one kind of transaction of its own: a snapshot. TypeORM would begin it in two
 * statements (START TRANSACTION, then SET TRANSACTION ISOLATION LEVEL) and a read-only one in three; every report
 * pays for each of them (issue 14), so a snapshot is begun with one `START TRANSACTION … READ ONLY` here, on a query
 * runner marked as in a transaction as TypeORM's own `startTransaction` marks it.
 */
export class TypeOrmAdapterWithSnapshots implements TransactionalAdapter<DataSource, EntityManager, TransactionOptions> {
  readonly connectionToken: unknown;
  private readonly typeorm: TransactionalAdapterTypeOrm;

  constructor(options: { dataSourceToken: unknown }) {
    this.typeorm = new TransactionalAdapterTypeOrm(options);
    this.connectionToken = options.dataSourceToken;
  }

  optionsFactory = (dataSource: DataSource) => {
    const typeorm = this.typeorm.optionsFactory(dataSource);
    type Fn = (...args: unknown[]) => Promise<unknown>;
    type SetClient = (client?: EntityManager) => void;
    return {
      wrapWithTransaction: (options: TransactionOptions, fn: Fn, setClient: SetClient) =>
        options.snapshot
          ? inSnapshot(dataSource, fn, setClient)
          : options.lazyBegin
            ? beginLazily(dataSource, fn, setClient, options.commitWithLast ?? false)
            : typeorm.wrapWithTransaction(options as TypeOrmTransactionOptions, fn, setClient),
      wrapWithNestedTransaction: (options: TransactionOptions, fn: Fn, setClient: SetClient, client: EntityManager) =>
        typeorm.wrapWithNestedTransaction(options as TypeOrmTransactionOptions, fn, setClient, client),
      getFallbackInstance: typeorm.getFallbackInstance,
    };
  };
}

/** Begins the snapshot and reads its identity, `pg_current_snapshot()` as text (xmin:xmax:xip-list), in one round trip. */
const BEGIN_SNAPSHOT = 'START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_current_snapshot()::text AS id';

/** What TypeORM's startTransaction and commitTransaction set on a query runner. */
type RunnerState = { isTransactionActive: boolean; transactionDepth: number };

/** On a lazyBegin transaction's query runner: true until something has sent its START TRANSACTION. */
const PENDING_BEGIN = Symbol('pendingBegin');
/** On a commitWithLast transaction's query runner: whether its last statement may still commit it, and whether it did. */
const MAY_COMMIT = Symbol('mayCommit');
const COMMITTED = Symbol('committed');
type Lazy = RunnerState & { [PENDING_BEGIN]?: boolean; [MAY_COMMIT]?: boolean; [COMMITTED]?: boolean };

/**
 * True when the manager's transaction (a lazyBegin one) has not been begun yet: the caller then owes the database
 * its `START TRANSACTION`, which it sends in the same message as its statement. True once: the caller takes it over.
 */
export function takePendingBegin(manager: EntityManager): boolean {
  const state = manager.queryRunner as unknown as Lazy | undefined;
  if (!state?.[PENDING_BEGIN]) return false;
  state[PENDING_BEGIN] = false;
  return true;
}

/**
 * True when the statement about to run, the last of its work, may commit the manager's transaction in its own
 * message (a commitWithLast transaction, outside any savepoint); the caller then sends `…; COMMIT` and the transaction
 * sends no COMMIT of its own. True once.
 */
export function takeCommitWithLast(manager: EntityManager): boolean {
  const state = manager.queryRunner as unknown as Lazy | undefined;
  if (!state?.[MAY_COMMIT] || state.transactionDepth !== 1) return false;
  state[MAY_COMMIT] = false;
  state[COMMITTED] = true;
  return true;
}

async function beginLazily<T>(
  dataSource: DataSource,
  fn: () => Promise<T>,
  setClient: (client?: EntityManager) => void,
  commitWithLast: boolean,
): Promise<T> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  const state = runner as unknown as Lazy;
  const query = runner.query.bind(runner) as QueryRunner['query'];
  // Every statement through TypeORM (savepoints included) begins the transaction first if nobody has yet.
  runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
    if (state[COMMITTED]) throw new Error('事务已随最后一条语句提交：之后不能再执行语句');
    if (state[PENDING_BEGIN]) {
      state[PENDING_BEGIN] = false;
      await query('START TRANSACTION');
    }
    return query(...args);
  }) as QueryRunner['query'];
  try {
    state[PENDING_BEGIN] = true;
    state[MAY_COMMIT] = commitWithLast;
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    setClient(runner.manager);
    try {
      const result = await fn();
      if (!state[PENDING_BEGIN] && !state[COMMITTED]) await query('COMMIT');
      return result;
    } catch (e) {
      if (!state[PENDING_BEGIN]) await query('ROLLBACK').catch(() => discardConnection(runner));
      throw e;
    }
  } finally {
    state[PENDING_BEGIN] = false;
    state[MAY_COMMIT] = false;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await runner.release();
  }
}

/**
 * A ROLLBACK that failed: the connection is broken (or its transaction state unknown), so the pool must not hand it
 * out again. pg's pool drops a client that is ending when it is released; without this, a connection cut while its
 * socket had not yet reported it went back to the pool and failed the next posting.
 */
async function discardConnection(runner: QueryRunner): Promise<void> {
  const client = (await runner.connect().catch(() => undefined)) as { end?: () => Promise<void> } | undefined;
  await client?.end?.().catch(() => undefined);
}

async function inSnapshot<T>(dataSource: DataSource, fn: () => Promise<T>, setClient: (client?: EntityManager) => void): Promise<T> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  const state = runner as unknown as RunnerState;
  try {
    // The snapshot's identity is read in the same round trip (its first statement takes the snapshot): Snapshot.read
    // hands it to the request, whose answer cache keys the answer by it (platform/http/answer-cache.ts).
    const client = (await runner.connect()) as { query(sql: string): Promise<Array<{ rows: Array<{ id: string }> }>> };
    dataSource.logger.logQuery(BEGIN_SNAPSHOT, undefined, runner);
    try {
      // Inside the try: when the SELECT fails after START TRANSACTION ran (a cancel, a timeout), the ROLLBACK below
      // ends that transaction rather than the pool getting the connection back inside it.
      const [, taken] = await client.query(BEGIN_SNAPSHOT);
      (runner.data as { snapshotId?: string }).snapshotId = taken.rows[0].id;
      state.isTransactionActive = true;
      state.transactionDepth = 1;
      setClient(runner.manager);
      const result = await fn();
      await runner.query('COMMIT');
      return result;
    } catch (e) {
      await runner.query('ROLLBACK').catch(() => discardConnection(runner));
      throw e;
    }
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await runner.release();
  }
}
