import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DigestResponse } from '../platform/http/common.responses';

const NULLABLE_LOGIN = { nullable: true, type: String } as const;
const NULLABLE_TIME = { format: 'date-time', nullable: true, type: String } as const;
const NULLABLE_DATE = { format: 'date', nullable: true, type: String } as const;
const NULLABLE_TEXT = { nullable: true, type: String } as const;
const MONEY = (description: string, example = '34500.00') => ({ description, example });
/** Any JSON value: an input's field as stored, or as the records give it now. */
const ANY_JSON = {
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }],
};
const STATUS = {
  description: '状态：draft 草稿、approved 已审核、posted 已入账、reversed 已冲销',
  enum: ['draft', 'approved', 'posted', 'reversed'],
};

/** A village run without its documents: its state, totals, hashes and who did what when. */
export class VillageRunSummaryResponse {
  @ApiProperty({ description: '村级分红 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '村 id', format: 'uuid' }) villageId: string;
  @ApiProperty({ description: '分红年度', example: 2025 }) year: number;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ description: '所用股权登记的 id', format: 'uuid' }) registerId: string;
  @ApiProperty({ description: '所用村级分配方案的起始年度', example: 2025 }) policyFromYear: number;
  @ApiProperty({ description: '所用村级分配方案的版本号', example: 1 }) policyVersion: number;
  @ApiProperty(MONEY('本年可分配收益合计（元）')) income: string;
  @ApiProperty(MONEY('各项提留合计（元）', '5450.00')) kept: string;
  @ApiProperty(MONEY('留给成员分配的金额（元）', '29050.00')) shared: string;
  @ApiProperty({ description: '参与分配的户数', example: 260 }) households: number;
  @ApiProperty({ description: '输入（收益、方案、股权登记）的哈希（SHA-256）' }) inputsHash: string;
  @ApiProperty({ description: '结果的哈希（SHA-256）' }) resultHash: string;
  @ApiProperty({ description: '编制人的登录名' }) preparedBy: string;
  @ApiProperty({ description: '编制时间', format: 'date-time' }) preparedAt: string;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '审核人的登录名；未审核时为 null' }) approvedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '审核时间；未审核时为 null' }) approvedAt: string | null;
  @ApiProperty({ ...NULLABLE_DATE, description: '编制时提出的拟入账日期（入账时的默认日期）；没有时为 null' }) plannedPostingDate:
    string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '入账人的登录名；未入账时为 null' }) postedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '入账时间；未入账时为 null' }) postedAt: string | null;
  @ApiProperty({ ...NULLABLE_DATE, description: '凭证日期（入账日期）；未入账时为 null' }) postingDate: string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '冲销人的登录名；未冲销时为 null' }) reversedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '冲销时间；未冲销时为 null' }) reversedAt: string | null;
  @ApiProperty({ ...NULLABLE_DATE, description: '冲销凭证日期；未冲销时为 null' }) reversalDate: string | null;
  @ApiProperty({ ...NULLABLE_TEXT, description: '冲销原因；未冲销时为 null' }) reversalReason: string | null;
}

/** A run posted or reversed, with the voucher numbers of that step. */
export class VillageRunPostingResponse extends VillageRunSummaryResponse {
  @ApiProperty({ description: '这一步在本村账簿中记的凭证号', type: [String], example: ['2026-04-0003', '2026-04-0004'] })
  vouchers: string[];
}

class VillageRunProjectIncomeResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) code: string;
  @ApiProperty({ description: '项目名称', example: '定湖村飞地香菇园区' }) name: string;
  @ApiProperty(MONEY('本村账上该项目本年的投资收益（元）')) amount: string;
}

class VillageRunIncomeResponse {
  @ApiProperty({ description: '各项目的分红（502 投资收益）', type: () => VillageRunProjectIncomeResponse, isArray: true })
  projects: VillageRunProjectIncomeResponse[];
  @ApiProperty(MONEY('其他收入（522）（元）', '0.00')) other: string;
  @ApiProperty(MONEY('本年可分配收益合计（元）')) total: string;
}

