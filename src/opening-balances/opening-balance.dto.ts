import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney, IsOptionalNonNull } from '../platform/http/validators';

/** One account's balance on the cut-over date: a debit or a credit (the other side "0.00" or left out). */
export class OpeningLineDto {
  @ApiProperty({ example: '322-02', description: '科目或明细科目代码，如 102、211-V01、301-V01、311、322-02' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  account: string;
  @ApiPropertyOptional({ example: '248360.64', description: '借方金额（元，两位小数的字符串），默认 "0.00"' })
  @IsOptionalNonNull()
  @IsNonNegativeMoney()
  debit?: string;
  @ApiPropertyOptional({ example: '0.00', description: '贷方金额（元，两位小数的字符串），默认 "0.00"' })
  @IsOptionalNonNull()
  @IsNonNegativeMoney()
  credit?: string;
}

export class CreateOpeningBalanceDto {
  @ApiProperty({
    type: [OpeningLineDto],
    example: [
      { account: '322-02', debit: '248360.64', credit: '0.00' },
      { account: '311', debit: '0.00', credit: '248360.64' },
    ],
    description:
      '期初日期旧账的科目余额：借方 102、112-OPERATOR、151、322-02（未弥补亏损）；' +
      '贷方 211-<代码>、301-<村代码>（须等于该村的出资历史）、311',
  })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OpeningLineDto)
  lines: OpeningLineDto[];
  @ApiPropertyOptional({ example: '据2024年12月31日旧账科目余额表' }) @IsOptionalNonNull() @IsString() @MaxLength(500) memo?: string;
}
