import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { AuditLogRepository } from '../platform/audit/audit-log.repository';
import { pageOf } from '../platform/http/paging';
import { AuditQuery } from './audit.dto';

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Access('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  /** Newest first. */
  @Get()
  async list(@Query() q: AuditQuery) {
    const { items, total } = await this.log.list(q, q);
    return pageOf(items, total, q);
  }
}
