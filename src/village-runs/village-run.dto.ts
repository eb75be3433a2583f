import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate, IsCode, IsMoney, IsOptionalNonNull, IsYear, MAX_YEAR, MIN_YEAR, QueryInt } from '../platform/http/validators';

export class CreateVillageRunDto {
  @ApiProperty({ example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR, description: '分红所属年度（分配该年度的收益）' })
  @IsYear()
  year: number;

  @ApiPropertyOptional({ example: '2026-04-10', description: '拟入账日期：须在分红年度之后；入账时不另写日期即用它（默认今天）' })
  @IsOptionalNonNull()
  @IsCalendarDate()
  postingDate?: string;
}

/** The date the run's vouchers carry; default today. */
export class VillageRunPostDto {
  @ApiPropertyOptional({ example: '2026-04-10', description: '入账日期：须在分红年度之后；默认今天' })
  @IsOptionalNonNull()
  @IsCalendarDate()
  date?: string;
}

export class VillageRunReverseDto {
  @ApiProperty({ example: '股权登记有误，重新编制', description: '冲销原因' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ example: '2026-04-20', description: '冲销日期：不早于入账日期；默认今天' })
  @IsOptionalNonNull()
  @IsCalendarDate()
  date?: string;
}

export class VillageRunYearQuery {
  @ApiPropertyOptional({ type: Number, example: 2025, minimum: MIN_YEAR, maximum: MAX_YEAR })
  @IsOptional()
  @QueryInt()
  @IsYear()
  year?: number;
}

export class HouseholdPaymentDto {
  @ApiProperty({ example: 'H001', description: '户编码' }) @IsCode() household: string;
  @ApiProperty({ example: '132.57', description: '支付金额（元，两位小数）；不能超过这次分红尚欠该户的金额' }) @IsMoney() amount: string;
  @ApiProperty({ example: '2026-04-15', description: '支付日期：不早于分红入账日期，不晚于今天' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: 'ICBC-20260415-0001', description: '银行流水号' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  bankReference: string;
}

export class ReverseHouseholdPaymentDto {
  @ApiPropertyOptional({ example: '2026-04-20', description: '冲销日期：不早于支付日期；默认今天' })
  @IsOptionalNonNull()
  @IsCalendarDate()
  date?: string;
}

export class ConfirmPaymentFileDto {
  @ApiProperty({ example: '2026-04-15', description: '银行代发的日期' }) @IsCalendarDate() paidOn: string;
  @ApiProperty({ example: 'ICBC-BATCH-20260415-01', description: '银行代发批次的流水号' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  bankReference: string;
}

export class PaymentFileQuery {
  @ApiPropertyOptional({
    enum: ['json', 'csv'],
    description: 'csv：银行代发文件（UTF-8 带 BOM，账号完整，读取记入审计）；默认 json（账号遮蔽）',
  })
  @IsOptional()
  @IsString()
  format?: string;
}
