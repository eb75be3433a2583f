import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ClsServiceManager } from 'nestjs-cls';
import { TypeOrmAdapterWithSnapshots } from './transactional-adapter';

/** The request's CLS slots: the guard statement's snapshot, and the snapshots the request's reads were taken in. */
const GUARD_SNAPSHOT = 'snapshot.guard';
const READ_SNAPSHOTS = 'snapshot.reads';

/**
 * One consistent view of the database for readers that must not mix states:
 * verification, and reports whose rows and printed digest must describe the
 * same books. `read(fn)` runs `fn` in its own REPEATABLE READ READ ONLY
 * transaction: every repository call inside sees the database as of the
 * snapshot's first statement, whatever commits meanwhile, and cannot write.
 *
 * Each snapshot's identity, `pg_current_snapshot()` as text (xmin:xmax:xip-list), is read as it begins and noted for
 * the request (`recordSnapshots`): two snapshots with the same identity see exactly the same committed data (every
 * transaction below xmax and not in the list had finished when either was taken), which the answer cache
 * (platform/http/answer-cache.ts) keys report answers by.
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
    return this.txHost.withTransaction(Propagation.RequiresNew, { snapshot: true }, () => {
      const id = (this.txHost.tx.queryRunner?.data as { snapshotId?: string } | undefined)?.snapshotId;
      readSnapshots()?.push(id ?? '');
      return fn();
    });
  }
}

/** The identity of the snapshot the request's guard statement saw (AccessGuard), for the answer cache's look-up. */
export function noteGuardSnapshot(id: string): void {
  const cls = ClsServiceManager.getClsService();
  if (cls.isActive()) cls.set(GUARD_SNAPSHOT, id);
}

export function guardSnapshot(): string | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<string | undefined>(GUARD_SNAPSHOT) : undefined;
}

/**
 * From now on in this request, the identity of every snapshot `Snapshot.read` begins is pushed to the returned list
 * (an unknown one as ''). The list itself is shared, so the snapshots begun in nested CLS contexts (each transaction
 * runs in one) are seen too. Outside a request, an empty list nothing is pushed to.
 */
export function recordSnapshots(): string[] {
  const list: string[] = [];
  const cls = ClsServiceManager.getClsService();
  if (cls.isActive()) cls.set(READ_SNAPSHOTS, list);
  return list;
}

function readSnapshots(): string[] | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<string[] | undefined>(READ_SNAPSHOTS) : undefined;
}
