import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { AuditFn, auditTo } from '../audit/audit-trail';

interface OpenTransaction {
  m: EntityManager;
  audit: AuditFn;
}

const current = new AsyncLocalStorage<OpenTransaction>();

/**
 * The one way to open a transaction. Every write runs inside one, so that a
 * rejected request leaves nothing behind and its audit record commits (or
 * rolls back) with the change it describes. A `run` inside another joins it:
 * the idempotency layer opens the transaction, stores the key in it, and the
 * service's own `run` writes the change in that same transaction.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(fn: (m: EntityManager, audit: AuditFn) => Promise<T>): Promise<T> {
    const open = current.getStore();
    if (open) return fn(open.m, open.audit);
    return this.dataSource.transaction('READ COMMITTED', (m) => {
      const tx = { m, audit: auditTo(m) };
      return current.run(tx, () => fn(tx.m, tx.audit));
    });
  }
}
