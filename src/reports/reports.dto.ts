import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { JournalQuery, TrialBalanceQuery } from '../ledger/ledger.dto';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode, IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

/**
 * `?format=`: json (the default), or a file. Checked against what the route gives by documentFormat
 * (platform/documents/document-http.ts), which also reads the Accept header when the parameter is absent.
 */
export const Format = (formats: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: formats.split('|')[1] ?? 'pdf', description: `${formats}; default json, or by the Accept header` }),
    IsOptional(),
    IsString(),
    MaxLength(20),
  );

export class StatementQuery {
  @ApiPropertyOptional({ example: '2025-12-31', description: 'owed, paid and outstanding as of this date; default today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @Format('json|pdf|xlsx|csv') format?: string;
}

export class TrialBalanceDocumentQuery extends TrialBalanceQuery {
  @Format('json|pdf|xlsx|csv') format?: string;
}

export class JournalDocumentQuery extends JournalQuery {
  @Format('json|pdf|xlsx|csv') format?: string;
}

export class DocumentQuery {
  @Format('json|pdf|xlsx|csv') format?: string;
}

export class PublicityQuery {
  @Format('json|pdf|xlsx') format?: string;
}

export class IncomeDistributionQuery {
  @ApiProperty({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR })
  @QueryInt()
  @IsYear()
  year: number;

  @Format('json|pdf|xlsx|csv') format?: string;
}

export class NoticesQuery {
  @ApiPropertyOptional({ example: 'V01', description: "a village's code: its notice only; default every village of the run" })
  @IsOptional()
  @IsCode()
  village?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'paid and outstanding as of this date; default today' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @Format('json|pdf') format?: string;
}

export const EXPORT_FORMATS = ['hledger', 'beancount'] as const;

export class JournalExportQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'hledger', description: 'hledger (also ledger-cli) or beancount' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: '须为 hledger 或 beancount' })
  format?: (typeof EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ example: '2026-12-31', description: 'vouchers dated up to this date; default all' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

/** A village book's journal: its filters (no village filter: the book is one village's own) and the format. */
export class VillageJournalQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ example: '112', description: 'an account of the village chart; its sub-accounts are included' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[0-9]{3}(-[A-Za-z0-9_-]+)*$/, { message: 'account must be an account code such as 112 or 112-P01' })
  account?: string;
  @Format('json|pdf|xlsx|csv') format?: string;
}