class VillageRunKeepResponse {
  @ApiProperty({ description: '提留项代码', example: 'reserve' }) code: string;
  @ApiProperty({ description: '提留项名称', example: '公积公益金' }) name: string;
  @ApiProperty(MONEY('提留金额（元）', '3450.00')) amount: string;
}

class VillageRunKindResponse {
  @ApiProperty({ description: '股种代码', example: 'POP' }) code: string;
  @ApiProperty({ description: '股种名称', example: '人口股' }) name: string;
  @ApiProperty({ description: '每股权重（十进制字符串）', example: '1' }) weight: string;
}

class VillageRunStatementHouseholdResponse {
  @ApiProperty({ description: '户 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '户编码', example: 'H001' }) code: string;
  @ApiProperty({ description: '户主姓名', example: '弓长东' }) headName: string;
  @ApiProperty({
    description: '各股种的股数（股种代码 → 十进制字符串，最多 6 位小数）',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { POP: '4', LAB: '12.5' },
  })
  units: Record<string, string>;
  @ApiProperty({ description: '户权重 = Σ 股数 × 股种权重（精确的十进制字符串）', example: '10.25' }) weight: string;
  @ApiProperty(MONEY('分得金额（元）', '132.57')) amount: string;
  @ApiProperty(MONEY('已支付（元）', '0.00')) paid: string;
  @ApiProperty(MONEY('尚欠（元）', '132.57')) outstanding: string;
  @ApiProperty({ description: '计算过程（中文）：股数 × 权重 = 户权重；可分配额 × 户权重 / 权重合计 = 精确额 → 取整' }) trace: string;
}

class VillageRunTotalsResponse {
  @ApiProperty(MONEY('各户分得合计（元）', '29050.00')) amount: string;
  @ApiProperty(MONEY('已支付合计（元）', '0.00')) paid: string;
  @ApiProperty(MONEY('尚欠合计（元）', '29050.00')) outstanding: string;
}

class VillageRunExplanationResponse {
  @ApiProperty({ description: '收益的来历', type: [String] }) income: string[];
  @ApiProperty({ description: '各项提留的计算', type: [String] }) keeps: string[];
  @ApiProperty({ description: '各户分配的规则', type: [String] }) shares: string[];
  @ApiProperty({ description: '恒等式校验（合计相等）', type: [String] }) checks: string[];
  @ApiProperty({ description: '取整规则（最大余数法）' }) rounding: string;
}

class VillageRunRegisterRefResponse {
  @ApiProperty({ description: '股权登记 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '股权登记日（股权固化日）', format: 'date' }) registeredOn: string;
}

class VillageRunPolicyRefResponse {
  @ApiProperty({ description: '方案起始年度', example: 2025 }) fromYear: number;
  @ApiProperty({ description: '方案版本号', example: 1 }) version: number;
  @ApiProperty({ description: '方案文档（keeps 提留、weights 股种权重）', type: 'object', additionalProperties: true })
  document: object;
}

/** 村级分红明细: the run's whole statement, the households' paid and outstanding, and the village book's digest. */
export class VillageRunStatementResponse {
  @ApiProperty({ description: '村级分红 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '村 id', format: 'uuid' }) villageId: string;
  @ApiProperty({ description: '村代码', example: 'V01' }) villageCode: string;
  @ApiProperty({ description: '村名', example: '程壁村' }) villageName: string;
  @ApiProperty({ description: '分红年度', example: 2025 }) year: number;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ description: '所用的股权登记', type: () => VillageRunRegisterRefResponse }) register: VillageRunRegisterRefResponse;
  @ApiProperty({ description: '所用的村级分配方案', type: () => VillageRunPolicyRefResponse }) policy: VillageRunPolicyRefResponse;
  @ApiProperty({ description: '本年可分配收益', type: () => VillageRunIncomeResponse }) income: VillageRunIncomeResponse;
  @ApiProperty({ description: '各项提留', type: () => VillageRunKeepResponse, isArray: true }) keeps: VillageRunKeepResponse[];
  @ApiProperty(MONEY('提留合计（元）', '5450.00')) kept: string;
  @ApiProperty(MONEY('留给成员分配（元）', '29050.00')) shared: string;
  @ApiProperty({ description: '股种及其权重', type: () => VillageRunKindResponse, isArray: true }) kinds: VillageRunKindResponse[];
  @ApiProperty({ description: '各户明细（按户编码）', type: () => VillageRunStatementHouseholdResponse, isArray: true })
  households: VillageRunStatementHouseholdResponse[];
  @ApiProperty({ description: '合计', type: () => VillageRunTotalsResponse }) totals: VillageRunTotalsResponse;
  @ApiProperty({ description: '计算说明', type: () => VillageRunExplanationResponse }) explanation: VillageRunExplanationResponse;
  @ApiProperty({ description: '输入的哈希（SHA-256）' }) inputsHash: string;
  @ApiProperty({ description: '结果的哈希（SHA-256）' }) resultHash: string;
  @ApiProperty({ description: '编制人的登录名' }) preparedBy: string;
  @ApiProperty({ description: '编制时间', format: 'date-time' }) preparedAt: string;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '审核人的登录名；未审核时为 null' }) approvedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '审核时间；未审核时为 null' }) approvedAt: string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '入账人的登录名；未入账时为 null' }) postedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '入账时间；未入账时为 null' }) postedAt: string | null;
  @ApiProperty({ ...NULLABLE_DATE, description: '凭证日期；未入账时为 null' }) postingDate: string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '冲销人的登录名；未冲销时为 null' }) reversedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '冲销时间；未冲销时为 null' }) reversedAt: string | null;
  @ApiProperty({ description: '读取时本村账簿的摘要', type: () => DigestResponse }) digest: DigestResponse;
}

