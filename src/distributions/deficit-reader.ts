import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The deficit brought forward into a year (B). Until the ledger posts
 * distributions there are no books to read it from, so it is 0.00.
 */
@Injectable()
export class DeficitReader {
  async broughtForward(_m: EntityManager, _projectId: string, _year: number): Promise<string> {
    return '0.00';
  }
}
