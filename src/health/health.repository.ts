import { Injectable } from '@nestjs/common';
import { Repository } from '../platform/database/repository';

/** Asks the database whether it answers; owns no table. */
@Injectable()
export class HealthRepository extends Repository {
  async ping(): Promise<void> {
    await this.one('SELECT 1');
  }
}
