import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditFn, auditTo } from '../audit/audit-trail';

/**
 * The one way to open a transaction. Every write runs inside one, so that a
 * rejected request leaves nothing behind and its audit record commits (or
 * rolls back) with the change it describes.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(fn: (m: EntityManager, audit: AuditFn) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', (m) => fn(m, auditTo(m)));
  }
}
