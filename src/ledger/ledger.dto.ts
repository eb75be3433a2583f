import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode } from '../platform/http/validators';

export class JournalQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ example: '211', description: 'an account; its sub-accounts are included' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[0-9]{3}(-[A-Za-z0-9_-]+)*$/, { message: 'account must be an account code such as 211 or 211-V01' })
  account?: string;
  @ApiPropertyOptional({ example: 'V01', description: 'a village code: vouchers touching its 211 or 301 sub-accounts' })
  @IsOptional()
  @IsCode()
  village?: string;
}

export class TrialBalanceQuery {
  @ApiPropertyOptional({ example: '2025-12-31', description: 'default today' }) @IsOptional() @IsCalendarDate() asOf?: string;
  @ApiPropertyOptional({ example: '2025-01-01', description: 'default 1 January of asOf' })
  @IsOptional()
  @IsCalendarDate()
  periodStart?: string;
}
