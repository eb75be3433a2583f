import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DigestResponse, REDACTED } from '../platform/http/common.responses';

/**
 * The books' answers: the journal's vouchers (voucher-view.ts, voucherView), verification (verification.service.ts,
 * findings from cross-checks.ts and the chains) and the year close (year-close.service.ts).
 */

/** One line of a voucher (分录). */
export class VoucherLineResponse {
  @ApiProperty({ description: '科目代码，如 211-V01（应付 V01 村的分红）', example: '211-V01' })
  account: string;

  @ApiProperty({ description: '借方金额（元，两位小数的字符串）', example: '21393.44' })
  debit: string;

  @ApiProperty({ description: '贷方金额（元，两位小数的字符串）', example: '0.00' })
  credit: string;

  @ApiProperty({ description: '摘要（可为空字符串）；村报账员视图中合并的其他村分录为 "其他村合计"', example: '' })
  memo: string;
}

/** The business record a voucher books. */
export class VoucherSourceResponse {
  @ApiProperty({ description: '来源类型，如 capital、run、year-close、payment、operator-payment', example: 'run' })
  type: string;

  @ApiProperty({ description: '来源记录的 id（年度结账为 "action:年度" 或 "run:id"）' })
  id: string;

  @ApiProperty({ description: '所属会计年度；与年度无关时为 null', nullable: true, type: Number, example: 2025 })
  fiscalYear: number | null;
}

