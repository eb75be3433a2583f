import { ApiProperty } from '@nestjs/swagger';

/**
 * Parts of answers shared by several features. Each feature's own answers are in `src/<feature>/<feature>.responses.ts`:
 * classes that only document (nothing constructs them), passed to ApiOk / ApiCreated / ApiPage / ApiList (openapi.ts).
 */

/** A project's books at the moment of the read: the last voucher's sequence and hash (账簿摘要). */
export class DigestResponse {
  @ApiProperty({ description: '最后一张凭证的序号（没有凭证时为 0）', example: 12 })
  sequence: number;

  @ApiProperty({ description: '最后一张凭证的哈希（SHA-256，十六进制；没有凭证时为 64 个 0）', example: 'ab12…' })
  hash: string;
}

/** The note on every answer cut to a treasurer's village. */
export const REDACTED = {
  required: false,
  description: '只在村报账员视图中出现：说明隐去了哪些内容（其他村的金额、明细和银行流水号），哈希仍按完整文档计算',
  example: '村报账员视图：只列本村（V01）的明细和项目合计……',
} as const;

/** A record's creation and last change, as every table keeps them. */
export const CREATED_AT = { description: '创建时间（ISO 8601，UTC）', format: 'date-time', example: '2025-03-31T02:00:00.000Z' } as const;
export const UPDATED_AT = {
  description: '最后修改时间（ISO 8601，UTC）',
  format: 'date-time',
  example: '2025-03-31T02:00:00.000Z',
} as const;
