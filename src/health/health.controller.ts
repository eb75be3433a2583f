import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../platform/access/access.decorators';
import { ApiOk } from '../platform/http/openapi';
import { HealthRepository } from './health.repository';

@ApiTags('health 健康检查')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  /** 200 `{ status: 'ok' }` when the database answers, 503 when it does not; nothing else (no versions) to anyone. */
  @ApiOperation({ summary: '健康检查', security: [] })
  @ApiOk('数据库可用', { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } })
  @ApiServiceUnavailableResponse({
    description: '数据库不可用',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['error'] } } },
  })
  @Get()
  @HttpCode(200)
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'error' }> {
    try {
      await this.health.ping();
      return { status: 'ok' };
    } catch {
      res.status(503);
      return { status: 'error' };
    }
  }
}
