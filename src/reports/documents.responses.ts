import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VoucherSourceResponse } from '../ledger/ledger.responses';
import { DigestResponse, REDACTED } from '../platform/http/common.responses';
import { VillageSideVoucherResponse, WaterfallResponse } from './reports.responses';

/**
 * The JSON of issue 11's new documents (the data each printed document is built from): one voucher by its number,
 * the dividend notices, the public notice and 收益及收益分配表. Amounts are yuan as decimal strings.
 */

const MONEY = { type: String, example: '34500.00' } as const;
const PERCENT = {
  nullable: true,
  type: String,
  description: '分红占出资基数的百分比（两位小数，四舍五入）；出资基数为 0 时为 null',
  example: '6.90',
} as const;

export class VoucherDocumentLineResponse {
  @ApiProperty({ description: '科目代码', example: '211-V01' }) account: string;
  @ApiProperty({ description: '科目名称（村的明细科目带村名）', example: '应付款—程壁村' }) name: string;
  @ApiProperty({ ...MONEY, description: '借方金额（元）' }) debit: string;
  @ApiProperty({ ...MONEY, description: '贷方金额（元）' }) credit: string;
  @ApiProperty({ description: '分录摘要（可为空字符串）', example: '' }) memo: string;
}

export class VoucherTotalsResponse {
  @ApiProperty({ ...MONEY, description: '借方合计（元）' }) debit: string;
  @ApiProperty({ ...MONEY, description: '贷方合计（元）' }) credit: string;
  @ApiProperty({ description: '合计金额大写', example: '人民币叁万肆仟伍佰元整' }) inWords: string;
}

export class VoucherSignaturesResponse {
  @ApiProperty({ description: '会计主管（系统不记录，留空）', example: '' }) supervisor: string;
  @ApiProperty({ description: '记账：过账的用户', example: '张会计' }) bookkeeper: string;
  @ApiProperty({ description: '审核：分红计算的审核人；其他凭证为空', example: '李审核' }) approver: string;
  @ApiProperty({ description: '制单：分红计算的编制人，其他凭证为过账的用户', example: '张会计' }) preparer: string;
}

