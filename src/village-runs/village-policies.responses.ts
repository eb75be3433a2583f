import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** A version of the village's distribution policy to its members (村级分配方案), effective from a year until the next version. */
export class VillagePolicyResponse {
  @ApiProperty({ description: '村级分配方案版本 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '起始年度：自该年度起生效，直到下一个版本', example: 2025 })
  effectiveFromYear: number;

  @ApiProperty({ description: '修订号：新建时为 1，每修改一次加 1；分红计算记下所用的修订号', example: 1 })
  version: number;

  @ApiProperty({
    description:
      '方案文档：keeps 为各提留项（代码、名称，按收益合计的比例 rate 或固定金额 amount 二者之一），weights 为各股种每股的权重（规则见 spec households.md）',
    type: 'object',
    additionalProperties: true,
    example: { keeps: [{ code: 'reserve', name: '公积公益金', rate: '0.10' }], weights: { POP: '1', LAB: '0.5' } },
  })
  document: Record<string, unknown>;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String, example: '2025年成员代表大会决议' })
  memo: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}
