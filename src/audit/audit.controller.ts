import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Access } from '../access/access.decorators';
import { PageQuery, pageOf } from '../common/paging';
import { AuditEntry } from './audit-entry.entity';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'capital-event' }) @IsOptional() @IsString() @MaxLength(40) entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'update' }) @IsOptional() @IsString() @MaxLength(40) action?: string;
  @ApiPropertyOptional({ example: '2025-01-01T00:00:00Z' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/) from?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/) to?: string;
}

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Access('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly db: DataSource) {}

  /** Newest first. */
  @Get()
  async list(@Query() q: AuditQuery) {
    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
    if (q.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    const [items, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return pageOf(items, total, q);
  }
}
