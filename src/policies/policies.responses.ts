import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CREATED_AT, REDACTED, UPDATED_AT } from '../platform/http/common.responses';

/** A version of the project's distribution policy (分配方案), effective from a year until the next version. */
export class PolicyResponse {
  @ApiProperty({ description: '分配方案版本 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '起始年度：自该年度起生效，直到下一个版本', example: 2024 })
  effectiveFromYear: number;

  @ApiProperty({
    description: '方案文档（规则见 docs/distribution.md：保底分红、提取项、利润分成等）；村报账员看到的只含本村的条款',
    type: 'object',
    additionalProperties: true,
    example: { guaranteed: { type: 'rate', rate: '0.06' } },
  })
  document: Record<string, unknown>;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String, example: '2025年联席会议决议' })
  memo: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}
