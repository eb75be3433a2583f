import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TypeOrmAdapterWithSnapshots } from './transactional-adapter';

/**
 * One consistent view of the database for readers that must not mix states:
 * verification, and reports whose rows and printed digest must describe the
 * same books. `read(fn)` runs `fn` in its own REPEATABLE READ READ ONLY
 * transaction: every repository call inside sees the database as of the
 * snapshot's first statement, whatever commits meanwhile, and cannot write.
 */
@Injectable()
export class Snapshot {
  constructor(private readonly txHost: TransactionHost<TypeOrmAdapterWithSnapshots>) {}

  /**
   * Always a new transaction (RequiresNew), even when called inside another:
   * a snapshot taken inside a writing transaction would be neither read-only
   * nor a snapshot of committed state.
   */
  read<T>(fn: () => Promise<T>): Promise<T> {
    // Begun in one statement by the adapter (transactional-adapter.ts), not TypeORM's three: fewer round trips a report.
    return this.txHost.withTransaction(Propagation.RequiresNew, { snapshot: true }, fn);
  }
}