/** 记账凭证 by its number. */
export class VoucherDocumentResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) project: string;
  @ApiProperty({ description: '项目名称' }) projectName: string;
  @ApiProperty({ description: '凭证号', example: '2026-01-0004' }) number: string;
  @ApiProperty({ description: '凭证在账簿链中的序号', example: 9 }) sequence: number;
  @ApiProperty({ description: '凭证日期', format: 'date' }) date: string;
  @ApiProperty({ description: '摘要', example: '2025年度保底分红' }) summary: string;
  @ApiProperty({ description: '本凭证冲销的凭证号；不是冲销凭证时为 null', nullable: true, type: String }) reversalOf: string | null;
  @ApiProperty({ description: '冲销本凭证的凭证号；未被冲销时为 null', nullable: true, type: String }) reversedBy: string | null;
  @ApiProperty({ description: '凭证记录的业务', type: () => VoucherSourceResponse }) source: VoucherSourceResponse;
  @ApiProperty({ description: '所附单据', example: '分红明细表（2025 年度）' }) attachment: string;
  @ApiProperty({ description: '分录', type: () => VoucherDocumentLineResponse, isArray: true }) lines: VoucherDocumentLineResponse[];
  @ApiProperty({ description: '借贷合计及大写', type: () => VoucherTotalsResponse }) totals: VoucherTotalsResponse;
  @ApiProperty({ description: '签章栏：会计主管、记账、审核、制单（显示名）', type: () => VoucherSignaturesResponse })
  signatures: VoucherSignaturesResponse;
  @ApiProperty({ description: '凭证哈希' }) hash: string;
  @ApiProperty({ description: '摘要读取之日（页脚的截至日期）', format: 'date' }) asOf: string;
  @ApiProperty({ description: '账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
  @ApiPropertyOptional(REDACTED) redacted?: string;
}

export class NoticeCapitalResponse {
  @ApiProperty({ description: '出资（或减资）日期', format: 'date' }) date: string;
  @ApiProperty({ ...MONEY, description: '金额（元，减资为负）' }) amount: string;
  @ApiProperty({ description: '当年持有天数', nullable: true, type: String, example: '365' }) daysHeld: string | null;
  @ApiProperty({ description: '当年天数', nullable: true, type: String, example: '365' }) daysInYear: string | null;
  @ApiProperty({ description: '计算过程中的原文', example: '2024-04-15 出资 500000.00 × 365/365' }) text: string;
}

export class NoticeShareResponse {
  @ApiProperty({ description: '分配项代码', example: 'capital' }) code: string;
  @ApiProperty({ description: '分配项名称', example: '按出资分成' }) name: string;
  @ApiProperty({ ...MONEY, description: '金额（元）' }) amount: string;
  @ApiProperty({ description: '算式' }) formula: string;
}

export class NoticeVillageResponse {
  @ApiProperty({ description: '村代码', example: 'V01' }) code: string;
  @ApiProperty({ description: '村名', example: '程壁村' }) name: string;
}

/** One village's 分红通知单. */
export class NoticeResponse {
  @ApiProperty({ type: () => NoticeVillageResponse }) village: NoticeVillageResponse;
  @ApiProperty({ ...MONEY, description: '出资基数（元）' }) capitalBase: string;
  @ApiProperty({ description: '出资及持有天数', type: () => NoticeCapitalResponse, isArray: true }) capital: NoticeCapitalResponse[];
  @ApiProperty({ ...MONEY, description: '保底分红（元）' }) guaranteed: string;
  @ApiProperty({ description: '保底分红的算式' }) guaranteedFormula: string;
  @ApiProperty({ description: '各项分成及其算式', type: () => NoticeShareResponse, isArray: true }) shares: NoticeShareResponse[];
  @ApiProperty({ ...MONEY, description: '分红合计（元）' }) total: string;
  @ApiProperty({ description: '分红合计大写', example: '人民币叁万肆仟伍佰元整' }) totalInWords: string;
  @ApiProperty(PERCENT) yieldPercent: string | null;
  @ApiProperty({ ...MONEY, description: '截至 asOf 应付（元）' }) owed: string;
  @ApiProperty({ ...MONEY, description: '截至 asOf 已付（元）' }) paid: string;
  @ApiProperty({ ...MONEY, description: '截至 asOf 未付（元）' }) outstanding: string;
  @ApiProperty({ description: '本村一方应记的凭证', type: () => VillageSideVoucherResponse, isArray: true })
  villageVouchers: VillageSideVoucherResponse[];
}

/** 分红通知单 of a run. */
export class NoticesResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) project: string;
  @ApiProperty({ description: '项目名称' }) projectName: string;
  @ApiProperty({ description: '年度', example: 2025 }) year: number;
  @ApiProperty({ description: '分红计算 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '入账日期；未入账为 null', nullable: true, type: String, format: 'date' }) postingDate: string | null;
  @ApiProperty({ description: '已付、未付截至的日期', format: 'date' }) asOf: string;
  @ApiProperty({ description: '每村一份（村报账员只有本村的）', type: () => NoticeResponse, isArray: true }) notices: NoticeResponse[];
  @ApiProperty({ description: '账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
}

export class PublicityVillageResponse {
  @ApiProperty({ description: '村代码', example: 'V01' }) code: string;
  @ApiProperty({ description: '村名', example: '程壁村' }) name: string;
  @ApiProperty({ ...MONEY, description: '出资基数（元）' }) capitalBase: string;
  @ApiProperty({ ...MONEY, description: '分红合计（元）' }) total: string;
  @ApiProperty(PERCENT) yieldPercent: string | null;
}

export class PublicityPeriodResponse {
  @ApiProperty({ description: '公示开始（打印当天）', format: 'date' }) from: string;
  @ApiProperty({ description: '公示结束', format: 'date' }) to: string;
  @ApiProperty({ description: '公示天数', example: 7 }) days: number;
}

/** 公示表 of a run: public among the project's villages. */
export class PublicityResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) project: string;
  @ApiProperty({ description: '项目名称' }) projectName: string;
  @ApiProperty({ description: '年度', example: 2025 }) year: number;
  @ApiProperty({ description: '分红计算 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '截至日期', format: 'date' }) asOf: string;
  @ApiProperty({ description: '分配过程', type: () => WaterfallResponse }) waterfall: WaterfallResponse;
  @ApiProperty({ description: '分配过程（一句话）' }) waterfallLine: string;
  @ApiProperty({ description: '参与的各村', type: () => PublicityVillageResponse, isArray: true }) villages: PublicityVillageResponse[];
  @ApiProperty({ description: '公示期', type: () => PublicityPeriodResponse }) period: PublicityPeriodResponse;
  @ApiProperty({ description: '异议受理' }) objections: string;
  @ApiProperty({ description: '账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
  @ApiProperty({ description: '二维码内容：项目代码、凭证序号和完整哈希', example: 'DH-1 #17 ab12…' }) qr: string;
}

export class IncomeLineResponse {
  @ApiProperty({ description: '行次', example: 1 }) line: number;
  @ApiProperty({ description: '项目', example: '一、经营收入' }) item: string;
  @ApiProperty({ ...MONEY, description: '本年金额（元）' }) amount: string;
}

export class PerLogResponse {
  @ApiProperty({ description: '菌棒数', example: '1000000' }) mushroomLogs: string;
  @ApiProperty({ description: '每菌棒经营收入（元，两位小数）', nullable: true, type: String, example: '1.86' }) revenue: string | null;
  @ApiProperty({ description: '每菌棒本年收益（元，两位小数）', nullable: true, type: String, example: '0.21' }) netProfit: string | null;
}

/** 收益及收益分配表 of a project-year. */
export class IncomeDistributionResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) project: string;
  @ApiProperty({ description: '项目名称' }) projectName: string;
  @ApiProperty({ description: '年度', example: 2025 }) year: number;
  @ApiProperty({ description: '各项分配所取的已入账分红计算；没有时为 null', nullable: true, type: String, format: 'uuid' }) runId:
    string | null;
  @ApiProperty({ description: '各行', type: () => IncomeLineResponse, isArray: true }) lines: IncomeLineResponse[];
  @ApiProperty({ description: '每菌棒的数字（年度经营成果记有菌棒数时）', nullable: true, type: () => PerLogResponse })
  perLog: PerLogResponse | null;
  @ApiProperty({ description: '读取之日', format: 'date' }) asOf: string;
  @ApiProperty({ description: '账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
}
