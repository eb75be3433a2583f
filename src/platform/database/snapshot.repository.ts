import { Injectable } from '@nestjs/common';
import { Repository } from './repository';

/** The one statement a snapshot needs of its own; it owns no table. */
@Injectable()
export class SnapshotRepository extends Repository {
  /** Makes the open transaction read-only: must come before its first read (the snapshot is taken then). */
  async readOnly(): Promise<void> {
    await this.rows('SET TRANSACTION READ ONLY');
  }
}
