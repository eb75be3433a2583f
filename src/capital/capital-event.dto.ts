import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode, IsMoney, IsOptionalNonNull } from '../platform/http/validators';

const KINDS = ['cash', 'asset'] as const;

export class CreateCapitalEventDto {
  @ApiProperty({ example: 'V01' }) @IsCode() villageCode: string;
  @ApiProperty({ example: '2024-04-15' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '500000.00', description: 'yuan as a decimal string; a withdrawal or transfer-out is negative' })
  @IsMoney()
  amount: string;
  @ApiProperty({ enum: KINDS, example: 'cash', description: 'cash (现金) or a valued asset (实物资产)' }) @IsIn(KINDS) kind:
    'cash' | 'asset';
  @ApiPropertyOptional({ example: '财政衔接资金', description: 'source of funds' })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(100)
  fundSource?: string;
  @ApiPropertyOptional({ example: '沁财农〔2024〕12号' }) @IsOptionalNonNull() @IsString() @MaxLength(100) reference?: string;
  @ApiPropertyOptional({ example: '首期出资' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class UpdateCapitalEventDto {
  @ApiPropertyOptional({ example: '2024-04-15' }) @IsOptionalNonNull() @IsCalendarDate() date?: string;
  @ApiPropertyOptional({ example: '500000.00' }) @IsOptionalNonNull() @IsMoney() amount?: string;
  @ApiPropertyOptional({ enum: KINDS }) @IsOptionalNonNull() @IsIn(KINDS) kind?: 'cash' | 'asset';
  @ApiPropertyOptional({ type: String, nullable: true, example: '财政衔接资金' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  fundSource?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '沁财农〔2024〕12号' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  reference?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '更正日期' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  memo?: string | null;
}

export class CapitalEventQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() villageId?: string;
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsCalendarDate() to?: string;
}
