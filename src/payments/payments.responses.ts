import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DigestResponse } from '../platform/http/common.responses';

/** A payment (to a village, or the operator's top-up received) as PaymentsRepository reads it. */
export class PaymentResponse {
  @ApiProperty({ description: '支付记录 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '类型：village 向村支付分红、operator 运营方补足款到账', enum: ['village', 'operator'] })
  kind: string;

  @ApiProperty({ description: '收款村代码；运营方支付为 null', nullable: true, type: String, example: 'V01' })
  villageCode: string | null;

  @ApiProperty({ description: '支付金额（元，两位小数的字符串）', example: '21393.44' })
  amount: string;

  @ApiProperty({ description: '支付日期（YYYY-MM-DD）', format: 'date', example: '2026-02-10' })
  date: string;

  @ApiProperty({ description: '银行流水号', example: 'B20260210-0001' })
  bankReference: string;

  @ApiProperty({ description: '状态：posted 已入账、reversed 已冲销', enum: ['posted', 'reversed'] })
  status: string;

  @ApiProperty({ description: '支付凭证号', example: '2026-02-0001' })
  voucher: string;

  @ApiProperty({ description: '冲销凭证号；未冲销时为 null', nullable: true, type: String, example: '2026-02-0002' })
  reversalVoucher: string | null;

  @ApiProperty({ description: '登记人的登录名', example: 'zhang.kuaiji' })
  createdBy: string;
}

/** A payment just recorded, with warnings that need a look but did not stop it. */
export class PostedPaymentResponse extends PaymentResponse {
  @ApiPropertyOptional({
    description: '提醒（不影响入账）：如同一银行流水号在本项目中已用过',
    type: [String],
    example: ['银行流水号 B20260210-0001 在本项目中已用过：……；请核对是否重复'],
  })
  warnings?: string[];
}

/** A project's payments of one kind, and the digest of the books they were read at. */
export class PaymentListResponse {
  @ApiProperty({ description: '支付记录；村报账员只看到本村的', type: () => PaymentResponse, isArray: true })
  items: PaymentResponse[];

  @ApiProperty({ description: '读取时的账簿摘要', type: () => DigestResponse })
  digest: DigestResponse;
}
