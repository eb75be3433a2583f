import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way to open a transaction. Every write runs inside one, so that a
 * rejected request leaves nothing behind and the audit record commits with the
 * change it describes.
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', fn);
  }
}
