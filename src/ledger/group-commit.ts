import { Injectable, Logger } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ClsService, ClsStore } from 'nestjs-cls';
import { TypeOrmAdapterWithSnapshots } from '../platform/database/transactional-adapter';
import { LedgerRepository } from './ledger.repository';

/** Units of work a batch takes at most: bounds how long one transaction holds the books. */
const MAX_BATCH = 64;

/**
 * How long a unit after a batch's first waits for a lock. The batch holds the project's books (and the audit chain)
 * from its first unit to its commit, and a transaction outside it may hold a lock a later unit wants while it waits
 * for the books: a cycle PostgreSQL would break by killing one side after deadlock_timeout (1 s). Far below that,
 * the unit gives up its place instead and runs alone after the batch commits.
 */
const LOCK_WAIT_IN_BATCH_MS = 50;

/** lock_not_available (lock_timeout) and deadlock_detected: the unit did not fail, it lost a race; it runs again alone. */
const LOCK_RACE = new Set(['55P03', '40P01']);

/**
 * A unit alone begins its transaction with its first statement (a posting's lockHead): one round trip less for a
 * client that posts one voucher at a time (transactional-adapter.ts, lazyBegin). A runTogether unit, or a batch of
 * them done in one go, is a posting and nothing else: its last statement (the append) also commits it, one more less.
 */
const LAZY = { lazyBegin: true } as const;
const LAZY_TOGETHER = { lazyBegin: true, commitWithLast: true } as const;

/** What a batch answers one caller: a value, or the caller's own error. */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; error: unknown };

/** Does a whole batch of items in one go, in the batch's transaction, and answers each item in order. */
export type Together<I, T> = (items: I[]) => Promise<Outcome<T>[]>;

interface Unit {
  work: () => Promise<unknown>;
  /** For units run with runTogether(): the item, and the function that does a batch of them at once. */
  item?: unknown;
  together?: Together<unknown, unknown>;
  /** The caller's CLS store (request id and address for the audit trail, …), restored around its work. */
  store: ClsStore;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, as TigerBeetle batches: the hash chain serialises a ledger, so a transaction per posting would pay a
 * lock hand-over and a WAL flush per voucher. Units of work for one key (a project's books) that arrive while a batch
 * of that key is running queue; the caller that found no batch running leads: it runs the queued units in order in
 * one transaction and commits once, and each caller is answered when the batch it was in has committed.
 *
 * Each unit is a caller's whole unit of work (the business row, the voucher, the audit entry), so it stays atomic,
 * and a caller gets its own answer or its own error:
 *   1. the batch runs without savepoints; if every unit succeeds and the commit does, everyone is answered;
 *   2. if a unit throws, the batch is rolled back and run again with a savepoint around each unit: a unit that
 *      throws is rolled back alone and its caller gets the error, the others commit;
 *   3. if that commit fails (a deferred check), or a unit lost a lock race (LOCK_WAIT_IN_BATCH_MS), those units run
 *      again, each alone in a transaction of its own, as they would without a group commit;
 *   4. but when the connection failed (the COMMIT may have run, its answer lost), nothing runs again: each caller
 *      gets that error, as it would without a group commit, rather than its work stored twice.
 * Work that a batch can do in one go (runTogether: postings alone, without a business row) is done by one call
 * for the whole batch instead, which answers each caller; if its transaction fails, each unit runs alone.
 * A unit may run more than once, so it must do nothing but its work in the database (no side effects outside it).
 * Called inside an open transaction, either runs the work in it at once: that transaction is the unit.
 * A key takes one kind of unit: run() units, or runTogether() units whose `together` does any batch of them.
 */
@Injectable()
export class GroupCommit {
  private readonly logger = new Logger(GroupCommit.name);
  /** A key's waiting units; the key is present while its leader runs. */
  private readonly queues = new Map<string, Unit[]>();

  constructor(
    private readonly txHost: TransactionHost<TypeOrmAdapterWithSnapshots>,
    private readonly cls: ClsService,
    private readonly books: LedgerRepository,
  ) {}

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return work();
    return this.enqueue(key, { work, store: this.callerStore() });
  }

  /**
   * Like run(), for work that a batch can do in one go: a batch of these (under their own key) is `together(items)`
   * in one transaction, which answers each item with its value or its own refusal; if that transaction fails, each
   * item's `work` runs alone, as run() would. `together` must refuse an item only without writing for it.
   */
  runTogether<I, T>(key: string, item: I, together: Together<I, T>, work: () => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) return work();
    return this.enqueue(key, { work, item, together: together as Together<unknown, unknown>, store: this.callerStore() });
  }

