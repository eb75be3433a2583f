import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { AuditLogRepository } from '../platform/audit/audit-log.repository';
import { AuditTrail } from '../platform/audit/audit-trail';
import { Snapshot } from '../platform/database/snapshot';
import { ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { pageOf } from '../platform/http/paging';
import { AuditQuery } from './audit.dto';
import { AuditEntryResponse, AuditVerificationResponse } from './audit.responses';

@ApiTags('audit 审计日志')
@ApiSignedIn()
@Access('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly trail: AuditTrail,
    private readonly snapshot: Snapshot,
  ) {}

  /** Newest first. */
  @ApiOperation({ summary: '审计日志（分页，最新的在前）' })
  @ApiPage('一页审计记录：谁、何时、从哪里、对什么做了什么，及其变更', AuditEntryResponse)
  @ApiErrors(400)
  @Get()
  async list(@Query() q: AuditQuery) {
    const { items, total } = await this.log.list(q, q);
    return pageOf(items, total, q);
  }

  /** Recomputes the audit trail's hash chain in one read-only snapshot and names the first entry that does not match. */
  @ApiOperation({ summary: '校验审计日志哈希链' })
  @ApiOk('ok，以及第一条对不上的记录（如有）及问题类型 code', AuditVerificationResponse)
  @Get('verify')
  verify() {
    return this.snapshot.read(() => this.trail.verify());
  }
}
