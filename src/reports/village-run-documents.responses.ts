import { ApiProperty } from '@nestjs/swagger';
import { DigestResponse } from '../platform/http/common.responses';

/**
 * The JSON of a village run's documents (issue 16): 户分红单 and 成员分红公示表, each the data its printed document
 * is built from. Amounts are yuan as decimal strings; units and weights decimal strings (up to six decimals for
 * units and a kind's weight; a product of the two may have twelve).
 */

const MONEY = { type: String, example: '12525.32' } as const;
const UNITS = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: '各股种的股数（按股种代码；没有该股种的户不列）',
  example: { POP: '3', LAB: '10' },
} as const;
const STATUS = { description: '成员分红计算的状态', enum: ['draft', 'approved', 'posted', 'reversed'], example: 'posted' } as const;

export class SlipUnitsResponse {
  @ApiProperty({ description: '股种代码', example: 'LAB' }) kind: string;
  @ApiProperty({ description: '股种名称', example: '劳龄股' }) name: string;
  @ApiProperty({ description: '本户该股种的股数', example: '10' }) units: string;
  @ApiProperty({ description: '该股种每股的权重', example: '0.5' }) weight: string;
  @ApiProperty({ description: '折算股数 = 股数 × 权重（精确值）', example: '5' }) weighted: string;
}

/** One household's 户分红单. */
export class HouseholdSlipResponse {
  @ApiProperty({ description: '户编码', example: 'H001' }) code: string;
  @ApiProperty({ description: '户主姓名', example: '弓长东' }) headName: string;
  @ApiProperty({ description: '本户各股种的股数、权重与折算股数', type: () => SlipUnitsResponse, isArray: true })
  units: SlipUnitsResponse[];
  @ApiProperty({ description: '本户折算股数（各股种股数 × 权重之和）', example: '8' }) weight: string;
  @ApiProperty({
    description: '算式：本户折算股数 ÷ 全村折算股数 × 成员分红总额 = 分红金额',
    example: '8 ÷ 19.4166665 × 30400.00 = 12525.32（最大余数法精确到分）',
  })
  formula: string;
  @ApiProperty({ description: '分红计算记下的本户计算过程' }) trace: string;
  @ApiProperty({ ...MONEY, description: '分红金额（元）' }) amount: string;
  @ApiProperty({ description: '分红金额大写', example: '人民币壹万贰仟伍佰贰拾伍元叁角贰分' }) amountInWords: string;
  @ApiProperty({ ...MONEY, description: '截至 asOf 已付（元）' }) paid: string;
  @ApiProperty({ ...MONEY, description: '截至 asOf 未付（元）' }) outstanding: string;
}

