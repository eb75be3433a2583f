import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AmountLineResponse, DeficitResponse, PayeeLineResponse, VillageTraceResponse } from '../distributions/distributions.responses';
import { DigestResponse, REDACTED } from '../platform/http/common.responses';

/** The reports' answers (reports.service.ts): 科目余额表, 分红明细表, 村对账单. Amounts are yuan as decimal strings. */

const MONEY = { type: String, example: '21393.44' } as const;
const SHARES = { type: 'object', additionalProperties: { type: 'string' }, example: { dividend: '12000.00' } } as const;
const PERCENT = {
  nullable: true,
  type: String,
  description: '分红占出资基数的百分比（两位小数，四舍五入）；出资基数为 0 时为 null',
  example: '4.28',
} as const;

/** A balance: its side and amount (平 when zero). */
export class BalanceResponse {
  @ApiProperty({ description: '余额方向：debit 借、credit 贷、flat 平', enum: ['debit', 'credit', 'flat'] })
  side: string;

  @ApiProperty({ ...MONEY, description: '余额（元）' })
  amount: string;
}

/** One account of the trial balance. */
export class TrialBalanceRowResponse {
  @ApiProperty({ description: '科目代码', example: '211-V01' })
  account: string;

  @ApiProperty({ description: '科目名称（村的明细科目带村名）', example: '应付款—程壁村' })
  name: string;

  @ApiProperty({ description: '级次：1 为一级科目，2 为其明细科目', example: 2 })
  level: number;

  @ApiProperty({ description: '科目的正常余额方向', enum: ['debit', 'credit'] })
  normalSide: string;

  @ApiProperty({ description: '期初余额', type: () => BalanceResponse })
  opening: BalanceResponse;

  @ApiProperty({ ...MONEY, description: '本期借方发生额（元）' })
  debit: string;

  @ApiProperty({ ...MONEY, description: '本期贷方发生额（元）' })
  credit: string;

  @ApiProperty({ description: '期末余额', type: () => BalanceResponse })
  closing: BalanceResponse;
}

/** The trial balance's totals. */
export class TrialBalanceTotalsResponse {
  @ApiProperty({ ...MONEY, description: '期初借方余额合计（元）' })
  openingDebit: string;

  @ApiProperty({ ...MONEY, description: '期初贷方余额合计（元）' })
  openingCredit: string;

  @ApiProperty({ ...MONEY, description: '本期借方发生额合计（元）' })
  debit: string;

  @ApiProperty({ ...MONEY, description: '本期贷方发生额合计（元）' })
  credit: string;

  @ApiProperty({ ...MONEY, description: '期末借方余额合计（元）' })
  closingDebit: string;

  @ApiProperty({ ...MONEY, description: '期末贷方余额合计（元）' })
  closingCredit: string;
}

/** 科目余额表 as of a date. */
export class TrialBalanceResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '项目名称' })
  projectName: string;

  @ApiProperty({ description: '期初日期（YYYY-MM-DD）', format: 'date' })
  periodStart: string;

  @ApiProperty({ description: '截止日期（YYYY-MM-DD）', format: 'date' })
  asOf: string;

  @ApiProperty({ description: '各科目；村报账员看不到其他村的明细行', type: () => TrialBalanceRowResponse, isArray: true })
  rows: TrialBalanceRowResponse[];

  @ApiProperty({ description: '合计', type: () => TrialBalanceTotalsResponse })
  totals: TrialBalanceTotalsResponse;

  @ApiProperty({ description: '为 true 时期初、本期、期末的借贷都相等' })
  balanced: boolean;

  @ApiProperty({ description: '读取时的账簿摘要', type: () => DigestResponse })
  digest: DigestResponse;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}

/** A deduction or bucket with the name the policy gives it. */
export class NamedAmountResponse extends AmountLineResponse {
  @ApiProperty({ description: '名称（方案中给的，或通用名称）', example: '公积公益金' })
  name: string;
}

/** The run's waterfall (利润分配顺序) as stored, deductions and buckets named after the policy. */
export class WaterfallResponse {
  @ApiProperty({ ...MONEY, description: '净利润（元）' })
  netProfit: string;

  @ApiProperty({ ...MONEY, description: '保底分红合计（元）' })
  guaranteed: string;

