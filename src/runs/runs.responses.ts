import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DistributionResultResponse, ScenarioResponse } from '../distributions/distributions.responses';
import { CREATED_AT, DigestResponse, REDACTED } from '../platform/http/common.responses';

const NULLABLE_ID = { format: 'uuid', nullable: true, type: String } as const;
const NULLABLE_LOGIN = { nullable: true, type: String } as const;
const NULLABLE_TIME = { format: 'date-time', nullable: true, type: String } as const;
const NULLABLE_DATE = { format: 'date', nullable: true, type: String } as const;
/** Any JSON value: a scenario's field as stored, or as the records give it now. */
const ANY_JSON = {
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }],
};

/** A distribution run (分红计算) without its documents: its state, hashes and who did what when (run-view.ts). */
export class RunSummaryResponse {
  @ApiProperty({ description: '分红计算 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({
    description: '状态：draft 草稿、approved 已审核、posted 已入账、reversed 已冲销',
    enum: ['draft', 'approved', 'posted', 'reversed'],
  })
  status: string;

  @ApiProperty({ description: '方案文档（输入）的哈希' })
  inputsHash: string;

  @ApiProperty({ description: '结果文档的哈希' })
  resultHash: string;

  @ApiProperty({ description: '所用分配方案的哈希（规范 JSON 的 SHA-256）' })
  policyHash: string;

  @ApiProperty({ ...NULLABLE_ID, description: '编制人的用户 id（系统任务为 null）' })
  preparedBy: string | null;

  @ApiProperty({ description: '编制人的登录名' })
  preparedByLogin: string;

  @ApiProperty({ ...NULLABLE_ID, description: '审核人的用户 id；未审核时为 null' })
  approvedBy: string | null;

  @ApiProperty({ ...NULLABLE_LOGIN, description: '审核人的登录名；未审核时为 null' })
  approvedByLogin: string | null;

  @ApiProperty({ ...NULLABLE_TIME, description: '审核时间；未审核时为 null' })
  approvedAt: string | null;

  @ApiProperty({ ...NULLABLE_ID, description: '入账人的用户 id；未入账时为 null' })
  postedBy: string | null;

  @ApiProperty({ ...NULLABLE_LOGIN, description: '入账人的登录名；未入账时为 null' })
  postedByLogin: string | null;

  @ApiProperty({ ...NULLABLE_TIME, description: '入账操作的时间；未入账时为 null' })
  postedAt: string | null;

  @ApiProperty({ ...NULLABLE_DATE, description: '入账日期（凭证日期，YYYY-MM-DD）；未入账时为 null' })
  postingDate: string | null;

  @ApiProperty({ ...NULLABLE_ID, description: '冲销人的用户 id；未冲销时为 null' })
  reversedBy: string | null;

  @ApiProperty({ ...NULLABLE_LOGIN, description: '冲销人的登录名；未冲销时为 null' })
  reversedByLogin: string | null;

  @ApiProperty({ ...NULLABLE_TIME, description: '冲销操作的时间；未冲销时为 null' })
  reversedAt: string | null;

  @ApiProperty({ ...NULLABLE_DATE, description: '冲销日期（YYYY-MM-DD）；未冲销时为 null' })
  reversalDate: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;
}

/** A run with its documents: the scenario it was computed from, the policy in it, and the result. */
export class RunResponse extends RunSummaryResponse {
  @ApiProperty({ description: '存档的方案文档；村报账员只看到本村的村和出资', type: () => ScenarioResponse })
  scenario: ScenarioResponse;

  @ApiProperty({
    description: '所用的分配方案文档；村报账员看到的只含本村的条款',
    type: 'object',
    additionalProperties: true,
    example: { guaranteed: { type: 'rate', rate: '0.06' } },
  })
  policy: Record<string, unknown>;

  @ApiProperty({ description: '存档的计算结果；村报账员只看到本村一行和项目合计', type: () => DistributionResultResponse })
  result: DistributionResultResponse;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}

/** A run posted or reversed: the vouchers that step wrote. */
export class RunPostingResponse extends RunSummaryResponse {
  @ApiProperty({
    description: '这一步记的凭证号（入账：年度损益结转凭证及分红凭证；冲销：冲销凭证）',
    type: [String],
    example: ['2026-01-0001'],
  })
  vouchers: string[];
}

/** One difference between the stored scenario and the one the records give now. */
export class ScenarioDifferenceResponse {
  @ApiProperty({ description: '不同之处在方案文档中的路径', example: 'contributions[V01 2024-04-15]' })
  path: string;

  @ApiProperty({ ...ANY_JSON, description: '存档中的值（没有时为 null）' })
  stored: unknown;

  @ApiProperty({ ...ANY_JSON, description: '按现在的记录得到的值（没有时为 null）' })
  now: unknown;
}

/** The stored scenario compared with the one rebuilt from today's records. */
export class RecordsComparisonResponse {
  @ApiProperty({ description: '为 true 时按现在的记录生成的方案文档与存档相同' })
  identical: boolean;

  @ApiProperty({ description: '不同之处；村报账员只看到本村和项目的', type: () => ScenarioDifferenceResponse, isArray: true })
  differences: ScenarioDifferenceResponse[];

  @ApiPropertyOptional({ description: '只在村报账员视图中出现：其他村不同之处的个数' })
  otherVillages?: number;

  @ApiPropertyOptional({ description: '现在无法按记录生成方案文档时的原因（如记录已删除）' })
  error?: string;
}

/** A stored hash beside the one computed again. */
export class HashPairResponse {
  @ApiProperty({ description: '存档的哈希' })
  stored: string;

  @ApiProperty({ description: '重新计算的哈希' })
  recomputed: string;
}

/** The run computed again from its stored scenario, and its scenario compared with the records. */
export class RecomputeResponse {
  @ApiProperty({ description: '分红计算 id', format: 'uuid' })
  runId: string;

  @ApiProperty({ description: '状态', enum: ['draft', 'approved', 'posted', 'reversed'] })
  status: string;

  @ApiProperty({ description: '为 true 时重新计算的结果与存档逐字节相同' })
  identical: boolean;

  @ApiProperty({ description: '方案文档的哈希', type: () => HashPairResponse })
  inputsHash: HashPairResponse;

  @ApiProperty({ description: '结果文档的哈希', type: () => HashPairResponse })
  resultHash: HashPairResponse;

  @ApiProperty({ description: '存档的方案文档与按现在的记录生成的比较', type: () => RecordsComparisonResponse })
  records: RecordsComparisonResponse;

  @ApiProperty({ description: '读取时的账簿摘要', type: () => DigestResponse })
  digest: DigestResponse;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}
