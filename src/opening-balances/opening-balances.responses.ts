import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One line of an opening balance: an account's balance on the cut-over date. */
export class OpeningLineResponse {
  @ApiProperty({ description: '科目或明细科目代码', example: '322-02' })
  account: string;

  @ApiProperty({ description: '借方金额（元，两位小数的字符串）', example: '248360.64' })
  debit: string;

  @ApiProperty({ description: '贷方金额（元，两位小数的字符串）', example: '0.00' })
  credit: string;

  @ApiPropertyOptional({ description: '村报账员视图中合并的其他村明细的说明，如“其他村合计”' })
  memo?: string;
}

/** An opening balance document (期初余额), who prepared, approved, posted and reversed it, and its vouchers. */
export class OpeningBalanceResponse {
  @ApiProperty({ description: '期初余额 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目 id', format: 'uuid' })
  projectId: string;

  @ApiProperty({ description: '期初日期（项目的切换日期），YYYY-MM-DD', example: '2024-12-31' })
  asOf: string;

  @ApiProperty({ description: '状态：草稿、已审核、已入账、已冲销', enum: ['draft', 'approved', 'posted', 'reversed'] })
  status: string;

  @ApiProperty({ description: '备注', nullable: true, type: String })
  memo: string | null;

  @ApiProperty({ description: '编制人的用户 id（系统任务为 null）', nullable: true, type: String, format: 'uuid' })
  preparedBy: string | null;

  @ApiProperty({ description: '编制人的登录名' })
  preparedByLogin: string;

  @ApiProperty({ description: '审核人的用户 id', nullable: true, type: String, format: 'uuid' })
  approvedBy: string | null;

  @ApiProperty({ description: '审核人的登录名', nullable: true, type: String })
  approvedByLogin: string | null;

  @ApiProperty({ description: '审核时间', nullable: true, type: String, format: 'date-time' })
  approvedAt: string | null;

  @ApiProperty({ description: '入账人的用户 id', nullable: true, type: String, format: 'uuid' })
  postedBy: string | null;

  @ApiProperty({ description: '入账人的登录名', nullable: true, type: String })
  postedByLogin: string | null;

  @ApiProperty({ description: '入账时间', nullable: true, type: String, format: 'date-time' })
  postedAt: string | null;

  @ApiProperty({ description: '期初凭证号（入账后）', nullable: true, type: String, example: '2024-12-0001' })
  voucherNumber: string | null;

  @ApiProperty({ description: '冲销人的用户 id', nullable: true, type: String, format: 'uuid' })
  reversedBy: string | null;

  @ApiProperty({ description: '冲销人的登录名', nullable: true, type: String })
  reversedByLogin: string | null;

  @ApiProperty({ description: '冲销时间', nullable: true, type: String, format: 'date-time' })
  reversedAt: string | null;

  @ApiProperty({ description: '冲销凭证号（冲销后）', nullable: true, type: String })
  reversalVoucherNumber: string | null;

  @ApiProperty({ description: '编制时间', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: '分录：各科目的期初余额', type: () => [OpeningLineResponse] })
  lines: OpeningLineResponse[];

  @ApiPropertyOptional({ description: '村报账员视图：其他村的明细已按科目合并的说明' })
  redacted?: string;
}