  @ApiProperty({ ...MONEY, description: '运营方补足保底的金额（元）' })
  operatorTopUp: string;

  @ApiProperty({ description: '亏损', type: () => DeficitResponse })
  deficit: DeficitResponse;

  @ApiProperty({ ...MONEY, description: '付完保底后的盈余（元）' })
  surplus: string;

  @ApiProperty({ description: '各提取项', type: () => NamedAmountResponse, isArray: true })
  deductions: NamedAmountResponse[];

  @ApiProperty({ ...MONEY, description: '可分配利润（元）' })
  pool: string;

  @ApiProperty({ description: '各分配项', type: () => NamedAmountResponse, isArray: true })
  buckets: NamedAmountResponse[];
}

/** The run's totals. */
export class RunTotalsResponse {
  @ApiProperty({ ...MONEY, description: '净利润（元）' })
  netProfit: string;

  @ApiProperty({ ...MONEY, description: '保底分红合计（元）' })
  guaranteed: string;

  @ApiProperty({ ...MONEY, description: '盈余（元）' })
  surplus: string;

  @ApiProperty({ description: '亏损', type: () => DeficitResponse })
  deficit: DeficitResponse;
}

/** A village's dividend of one run and what is owed, paid and outstanding on it as of the date. */
export class DividendFiguresResponse {
  @ApiProperty({ ...MONEY, description: '出资基数（元）' })
  capitalBase: string;

  @ApiProperty({ ...MONEY, description: '保底分红（元）' })
  guaranteed: string;

  @ApiProperty({ ...SHARES, description: '各分配项分得的金额（元）' })
  shares: Record<string, string>;

  @ApiProperty({ ...MONEY, description: '分红合计（元）' })
  total: string;

  @ApiProperty(PERCENT)
  yieldPercent: string | null;

  @ApiProperty({ ...MONEY, description: '截至该日应付（元）：入账后为分红合计，入账前或冲销后为 0' })
  owed: string;

  @ApiProperty({ ...MONEY, description: '截至该日已付（元），按先到期先付（FIFO）匹配' })
  paid: string;

  @ApiProperty({ ...MONEY, description: '截至该日未付（元）' })
  outstanding: string;
}

/** One village's line of the run statement: its dividend, and what is owed, paid and outstanding as of the date. */
export class RunStatementLineResponse extends DividendFiguresResponse {
  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ description: '村名称', example: '程壁村' })
  name: string;

  @ApiProperty({ description: '计算过程', type: () => VillageTraceResponse })
  trace: VillageTraceResponse;
}

/** Who prepared, approved and posted the run. */
export class HandledByResponse {
  @ApiProperty({ description: '编制人（姓名，没有时为登录名）' })
  preparedBy: string;

  @ApiProperty({ description: '编制日期（北京时间，YYYY-MM-DD）', format: 'date' })
  preparedOn: string;

  @ApiProperty({ description: '审核人；未审核时为 null', nullable: true, type: String })
  approvedBy: string | null;

  @ApiProperty({ description: '审核日期；未审核时为 null', format: 'date', nullable: true, type: String })
  approvedOn: string | null;

  @ApiProperty({ description: '入账人；未入账时为 null', nullable: true, type: String })
  postedBy: string | null;

  @ApiProperty({ description: '入账日期；未入账时为 null', format: 'date', nullable: true, type: String })
  postingDate: string | null;
}

