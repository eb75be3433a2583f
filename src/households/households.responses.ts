import { ApiProperty } from '@nestjs/swagger';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** 户: a household of the village, its bank account masked (HouseholdsService). */
export class HouseholdResponse {
  @ApiProperty({ description: '户 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '户编码（村内唯一）', example: 'H001' })
  code: string;

  @ApiProperty({ description: '户主姓名', example: '弓长东' })
  headName: string;

  @ApiProperty({ description: '户主身份证号后四位（只保存后四位）；未填写时为 null', nullable: true, type: String, example: '123X' })
  idLast4: string | null;

  @ApiProperty({ description: '开户行；未填写时为 null', nullable: true, type: String, example: '沁县农村信用合作联社' })
  bankName: string | null;

  @ApiProperty({
    description: '遮蔽后的银行账号（前四位和后四位，中间以星号代替）；完整账号只有本村村报账员可以单独查看；未填写时为 null',
    nullable: true,
    type: String,
    example: '6217 **** **** 1234',
  })
  bankAccountMasked: string | null;

  @ApiProperty({ description: '入社日期；未填写时为 null', nullable: true, type: String, format: 'date', example: '2016-01-01' })
  joinedOn: string | null;

  @ApiProperty({ description: '退出日期；在册时为 null', nullable: true, type: String, format: 'date', example: null })
  leftOn: string | null;

  @ApiProperty({ description: '退出原因；在册时为 null', nullable: true, type: String, example: null })
  leftReason: string | null;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;
}

/** One household's whole bank account: for the village's treasurer, every read in the audit trail. */
export class BankAccountResponse {
  @ApiProperty({ description: '开户行；未填写时为 null', nullable: true, type: String, example: '沁县农村信用合作联社' })
  bankName: string | null;

  @ApiProperty({ description: '完整银行账号（只含数字）；未填写时为 null', nullable: true, type: String, example: '6217000012341234' })
  bankAccount: string | null;
}

export class ShareKindResponse {
  @ApiProperty({ description: '股种代码', example: 'POP' })
  code: string;

  @ApiProperty({ description: '股种名称', example: '人口股' })
  name: string;
}

export class ShareTotalResponse {
  @ApiProperty({ description: '股种代码', example: 'POP' })
  kind: string;

  @ApiProperty({ description: '股种名称', example: '人口股' })
  name: string;

  @ApiProperty({ description: '该股种的股数合计（小数字符串，最多 6 位小数）', example: '1268.5' })
  units: string;
}

export class ShareHoldingResponse {
  @ApiProperty({ description: '户 id', format: 'uuid' })
  householdId: string;

  @ApiProperty({ description: '户编码', example: 'H001' })
  householdCode: string;

  @ApiProperty({ description: '户主姓名', example: '弓长东' })
  headName: string;

  @ApiProperty({ description: '股种代码', example: 'POP' })
  kind: string;

  @ApiProperty({ description: '股数（小数字符串，最多 6 位小数）', example: '3' })
  units: string;
}

/** A version of the village's share register in a list. */
export class ShareRegisterSummaryResponse {
  @ApiProperty({ description: '股权登记版本 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '股权登记日（股权固化日）：自该日起生效，直到下一个登记日', format: 'date', example: '2024-12-31' })
  registeredOn: string;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String })
  memo: string | null;

  @ApiProperty({ description: '登记人（登录名）', example: 'treasurer01' })
  createdBy: string;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty({ description: '登记的户数', example: 412 })
  householdCount: number;

  @ApiProperty({ description: '登记的股权条数（每户每个股种一条）', example: 1130 })
  holdingCount: number;

  @ApiProperty({ description: '各股种的股数合计', type: [ShareTotalResponse] })
  totals: ShareTotalResponse[];
}

/** A whole version of the village's share register. */
export class ShareRegisterResponse {
  @ApiProperty({ description: '股权登记版本 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '村 id', format: 'uuid' })
  villageId: string;

  @ApiProperty({ description: '股权登记日（股权固化日）', format: 'date', example: '2024-12-31' })
  registeredOn: string;

  @ApiProperty({ description: '备注；未填写时为 null', nullable: true, type: String })
  memo: string | null;

  @ApiProperty({ description: '登记人（登录名）', example: 'treasurer01' })
  createdBy: string;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty({ description: '本版本的股种，按登记顺序', type: [ShareKindResponse] })
  kinds: ShareKindResponse[];

  @ApiProperty({ description: '各户的股权，按户编码、股种顺序', type: [ShareHoldingResponse] })
  holdings: ShareHoldingResponse[];

  @ApiProperty({ description: '各股种的股数合计', type: [ShareTotalResponse] })
  totals: ShareTotalResponse[];
}
