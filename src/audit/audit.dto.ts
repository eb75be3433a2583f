import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsDateOrInstant } from '../platform/http/validators';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'capital-event' }) @IsOptional() @IsString() @MaxLength(40) entity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'update' }) @IsOptional() @IsString() @MaxLength(40) action?: string;
  @ApiPropertyOptional({ example: '2025-01-01', description: 'from this instant, or from the start of this day (Beijing time)' })
  @IsOptional()
  @IsDateOrInstant()
  from?: string;
  @ApiPropertyOptional({ example: '2025-12-31', description: 'up to this instant, or to the end of this day (Beijing time), inclusive' })
  @IsOptional()
  @IsDateOrInstant()
  to?: string;
}
