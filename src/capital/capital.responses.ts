import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** 出资: a contribution (positive) or a withdrawal / transfer-out (negative), as CapitalRepository reads it. */
export class CapitalEventResponse {
  @ApiProperty({ description: '出资记录 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '出资村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '出资日期（YYYY-MM-DD）', format: 'date', example: '2024-04-15' })
  date: string;

  @ApiProperty({ description: '出资金额（元，两位小数的字符串）；撤资、转出为负数', example: '500000.00' })
  amount: string;

  @ApiProperty({ description: '出资方式：cash 现金、asset 资产', enum: ['cash', 'asset'] })
  kind: string;

  @ApiProperty({ description: '资金来源；未填写时为 null', nullable: true, type: String, example: '2024年衔接资金' })
  fundSource: string | null;

  @ApiProperty({ description: '出资文件文号；未填写时为 null', nullable: true, type: String, example: '韩政发〔2024〕12号' })
  reference: string | null;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String })
  memo: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}