/** A posted voucher (记账凭证) as the journal shows it, with its place in the hash chain. */
export class VoucherResponse {
  @ApiProperty({ description: '凭证 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '在项目凭证链中的序号，从 1 开始', example: 7 })
  sequence: number;

  @ApiProperty({ description: '凭证号（YYYY-MM-NNNN）', example: '2026-01-0003' })
  number: string;

  @ApiProperty({ description: '凭证日期（YYYY-MM-DD）', format: 'date', example: '2026-01-15' })
  date: string;

  @ApiProperty({ description: '摘要', example: '2025 年度分红' })
  summary: string;

  @ApiProperty({ description: '制单人的登录名', example: 'zhang.kuaiji' })
  preparer: string;

  @ApiProperty({ description: '被本凭证冲销的凭证号；不是冲销凭证时为 null', nullable: true, type: String })
  reversalOf: string | null;

  @ApiProperty({ description: '凭证的来源', type: () => VoucherSourceResponse })
  source: VoucherSourceResponse;

  @ApiProperty({ description: '分录，按存储顺序', type: () => VoucherLineResponse, isArray: true })
  lines: VoucherLineResponse[];

  @ApiProperty({ description: '前一张凭证的哈希（第一张为 64 个 0）' })
  prevHash: string;

  @ApiProperty({ description: '本凭证的哈希（SHA-256，编码见 docs/ledger.md）' })
  hash: string;

  @ApiPropertyOptional({ description: '只在村报账员视图中出现：合并进上级科目的其他村分录条数（这样的凭证不能用哈希复核）', example: 5 })
  redactedLines?: number;
}

/** A page of the journal (序时账), with the digest of the books it was read at. */
export class JournalPageResponse {
  @ApiProperty({ description: '本页的凭证', type: () => VoucherResponse, isArray: true })
  items: VoucherResponse[];

  @ApiProperty({ description: '符合条件的凭证总数', example: 1 })
  total: number;

  @ApiProperty({ description: '页码，从 1 开始', example: 1 })
  page: number;

  @ApiProperty({ description: '每页条数', example: 50 })
  pageSize: number;

  @ApiProperty({ description: '读取时的账簿摘要', type: () => DigestResponse })
  digest: DigestResponse;

  @ApiPropertyOptional(REDACTED)
  redacted?: string;
}

/** One thing verification found wrong. */
export class VerificationProblemResponse {
  @ApiProperty({ description: '出问题的表，如 voucher、ledger_event、payment、distribution_run、year_close', example: 'payment' })
  table: string;

  @ApiProperty({ description: '出问题的记录：id、凭证号、年度或月份', example: '2025-03' })
  id: string;

  @ApiProperty({
    description: '问题的类型：稳定的英文代码，不随措辞变化（如 VOUCHER_HASH_MISMATCH、PAYMENT_STATUS_MISMATCH、RUN_WITHOUT_EVENT）',
    example: 'PAYMENT_STATUS_MISMATCH',
  })
  code: string;

  @ApiProperty({
    description: '中文说明；村报账员只看到 "详情只向会计、审计和管理员显示"',
    example: '状态为已冲销（reversed），但按事件链应为已入账（posted）',
  })
  message: string;
}

/** The event chain's part of a verification: ok with its end, or the first event that fails. */
export class EventChainVerificationResponse {
  @ApiProperty({ description: '为 true 时事件链完好' })
  ok: boolean;

  @ApiPropertyOptional({ description: '校验通过时：事件的个数' })
  count?: number;

  @ApiPropertyOptional({ description: '校验通过时：事件链的末端', type: () => DigestResponse })
  digest?: DigestResponse;

  @ApiPropertyOptional({ description: '校验不通过时：第一个对不上的事件的序号' })
  firstBadSequence?: number;

  @ApiPropertyOptional({ description: '校验不通过时：该事件的类型，如 payment.posted' })
  kind?: string;

  @ApiPropertyOptional({ description: '校验不通过时：该事件所涉记录的 id' })
  subjectId?: string;

  @ApiPropertyOptional({ description: '校验不通过时：问题的类型（稳定的英文代码，如 EVENT_HASH_MISMATCH）' })
  code?: string;

  @ApiPropertyOptional({ description: '校验不通过时：中文说明' })
  reason?: string;
}

/** GET …/ledger/verify: the voucher chain, the event chain and the records cross-checked against them. */
export class LedgerVerificationResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  project: string;

  @ApiProperty({ description: '为 true 时没有发现任何问题（problems 为空）' })
  ok: boolean;

  @ApiPropertyOptional({ description: '凭证链完好时：凭证张数' })
  count?: number;

  @ApiPropertyOptional({ description: '凭证链有问题时：第一张对不上的凭证的序号' })
  firstBadSequence?: number;

  @ApiPropertyOptional({ description: '凭证链有问题时：该凭证的凭证号（凭证缺失时为 null）', nullable: true, type: String })
  voucherNumber?: string | null;

  @ApiPropertyOptional({ description: '凭证链有问题时：问题的类型（稳定的英文代码，如 VOUCHER_HASH_MISMATCH）' })
  code?: string;

  @ApiPropertyOptional({ description: '有问题时：第一个问题的中文说明' })
  reason?: string;

  @ApiProperty({ description: '账簿头记录的凭证链末端', type: () => DigestResponse })
  digest: DigestResponse;

  @ApiProperty({ description: '事件链的校验结果', type: () => EventChainVerificationResponse })
  events: EventChainVerificationResponse;

  @ApiProperty({ description: '账簿头记录的事件链末端', type: () => DigestResponse })
  eventDigest: DigestResponse;

  @ApiProperty({ description: '发现的全部问题，按凭证链、事件链、各项记录的顺序', type: () => VerificationProblemResponse, isArray: true })
  problems: VerificationProblemResponse[];
}

/** 结账: the close, and the vouchers it posted. */
export class YearCloseResponse {
  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '结账的年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '结账人的登录名' })
  closedBy: string;

  @ApiProperty({ description: '账上该年度的净利润（元，两位小数的字符串）', example: '210000.00' })
  netProfit: string;

  @ApiProperty({ description: '本次结账记的年度损益结转凭证号（分红入账时已结转的为空）', type: [String] })
  vouchers: string[];
}

/** 反结账, step one: the request, waiting for another user. */
export class ReopenRequestResponse {
  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '申请反结账的年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '申请人的登录名' })
  requestedBy: string;

  @ApiProperty({ description: '状态：requested 待另一位用户批准', enum: ['requested'] })
  status: string;
}

/** 反结账, step two: the year takes vouchers again. */
export class ReopenResponse {
  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '重新打开的年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '申请人的登录名' })
  requestedBy: string;

  @ApiProperty({ description: '批准人的登录名' })
  reopenedBy: string;

  @ApiProperty({ description: '冲销结账凭证所记的凭证号（该年度有已入账的分红时为空）', type: [String] })
  vouchers: string[];
}
