import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REDACTED } from '../platform/http/common.responses';

/**
 * The distribution's documents as the API answers them: the scenario (方案文档) and the result (core/distribution/
 * result.ts), also stored in each run. Amounts are yuan as decimal strings with two decimals ("21393.44").
 */

const MONEY = { type: String, example: '21393.44' } as const;
const SHARES = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { dividend: '12000.00' },
} as const;

/** One line of a list of amounts by code: a deduction or a bucket. */
export class AmountLineResponse {
  @ApiProperty({ description: '提取项或分配项的代码', example: 'reserve' })
  code: string;

  @ApiProperty({ ...MONEY, description: '金额（元）' })
  amount: string;
}

/** How a village's figures were computed, in Chinese (分红计算过程). */
export class VillageTraceResponse {
  @ApiProperty({ description: '每笔出资在本年度的计算，如 "2024-04-15 出资 500000.00 × 261/366"', type: [String] })
  capital: string[];

  @ApiProperty({ description: '出资基数的计算' })
  capitalBase: string;

  @ApiProperty({ description: '保底分红的计算，如 "500000.00 × 261/366 × 6% = 21393.442622… → 四舍五入 21393.44"' })
  guaranteed: string;

  @ApiProperty({ ...SHARES, description: '各分配项的份额及尾差归属的说明，按分配项代码', example: { dividend: '…' } })
  shares: Record<string, string>;

  @ApiProperty({ description: '合计的计算' })
  total: string;
}

/** One village's line of the result. */
export class VillageLineResponse {
  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ ...MONEY, description: '出资基数（元）' })
  capitalBase: string;

  @ApiProperty({ ...MONEY, description: '保底分红（元）' })
  guaranteed: string;

  @ApiProperty({ ...SHARES, description: '各分配项分得的金额（元），按分配项代码' })
  shares: Record<string, string>;

  @ApiProperty({ ...MONEY, description: '该村分红合计（元）' })
  total: string;

  @ApiProperty({ description: '计算过程', type: () => VillageTraceResponse })
  trace: VillageTraceResponse;
}

/** A payee other than a village (a fund, the operator): what a bucket gives it. */
export class PayeeLineResponse {
  @ApiProperty({ description: '收款方代码', example: 'FUND' })
  code: string;

  @ApiProperty({ description: '分配项代码', example: 'fund' })
  bucket: string;

  @ApiProperty({ ...MONEY, description: '金额（元）' })
  amount: string;
}

/** The deficit (亏损) of the year: brought forward, recovered, incurred, carried forward. */
export class DeficitResponse {
  @ApiProperty({ ...MONEY, description: '以前年度结转的亏损（元）' })
  broughtForward: string;

  @ApiProperty({ ...MONEY, description: '本年弥补的亏损（元）' })
  recovered: string;

  @ApiProperty({ ...MONEY, description: '本年新增的亏损（元）' })
  incurred: string;

  @ApiProperty({ ...MONEY, description: '结转下年的亏损（元）' })
  carriedForward: string;
}

/** The computation explained step by step, in Chinese. */
export class ExplanationResponse {
  @ApiProperty({ description: '年度' })
  year: string;

  @ApiProperty({ description: '利润分配顺序（瀑布）的各步', type: [String] })
  waterfall: string[];

  @ApiProperty({ description: '各提取项及可分配利润的计算和舍入', type: [String] })
  deductions: string[];

  @ApiProperty({ description: '各分配项的份额及舍入', type: [String] })
  buckets: string[];

  @ApiProperty({ description: '核对：各项之和等于总额', type: [String] })
  checks: string[];

  @ApiProperty({ description: '舍入规则' })
  rounding: string;
}

/** The result of a distribution (分红计算结果): the rulebook's fields, the explanation and the two hashes. */
export class DistributionResultResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({ ...MONEY, description: '净利润（元）：收入减支出' })
  netProfit: string;

  @ApiProperty({ ...MONEY, description: '保底分红合计（元）' })
  guaranteedTotal: string;

  @ApiProperty({ ...MONEY, description: '运营方补足保底的金额（元）' })
  operatorTopUp: string;

  @ApiProperty({ description: '亏损', type: () => DeficitResponse })
  deficit: DeficitResponse;

  @ApiProperty({ ...MONEY, description: '付完保底后的盈余（元）' })
  surplus: string;

  @ApiProperty({ description: '各提取项（元）', type: () => AmountLineResponse, isArray: true })
  deductions: AmountLineResponse[];

  @ApiProperty({ ...MONEY, description: '可分配利润（元）' })
  pool: string;

  @ApiProperty({ description: '各分配项（元）', type: () => AmountLineResponse, isArray: true })
  buckets: AmountLineResponse[];

  @ApiProperty({ description: '各村的分红；村报账员只看到本村一行', type: () => VillageLineResponse, isArray: true })
  villages: VillageLineResponse[];

  @ApiProperty({ description: '村以外的收款方', type: () => PayeeLineResponse, isArray: true })
  payees: PayeeLineResponse[];

  @ApiProperty({ description: '计算说明', type: () => ExplanationResponse })
  explanation: ExplanationResponse;

  @ApiProperty({ description: '规范化方案文档的 SHA-256（十六进制），见 docs/hashing.md' })
  inputsHash: string;

  @ApiProperty({ description: '结果文档（不含本字段）的 SHA-256（十六进制）' })
  resultHash: string;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}

/** The project of a scenario. */
export class ScenarioProjectResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  code: string;

  @ApiProperty({ description: '项目名称' })
  name: string;
}

/** A village of a scenario. */
export class ScenarioVillageResponse {
  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ description: '村名称', example: '程壁村' })
  name: string;
}

/** A capital event of a scenario. */
export class ScenarioContributionResponse {
  @ApiProperty({ description: '村代码', example: 'V01' })
  village: string;

  @ApiProperty({ description: '日期（YYYY-MM-DD）', format: 'date', example: '2024-04-15' })
  date: string;

  @ApiProperty({ ...MONEY, description: '金额（元）；撤资为负数', example: '500000.00' })
  amount: string;
}

/** The year's operating result in a scenario. */
export class ScenarioResultResponse {
  @ApiProperty({ ...MONEY, description: '经营收入（元）', example: '1860000.00' })
  revenue: string;

  @ApiProperty({ ...MONEY, description: '经营支出（元）', example: '1650000.00' })
  costs: string;
}

/** The scenario document (方案文档) built from a project's records for a year: the input of the computation. */
export class ScenarioResponse {
  @ApiProperty({ description: '项目', type: () => ScenarioProjectResponse })
  project: ScenarioProjectResponse;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({
    description: '该年度生效的分配方案文档（docs/distribution.md）',
    type: 'object',
    additionalProperties: true,
    example: { guaranteed: { type: 'rate', rate: '0.06' } },
  })
  policy: Record<string, unknown>;

  @ApiProperty({ description: '参与村；村报账员只看到本村', type: () => ScenarioVillageResponse, isArray: true })
  villages: ScenarioVillageResponse[];

  @ApiProperty({ description: '到年底为止的各笔出资；村报账员只看到本村的', type: () => ScenarioContributionResponse, isArray: true })
  contributions: ScenarioContributionResponse[];

  @ApiProperty({ description: '年度经营成果', type: () => ScenarioResultResponse })
  result: ScenarioResultResponse;

  @ApiProperty({ ...MONEY, description: '以前年度结转的亏损（元）', example: '0.00' })
  deficitBroughtForward: string;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}
