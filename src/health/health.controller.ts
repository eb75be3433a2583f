import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../platform/access/access.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** 200 with the database's state when it answers, 503 when it does not. */
  @Get() @HttpCode(200)
  async health(@Res({ passthrough: true }) res: Response) {
    try {
      const [row] = await this.db.query(
        `SELECT current_setting('server_version') AS version,
                (SELECT count(*)::int FROM migrations) AS migrations`,
      );
      return { status: 'ok', database: { status: 'up', version: row.version, migrations: row.migrations } };
    } catch {
      res.status(503);
      return { status: 'error', database: { status: 'down' } };
    }
  }
}
