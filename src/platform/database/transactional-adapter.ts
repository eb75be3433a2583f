import { TransactionalAdapter } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm, TypeOrmTransactionOptions } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

export interface TransactionOptions extends Partial<TypeOrmTransactionOptions> {
  /** A read-only REPEATABLE READ transaction (Snapshot.read), begun in one statement. */
  snapshot?: boolean;
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

async function inSnapshot<T>(dataSource: DataSource, fn: () => Promise<T>, setClient: (client?: EntityManager) => void): Promise<T> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  const state = runner as unknown as RunnerState;
  try {
    // The snapshot's identity is read in the same round trip (its first statement takes the snapshot): Snapshot.read
    // hands it to the request, whose answer cache keys the answer by it (platform/http/answer-cache.ts).
    const client = (await runner.connect()) as { query(sql: string): Promise<Array<{ rows: Array<{ id: string }> }>> };
    dataSource.logger.logQuery(BEGIN_SNAPSHOT, undefined, runner);
    const [, taken] = await client.query(BEGIN_SNAPSHOT);
    (runner.data as { snapshotId?: string }).snapshotId = taken.rows[0].id;
    state.isTransactionActive = true;
    state.transactionDepth = 1;
    setClient(runner.manager);
    try {
      const result = await fn();
      await runner.query('COMMIT');
      return result;
    } catch (e) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  } finally {
    state.isTransactionActive = false;
    state.transactionDepth = 0;
    await runner.release();
  }
}
