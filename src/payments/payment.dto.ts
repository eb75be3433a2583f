import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate, IsCode, IsMoney, IsOptionalNonNull } from '../platform/http/validators';

export class OperatorPaymentDto {
  @ApiProperty({ example: '63245.91' }) @IsMoney() amount: string;
  @ApiProperty({ example: '2026-04-10' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: 'ICBC-20260410-0001' }) @IsString() @MinLength(1) @MaxLength(100) bankReference: string;
}

export class VillagePaymentDto extends OperatorPaymentDto {
  @ApiProperty({ example: 'V01' }) @IsCode() villageCode: string;
}

export class ReversePaymentDto {
  @ApiPropertyOptional({ example: '2026-04-12', description: 'default today' }) @IsOptionalNonNull() @IsCalendarDate() date?: string;
}
