import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { DigestResponse } from '../platform/http/common.responses';
import { VoucherLineResponse, VoucherResponse } from './ledger.responses';

/** A fiscal year's income as declared in a village's book. */
export class VillageBookIncomeResponse {
  @ApiProperty({ description: '会计年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '投资收益（502，各项目分红，贷方减借方；元）', example: '21393.44' })
  investment: string;

  @ApiProperty({ description: '其他收入（522，贷方减借方；元）', example: '1200.00' })
  other: string;

  @ApiProperty({ description: '合计（元）', example: '22593.44' })
  total: string;
}

/** A village's own book (村账): whether it is open, and its chain's digest. */
export class VillageBookResponse {
  @ApiProperty({ description: '村 id（也是村账的账簿 id）', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '村代码', example: 'V01' })
  villageCode: string;

  @ApiProperty({ description: '村名称', example: '东山村' })
  villageName: string;

  @ApiProperty({ description: '村账是否已建立' })
  opened: boolean;

  @ApiProperty({ description: '建账日期（未建账时为 null）', nullable: true, type: String, example: '2025-01-01' })
  openedOn: string | null;

  @ApiProperty({ description: '建账人的登录名（未建账时为 null）', nullable: true, type: String })
  openedBy: string | null;

  @ApiProperty({ description: '村账凭证链的摘要（未建账时为 null）', nullable: true, type: () => DigestResponse })
  digest: DigestResponse | null;

  @ApiProperty({ description: '各会计年度账上确认的收益（投资收益与其他收入）', type: () => VillageBookIncomeResponse, isArray: true })
  income: VillageBookIncomeResponse[];
}

/** The book just opened, with the vouchers that declared the runs' dividends and received the payments since. */
export class VillageBookOpenedResponse extends VillageBookResponse {
  @ApiProperty({ description: '建账时补记的凭证号：建账年度起已入账分红的应收，及建账日以后收到的款项', type: [String] })
  vouchers: string[];
}

/** A voucher line of a village's book, with the account's name in the village chart. */
export class VillageVoucherLineResponse extends VoucherLineResponse {
  @ApiProperty({ description: '科目名称（村集体经济组织会计科目）', example: '应收款—P01' })
  name: string;
}

/** A voucher of a village's book. */
export class VillageVoucherResponse extends OmitType(VoucherResponse, ['lines', 'redactedLines'] as const) {
  @ApiProperty({
    description: '分录（含科目在村集体经济组织会计科目中的名称），按存储顺序',
    type: () => VillageVoucherLineResponse,
    isArray: true,
  })
  lines: VillageVoucherLineResponse[];
}

/** Other income just recorded. */
export class VillageOtherIncomeResponse {
  @ApiProperty({ description: '这笔其他收入的 id（凭证来源 id）', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '所记的凭证（借 102 银行存款，贷 522 其他收入）', type: () => VoucherResponse })
  voucher: VoucherResponse;

  @ApiPropertyOptional({ description: '需要留意但没有阻止记账的情况，如该年度的成员分红已经入账', type: [String] })
  warnings?: string[];
}

/** One page of a village book's journal. */
export class VillageJournalPageResponse {
  @ApiProperty({ description: '本页的凭证', type: () => VillageVoucherResponse, isArray: true })
  items: VillageVoucherResponse[];

  @ApiProperty({ description: '符合条件的凭证总数', example: 1 })
  total: number;

  @ApiProperty({ description: '页码，从 1 开始', example: 1 })
  page: number;

  @ApiProperty({ description: '每页条数', example: 50 })
  pageSize: number;

  @ApiProperty({ description: '读取时的村账摘要', type: () => DigestResponse })
  digest: DigestResponse;
}

/** A village book's year close. */
export class VillageYearCloseResponse {
  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '结账的年度', example: 2025 })
  year: number;

  @ApiProperty({ description: '结账人的登录名' })
  closedBy: string;

  @ApiProperty({ description: '结转的本年收益（投资收益与其他收入之和；元）', example: '22593.44' })
  netIncome: string;

  @ApiProperty({ description: '本次结账记的收益结转凭证号', type: [String] })
  vouchers: string[];
}
