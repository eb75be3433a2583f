import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SnapshotRepository } from './snapshot.repository';

/**
 * One consistent view of the database for readers that must not mix states:
 * verification, and reports whose rows and printed digest must describe the
 * same books. `read(fn)` runs `fn` in its own REPEATABLE READ READ ONLY
 * transaction: every repository call inside sees the database as of the
 * snapshot's first statement, whatever commits meanwhile, and cannot write.
 */
@Injectable()
export class Snapshot {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly snapshots: SnapshotRepository,
  ) {}

  /**
   * Always a new transaction (RequiresNew), even when called inside another:
   * a snapshot taken inside a writing transaction would be neither read-only
   * nor a snapshot of committed state.
   */
  read<T>(fn: () => Promise<T>): Promise<T> {
    return this.txHost.withTransaction(Propagation.RequiresNew, { isolationLevel: 'REPEATABLE READ' }, async () => {
      await this.snapshots.readOnly();
      return fn();
    });
  }
}