/** 户分红单 of a village run. */
export class HouseholdSlipsResponse {
  @ApiProperty({ description: '成员分红计算 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '村代码', example: 'V01' }) villageCode: string;
  @ApiProperty({ description: '村名', example: '程壁村' }) villageName: string;
  @ApiProperty({ description: '年度', example: 2025 }) year: number;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ description: '入账日期；未入账为 null', nullable: true, type: String, format: 'date' }) postingDate: string | null;
  @ApiProperty({ description: '已付、未付截至的日期（读取当天）', format: 'date' }) asOf: string;
  @ApiProperty({ ...MONEY, description: '成员分红总额（元）', example: '30400.00' }) shared: string;
  @ApiProperty({ description: '全村折算股数（各户折算股数之和）', example: '19.4166665' }) totalWeight: string;
  @ApiProperty({ description: '每户一份（指定 household 时只有该户的）', type: () => HouseholdSlipResponse, isArray: true })
  slips: HouseholdSlipResponse[];
  @ApiProperty({ description: '本村账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
}

export class MemberPublicityIncomeProjectResponse {
  @ApiProperty({ description: '项目代码', example: 'DH-1' }) code: string;
  @ApiProperty({ description: '项目名称', example: '定湖园区' }) name: string;
  @ApiProperty({ ...MONEY, description: '本年从该项目取得的投资收益（元）', example: '34500.00' }) amount: string;
}

export class MemberPublicityIncomeResponse {
  @ApiProperty({ description: '各项目的投资收益', type: () => MemberPublicityIncomeProjectResponse, isArray: true })
  projects: MemberPublicityIncomeProjectResponse[];
  @ApiProperty({ ...MONEY, description: '其他收入（元）', example: '1500.00' }) other: string;
  @ApiProperty({ ...MONEY, description: '收入合计（元）', example: '36000.00' }) total: string;
}

export class MemberPublicityKeepResponse {
  @ApiProperty({ description: '提取项代码', example: 'reserve' }) code: string;
  @ApiProperty({ description: '提取项名称', example: '公积公益金' }) name: string;
  @ApiProperty({ ...MONEY, description: '提取金额（元）', example: '3600.00' }) amount: string;
}

export class MemberPublicityKindResponse {
  @ApiProperty({ description: '股种代码', example: 'POP' }) code: string;
  @ApiProperty({ description: '股种名称', example: '人口股' }) name: string;
  @ApiProperty({ description: '每股权重', example: '1' }) weight: string;
}

export class MemberPublicityHouseholdResponse {
  @ApiProperty({ description: '户编码', example: 'H001' }) code: string;
  @ApiProperty({ description: '户主姓名（遮蔽：弓*东）', example: '弓*东' }) maskedName: string;
  @ApiProperty(UNITS) units: Record<string, string>;
  @ApiProperty({ description: '本户折算股数', example: '8' }) weight: string;
  @ApiProperty({ ...MONEY, description: '分红金额（元）' }) amount: string;
}

export class MemberPublicityTotalsResponse {
  @ApiProperty({ ...UNITS, description: '各股种股数合计', example: { POP: '10', LAB: '14.833333' } }) units: Record<string, string>;
  @ApiProperty({ description: '全村折算股数', example: '19.4166665' }) weight: string;
  @ApiProperty({ ...MONEY, description: '分红金额合计（元，即成员分红总额）', example: '30400.00' }) amount: string;
}

export class MemberPublicityPeriodResponse {
  @ApiProperty({ description: '公示开始（打印当天）', format: 'date' }) from: string;
  @ApiProperty({ description: '公示结束', format: 'date' }) to: string;
  @ApiProperty({ description: '公示天数', example: 7 }) days: number;
}

/** 成员分红公示表 of a village run: names masked, no account numbers. */
export class MemberPublicityResponse {
  @ApiProperty({ description: '成员分红计算 id', format: 'uuid' }) runId: string;
  @ApiProperty({ description: '村代码', example: 'V01' }) villageCode: string;
  @ApiProperty({ description: '村名', example: '程壁村' }) villageName: string;
  @ApiProperty({ description: '年度', example: 2025 }) year: number;
  @ApiProperty(STATUS) status: string;
  @ApiProperty({ description: '读取之日（公示开始日）', format: 'date' }) asOf: string;
  @ApiProperty({ description: '本村收入', type: () => MemberPublicityIncomeResponse }) income: MemberPublicityIncomeResponse;
  @ApiProperty({ description: '各项提取', type: () => MemberPublicityKeepResponse, isArray: true }) keeps: MemberPublicityKeepResponse[];
  @ApiProperty({ ...MONEY, description: '提取合计（元）', example: '5600.00' }) kept: string;
  @ApiProperty({ ...MONEY, description: '成员分红总额（元）', example: '30400.00' }) shared: string;
  @ApiProperty({ description: '股种及每股权重', type: () => MemberPublicityKindResponse, isArray: true })
  kinds: MemberPublicityKindResponse[];
  @ApiProperty({
    description: '各户（户编码、遮蔽的户主姓名、股数、折算股数、分红金额）',
    type: () => MemberPublicityHouseholdResponse,
    isArray: true,
  })
  households: MemberPublicityHouseholdResponse[];
  @ApiProperty({ description: '合计', type: () => MemberPublicityTotalsResponse }) totals: MemberPublicityTotalsResponse;
  @ApiProperty({ description: '公示期', type: () => MemberPublicityPeriodResponse }) period: MemberPublicityPeriodResponse;
  @ApiProperty({ description: '异议受理' }) objections: string;
  @ApiProperty({ description: '本村账簿摘要', type: () => DigestResponse }) digest: DigestResponse;
  @ApiProperty({ description: '二维码内容：村代码、年度、本村账簿的凭证序号和完整哈希', example: 'V01 2025 #9 3fa2…' }) qr: string;
}
