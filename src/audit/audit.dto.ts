import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../platform/http/paging';

const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'capital-event' }) @IsOptional() @IsString() @MaxLength(40) entity?: string;
  @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'update' }) @IsOptional() @IsString() @MaxLength(40) action?: string;
  @ApiPropertyOptional({ example: '2025-01-01T00:00:00Z' }) @IsOptional() @Matches(INSTANT) from?: string;
  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' }) @IsOptional() @Matches(INSTANT) to?: string;
}
