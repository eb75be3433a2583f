import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { unitsIssue } from '../core/households/shares';
import { IsCalendarDate, IsCode, IsOptionalNonNull } from '../platform/http/validators';
import { fromCheck } from './household.dto';

/** Share units: above zero, at most 6 decimals, as a string. */
const IsUnits = fromCheck('isUnits', unitsIssue);

/** Holdings a register may list: a village of 20,000 households with a few kinds each. */
export const MAX_HOLDINGS = 100_000;

export class ShareKindDto {
  @ApiProperty({ example: 'POP', description: '股种代码' }) @IsCode() code: string;
  @ApiProperty({ example: '人口股', description: '股种名称' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
}

export class ShareHoldingDto {
  @ApiProperty({ example: 'H001', description: '户编码' }) @IsCode() household: string;
  @ApiProperty({ example: 'POP', description: '股种代码，须在本次登记的股种之中' }) @IsCode() kind: string;
  @ApiProperty({ example: '3', description: '股数：大于零的小数字符串，最多 6 位小数' }) @IsUnits() units: string;
}

export class CreateShareRegisterDto {
  @ApiProperty({ example: '2024-12-31', description: '股权登记日（股权固化日）：自该日起生效，直到下一个登记日' })
  @IsCalendarDate()
  registeredOn: string;
  @ApiProperty({
    type: [ShareKindDto],
    example: [
      { code: 'POP', name: '人口股' },
      { code: 'LAB', name: '劳龄股' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1, { message: '至少登记一个股种' })
  @ArrayMaxSize(50, { message: '最多 50 个股种' })
  @ValidateNested({ each: true })
  @Type(() => ShareKindDto)
  kinds: ShareKindDto[];
  @ApiProperty({
    type: [ShareHoldingDto],
    example: [
      { household: 'H001', kind: 'POP', units: '3' },
      { household: 'H001', kind: 'LAB', units: '1.5' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1, { message: '至少登记一户的股权' })
  @ArrayMaxSize(MAX_HOLDINGS, { message: `一次最多登记 ${MAX_HOLDINGS} 条股权` })
  @ValidateNested({ each: true })
  @Type(() => ShareHoldingDto)
  holdings: ShareHoldingDto[];
  @ApiPropertyOptional({ example: '2024年成员代表大会确认' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}

export class InForceDateQuery {
  @ApiProperty({ example: '2025-12-31', description: '日期：返回该日生效的股权登记' }) @IsCalendarDate() date: string;
}
