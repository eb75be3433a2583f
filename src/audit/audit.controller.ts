import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { AuditLogRepository } from '../platform/audit/audit-log.repository';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Snapshot } from '../platform/database/snapshot';
import { pageOf } from '../platform/http/paging';
import { AuditQuery } from './audit.dto';

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Access('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly trail: AuditTrail,
    private readonly snapshot: Snapshot,
  ) {}

  /** Newest first. */
  @Get()
  async list(@Query() q: AuditQuery) {
    const { items, total } = await this.log.list(q, q);
    return pageOf(items, total, q);
  }

  /** Recomputes the audit trail's hash chain in one read-only snapshot and names the first entry that does not match. */
  @Get('verify')
  verify() {
    return this.snapshot.read(() => this.trail.verify());
  }
}