  private enqueue<T>(key: string, unit: Omit<Unit, 'resolve' | 'reject'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      Object.assign(unit, { resolve, reject });
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(unit as Unit);
        return;
      }
      this.queues.set(key, [unit as Unit]);
      void this.lead(key);
    });
  }

  /** Batches until the key's queue is empty; never throws (every error goes to its caller). */
  private async lead(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    try {
      while (queue.length > 0) await this.commit(queue.splice(0, MAX_BATCH));
    } catch (e) {
      // Not reached by a unit's error; reject whoever still waits rather than leave them hanging.
      this.logger.error(`group commit of ${key} failed: ${e instanceof Error ? e.message : String(e)}`);
      for (const unit of queue.splice(0)) unit.reject(e);
    } finally {
      this.queues.delete(key);
    }
  }

  private async commit(batch: Unit[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    const together = batch[0].together;
    if (together && batch.every((u) => u.together)) return this.commitTogether(batch, together);
    try {
      const values = await this.batch(batch, (unit) => this.inBatch(unit));
      batch.forEach((unit, i) => unit.resolve(values[i]));
      return;
    } catch (e) {
      // A unit failed, or the commit did: find out whose it is below, unless the batch may have committed.
      if (mayHaveCommitted(e)) return rejectAll(batch, e);
    }
    let outcomes: Outcome[];
    try {
      outcomes = await this.batch(batch, (unit) =>
        this.inBatch(unit, true).then(
          (value): Outcome => ({ ok: true, value }),
          (error: unknown): Outcome => ({ ok: false, error }),
        ),
      );
    } catch (e) {
      if (mayHaveCommitted(e)) return rejectAll(batch, e);
      for (const unit of batch) await this.alone(unit);
      return;
    }
    for (const [i, unit] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome.ok) unit.resolve(outcome.value);
      else if (lostLockRace(outcome.error)) await this.alone(unit);
      else unit.reject(outcome.error);
    }
  }

  /** A batch of runTogether() units in one call and one transaction; if it fails, each unit alone. */
  private async commitTogether(batch: Unit[], together: Together<unknown, unknown>): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.txHost.withTransaction(LAZY_TOGETHER, () => together(batch.map((u) => u.item)));
    } catch (e) {
      if (mayHaveCommitted(e)) return rejectAll(batch, e);
      for (const unit of batch) await this.alone(unit);
      return;
    }
    for (const [i, unit] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    }
  }

  /** The units in order in one transaction; after the first, lock waits are bounded (LOCK_WAIT_IN_BATCH_MS). */
  private batch<T>(batch: Unit[], each: (unit: Unit) => Promise<T>): Promise<T[]> {
    return this.txHost.withTransaction(async () => {
      const out: T[] = [];
      for (const unit of batch) {
        out.push(await each(unit));
        if (out.length === 1) await this.books.boundLockWaits(LOCK_WAIT_IN_BATCH_MS);
      }
      return out;
    });
  }

  /** The unit's work in the batch's transaction (in a savepoint of its own when `savepoint`), with the caller's CLS store. */
  private inBatch(unit: Unit, savepoint = false): Promise<unknown> {
    const tx = this.txHost.tx;
    const leader = this.cls.get() as Record<symbol, unknown>;
    // The transaction's entry in the leader's store (nestjs-cls keeps it under a key of its own): the same in the unit's.
    const txEntries = Object.fromEntries(
      Object.getOwnPropertySymbols(leader)
        .filter((k) => leader[k] === tx)
        .map((k) => [k, tx]),
    );
    const store = { ...unit.store, ...txEntries } as ClsStore;
    return this.cls.runWith(store, () => (savepoint ? this.txHost.withTransaction(Propagation.Nested, unit.work) : unit.work()));
  }

  /** The unit in a transaction of its own, answered when it commits. */
  private async alone(unit: Unit): Promise<void> {
    try {
      unit.resolve(
        await this.cls.runWith({ ...unit.store }, () => this.txHost.withTransaction(unit.together ? LAZY_TOGETHER : LAZY, unit.work)),
      );
    } catch (e) {
      unit.reject(e);
    }
  }

  private callerStore(): ClsStore {
    return this.cls.isActive() ? { ...this.cls.get() } : ({} as ClsStore);
  }
}

/**
 * The connection failed (no SQLSTATE from the server, or a connection or shutdown class): the batch's COMMIT may have
 * run without its answer arriving, so running its units again could store each twice. Each caller gets the error,
 * as it would without a group commit; only a refusal from the server (a definite rollback) is run again.
 */
function mayHaveCommitted(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return isConnectionError(error);
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** pg's and the socket's errors for a connection that went away (they carry no SQLSTATE; TypeORM keeps the message). */
function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection error|not queryable|ECONNRESET|EPIPE|ETIMEDOUT/i.test(message);
}

function rejectAll(batch: Unit[], error: unknown): void {
  for (const unit of batch) unit.reject(error);
}

function lostLockRace(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return LOCK_RACE.has(e?.driverError?.code ?? e?.code ?? '');
}
