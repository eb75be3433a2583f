import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '../platform/http/validators';

export class StatementQuery {
  @ApiPropertyOptional({ example: '2025-12-31', description: 'owed, paid and outstanding as of this date; default today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
