import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../platform/access/access.decorators';
import { HealthRepository } from './health.repository';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  /** 200 with the database's state when it answers, 503 when it does not. */
  @Get()
  @HttpCode(200)
  async check(@Res({ passthrough: true }) res: Response) {
    try {
      const { version, migrations } = await this.health.databaseState();
      return { status: 'ok', database: { status: 'up', version, migrations } };
    } catch {
      res.status(503);
      return { status: 'error', database: { status: 'down' } };
    }
  }
}
