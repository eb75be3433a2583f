import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../platform/http/paging';
import { IsCalendarDate, IsCode, IsMoney } from '../platform/http/validators';

const KINDS = ['cash', 'asset'] as const;

export class CreateCapitalEventDto {
  @ApiProperty({ example: 'V01' }) @IsCode() villageCode: string;
  @ApiProperty({ example: '2024-04-15' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: '500000.00', description: 'yuan as a decimal string; a withdrawal or transfer-out is negative' })
  @IsMoney()
  amount: string;
  @ApiProperty({ enum: KINDS, description: 'cash (现金) or a valued asset (实物资产)' }) @IsIn(KINDS) kind: 'cash' | 'asset';
  @ApiPropertyOptional({ example: '财政衔接资金', description: 'source of funds' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  fundSource?: string;
  @ApiPropertyOptional({ example: '沁财农〔2024〕12号' }) @IsOptional() @IsString() @MaxLength(100) reference?: string;
  @IsOptional() @IsString() @MaxLength(500) memo?: string;
}

export class UpdateCapitalEventDto {
  @IsOptional() @IsCalendarDate() date?: string;
  @IsOptional() @IsMoney() amount?: string;
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS) kind?: 'cash' | 'asset';
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  fundSource?: string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  reference?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(500) memo?: string | null;
}

export class CapitalEventQuery extends PageQuery {
  @IsOptional() @IsUUID() villageId?: string;
  @ApiPropertyOptional({ example: '2025-01-01' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2025-12-31' }) @IsOptional() @IsCalendarDate() to?: string;
}
