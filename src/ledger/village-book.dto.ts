import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate, IsMoney } from '../platform/http/validators';

export class OpenVillageBookDto {
  @ApiProperty({ description: '建账日期：此后的收款记入村账；建账年度起的项目分红在村账上确认为投资收益', example: '2025-01-01' })
  @IsCalendarDate()
  openedOn: string;
}

export class VillageOtherIncomeDto {
  @ApiProperty({ description: '收款日期（所属会计年度为该日期的年度）', example: '2025-06-30' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ description: '金额（元，两位小数的字符串）', example: '1200.00' })
  @IsMoney()
  amount: string;

  @ApiProperty({ description: '摘要', example: '村集体房屋租金' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  summary: string;
}