class VillageRunHashPairResponse {
  @ApiProperty({ description: '存档的哈希' }) stored: string;
  @ApiProperty({ description: '重新计算的哈希' }) recomputed: string;
}

class VillageRunInputDifferenceResponse {
  @ApiProperty({ description: '不同之处的路径', example: 'holdings[H001 POP]' }) path: string;
  @ApiProperty({ ...ANY_JSON, description: '存档中的值（没有时为 null）' }) stored: unknown;
  @ApiProperty({ ...ANY_JSON, description: '现有记录中的值（没有时为 null）' }) now: unknown;
}

class VillageRunRecordsComparisonResponse {
  @ApiProperty({ description: '按现有记录重建的输入与存档是否相同' }) identical: boolean;
  @ApiProperty({ description: '不同之处', type: () => VillageRunInputDifferenceResponse, isArray: true })
  differences: VillageRunInputDifferenceResponse[];
  @ApiPropertyOptional({ description: '无法按现有记录重建输入的原因' }) error?: string;
}

export class VillageRunRecomputeResponse {
  @ApiProperty({ description: '村级分红 id', format: 'uuid' }) runId: string;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ description: '按存档输入重新计算的结果与存档逐字节相同' }) identical: boolean;
  @ApiProperty({ description: '输入哈希：存档与重新计算', type: () => VillageRunHashPairResponse }) inputsHash: VillageRunHashPairResponse;
  @ApiProperty({ description: '结果哈希：存档与重新计算', type: () => VillageRunHashPairResponse }) resultHash: VillageRunHashPairResponse;
  @ApiProperty({ description: '与现有记录（账上收益、方案、股权登记）的比较', type: () => VillageRunRecordsComparisonResponse })
  records: VillageRunRecordsComparisonResponse;
  @ApiProperty({ description: '本村账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
}

/** A payment to a household. */
export class VillagePaymentResponse {
  @ApiProperty({ description: '支付记录 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '村级分红 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '户编码', example: 'H001' }) householdCode: string;
  @ApiProperty({ description: '户主姓名', example: '弓长东' }) headName: string;
  @ApiProperty(MONEY('支付金额（元）', '132.57')) amount: string;
  @ApiProperty({ description: '支付日期', format: 'date' }) date: string;
  @ApiProperty({ description: '银行流水号', example: 'ICBC-20260415-0001' }) bankReference: string;
  @ApiProperty({ description: '所属支付文件 id；单独支付为 null', format: 'uuid', nullable: true, type: String }) fileId: string | null;
  @ApiProperty({ description: '状态：posted 已入账、reversed 已冲销', enum: ['posted', 'reversed'] }) status: string;
  @ApiProperty({ description: '支付凭证号（本村账簿）', example: '2026-04-0005' }) voucher: string;
  @ApiProperty({ ...NULLABLE_TEXT, description: '冲销凭证号；未冲销时为 null' }) reversalVoucher: string | null;
  @ApiProperty({ description: '登记人的登录名' }) createdBy: string;
}

/** A payment file without its lines. */
export class PaymentFileSummaryResponse {
  @ApiProperty({ description: '支付文件 id', format: 'uuid' }) id: string;
  @ApiProperty({ description: '村级分红 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '本次分红的第几号文件', example: 1 }) number: number;
  @ApiProperty({ description: '状态：open 待确认、confirmed 已确认支付、cancelled 已作废', enum: ['open', 'confirmed', 'cancelled'] })
  status: string;
  @ApiProperty(MONEY('文件合计（元）', '29050.00')) total: string;
  @ApiProperty({ description: '户数', example: 258 }) lineCount: number;
  @ApiProperty({ description: '生成人的登录名' }) createdBy: string;
  @ApiProperty({ description: '生成时间', format: 'date-time' }) createdAt: string;
  @ApiProperty({ ...NULLABLE_DATE, description: '银行代发日期；未确认时为 null' }) paidOn: string | null;
  @ApiProperty({ ...NULLABLE_TEXT, description: '银行流水号；未确认时为 null' }) bankReference: string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '确认人的登录名；未确认时为 null' }) confirmedBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '确认时间；未确认时为 null' }) confirmedAt: string | null;
  @ApiProperty({ ...NULLABLE_LOGIN, description: '作废人的登录名；未作废时为 null' }) cancelledBy: string | null;
  @ApiProperty({ ...NULLABLE_TIME, description: '作废时间；未作废时为 null' }) cancelledAt: string | null;
}

