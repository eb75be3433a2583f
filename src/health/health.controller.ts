import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BackupStatus } from '../backups/backup-status';
import { Public } from '../platform/access/access.decorators';
import { ApiOk } from '../platform/http/openapi';
import { HealthRepository } from './health.repository';

@ApiTags('health 健康检查')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthRepository,
    private readonly backups: BackupStatus,
  ) {}

  /**
   * 200 `{ status: 'ok' }` when the database answers, 200 `{ status: 'degraded' }` when it does but the last
   * scheduled backup failed (the log says why; GET /api/backups shows it to the admin), 503 when the database does
   * not answer; nothing else (no versions) to anyone.
   */
  @ApiOperation({ summary: '健康检查', security: [] })
  @ApiOk('数据库可用；degraded：上一次定时备份失败', {
    type: 'object',
    properties: { status: { type: 'string', enum: ['ok', 'degraded'] } },
  })
  @ApiServiceUnavailableResponse({
    description: '数据库不可用',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['error'] } } },
  })
  @Get()
  @HttpCode(200)
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'degraded' | 'error' }> {
    try {
      await this.health.ping();
      return { status: this.backups.failing ? 'degraded' : 'ok' };
    } catch {
      res.status(503);
      return { status: 'error' };
    }
  }
}
