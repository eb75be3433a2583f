import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

const DECIMAL = { nullable: true, type: String } as const;

/** A year's operating result (年度经营成果) as ResultsRepository reads it; amounts and quantities are decimal strings. */
export class YearResultResponse {
  @ApiProperty({ description: '经营成果 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '经营收入（元，两位小数的字符串）', example: '1860000.00' })
  revenue: string;

  @ApiProperty({ description: '经营支出（元，两位小数的字符串）', example: '1650000.00' })
  costs: string;

  @ApiProperty({ ...DECIMAL, description: '菌棒数（小数字符串）；未填写时为 null', example: '300000' })
  mushroomLogs: string | null;

  @ApiProperty({ ...DECIMAL, description: '鲜菇产量（公斤，小数字符串）；未填写时为 null', example: '412000.5' })
  freshKg: string | null;

  @ApiProperty({ ...DECIMAL, description: '干菇产量（公斤，小数字符串）；未填写时为 null' })
  driedKg: string | null;

  @ApiProperty({ description: '务工人数；未填写时为 null', nullable: true, type: Number, example: 85 })
  jobs: number | null;

  @ApiProperty({ ...DECIMAL, description: '支付工资（元，两位小数的字符串）；未填写时为 null', example: '960000.00' })
  wagesPaid: string | null;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String })
  memo: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}
