import { Injectable } from '@nestjs/common';
import { Repository } from '../platform/database/repository';

/** Reads the server's version and how many migrations are applied; owns no table. */
@Injectable()
export class HealthRepository extends Repository {
  async databaseState(): Promise<{ version: string; migrations: number }> {
    return (await this.one<{ version: string; migrations: number }>(
      `SELECT current_setting('server_version') AS version, (SELECT count(*)::int FROM migrations) AS migrations`,
    ))!;
  }
}