/** 分红明细表: one run's dividends per village, owed, paid and outstanding as of a date. */
export class RunStatementResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '项目名称' })
  projectName: string;

  @ApiProperty({ description: '期次；未填写时为 null', nullable: true, type: String })
  phase: string | null;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '分红计算 id', format: 'uuid' })
  runId: string;

  @ApiProperty({ description: '状态', enum: ['draft', 'approved', 'posted', 'reversed'] })
  status: string;

  @ApiProperty({ description: '入账日期；未入账时为 null', format: 'date', nullable: true, type: String })
  postingDate: string | null;

  @ApiProperty({ description: '截止日期（YYYY-MM-DD）', format: 'date' })
  asOf: string;

  @ApiProperty({ description: '利润分配顺序', type: () => WaterfallResponse })
  waterfall: WaterfallResponse;

  @ApiProperty({ description: '方案文档的哈希' })
  inputsHash: string;

  @ApiProperty({ description: '结果文档的哈希' })
  resultHash: string;

  @ApiProperty({ description: '分配方案的哈希' })
  policyHash: string;

  @ApiProperty({ description: '项目合计', type: () => RunTotalsResponse })
  totals: RunTotalsResponse;

  @ApiProperty({ description: '各村；村报账员只看到本村一行', type: () => RunStatementLineResponse, isArray: true })
  villages: RunStatementLineResponse[];

  @ApiProperty({ description: '村以外的收款方', type: () => PayeeLineResponse, isArray: true })
  payees: PayeeLineResponse[];

  @ApiProperty({ description: '已付的匹配规则', example: 'payments are matched to dividends oldest year first (FIFO)' })
  paidRule: string;

  @ApiProperty({ description: '经办人', type: () => HandledByResponse })
  handledBy: HandledByResponse;

  @ApiProperty({ description: '读取时的账簿摘要', type: () => DigestResponse })
  digest: DigestResponse;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}

/** The village a statement is for. */
export class StatementVillageResponse {
  @ApiProperty({ description: '村 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村代码', example: 'V01' })
  code: string;

  @ApiProperty({ description: '村名称', example: '程壁村' })
  name: string;
}

/** One posted dividend of the village: a project's run of a year. */
export class VillageDividendResponse extends DividendFiguresResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '分红计算 id', format: 'uuid' })
  runId: string;
}

/** A payment voucher to the village (with its reversal, if reversed by the date). */
export class VillagePaymentLineResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '支付日期（凭证日期）', format: 'date' })
  date: string;

  @ApiProperty({ description: '支付凭证号', example: '2026-02-0001' })
  voucher: string;

  @ApiProperty({ description: '银行流水号（没有时为空字符串）' })
  bankReference: string;

  @ApiProperty({ ...MONEY, description: '金额（元）' })
  amount: string;

  @ApiProperty({ description: '冲销凭证号；截至该日未冲销时为 null', nullable: true, type: String })
  reversalVoucher: string | null;

  @ApiProperty({ description: '冲销日期；未冲销时为 null', format: 'date', nullable: true, type: String })
  reversalDate: string | null;
}

/** One line of a voucher the village books on its side. */
export class VillageSideLineResponse {
  @ApiProperty({ description: '村一方的科目代码' })
  account: string;

  @ApiProperty({ description: '科目名称' })
  name: string;

  @ApiProperty({ ...MONEY, description: '借方金额（元）' })
  debit: string;

  @ApiProperty({ ...MONEY, description: '贷方金额（元）' })
  credit: string;
}

/** A voucher the village should book on its own side (应收分红, 收到分红). */
export class VillageSideVoucherResponse {
  @ApiProperty({ description: '日期', format: 'date' })
  date: string;

  @ApiProperty({ description: '摘要' })
  summary: string;

  @ApiProperty({ description: '分录', type: () => VillageSideLineResponse, isArray: true })
  lines: VillageSideLineResponse[];
}

/** The digest of a project's books. */
export class ProjectDigestResponse extends DigestResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;
}

/** 村对账单: the village's dividends across projects and years, its payments, and the vouchers for its own books. */
export class VillageStatementResponse {
  @ApiProperty({ description: '村', type: () => StatementVillageResponse })
  village: StatementVillageResponse;

  @ApiProperty({ description: '截止日期（YYYY-MM-DD）', format: 'date' })
  asOf: string;

  @ApiProperty({ description: '已入账的各次分红', type: () => VillageDividendResponse, isArray: true })
  dividends: VillageDividendResponse[];

  @ApiProperty({ description: '向该村的支付', type: () => VillagePaymentLineResponse, isArray: true })
  payments: VillagePaymentLineResponse[];

  @ApiProperty({ description: '村一方应记的凭证', type: () => VillageSideVoucherResponse, isArray: true })
  villageVouchers: VillageSideVoucherResponse[];

  @ApiProperty({ description: '所涉各项目读取时的账簿摘要', type: () => ProjectDigestResponse, isArray: true })
  digests: ProjectDigestResponse[];
}