class VillageRunPaymentFileLineResponse {
  @ApiProperty({ description: '户编码', example: 'H001' }) householdCode: string;
  @ApiProperty({ description: '户主姓名', example: '弓长东' }) headName: string;
  @ApiProperty({ ...NULLABLE_TEXT, description: '开户行' }) bankName: string | null;
  @ApiProperty({ ...NULLABLE_TEXT, description: '遮蔽后的银行账号（完整账号只在 CSV 文件中）', example: '6217 **** **** 1234' })
  bankAccountMasked: string | null;
  @ApiProperty(MONEY('支付金额（元）', '132.57')) amount: string;
}

/** A payment file with its lines (accounts masked) and, once confirmed, the payments it posted. */
export class PaymentFileResponse extends PaymentFileSummaryResponse {
  @ApiProperty({ description: '各户（账号遮蔽）', type: () => VillageRunPaymentFileLineResponse, isArray: true })
  lines: VillageRunPaymentFileLineResponse[];
  @ApiProperty({ description: '确认后记入账簿的支付（未确认时为空）', type: () => VillagePaymentResponse, isArray: true })
  payments: VillagePaymentResponse[];
}

class VillageRunSkippedHouseholdResponse {
  @ApiProperty({ description: '户编码', example: 'H007' }) householdCode: string;
  @ApiProperty({ description: '户主姓名', example: '张三' }) headName: string;
  @ApiProperty(MONEY('尚欠（元）', '132.57')) outstanding: string;
  @ApiProperty({ description: '未放进文件的原因', example: '没有登记银行账号：请补登账号，或单独支付' }) reason: string;
}

/** A new payment file, and the households still owed that it could not include. */
export class NewPaymentFileResponse extends PaymentFileResponse {
  @ApiProperty({ description: '尚欠款但没有放进文件的户（如没有银行账号）', type: () => VillageRunSkippedHouseholdResponse, isArray: true })
  skipped: VillageRunSkippedHouseholdResponse[];
}
