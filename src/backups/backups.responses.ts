import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A chain's end: its last sequence and hash. */
export class BackupDigestResponse {
  @ApiProperty({ description: '链末端的序号（空链为 0）', example: 16 })
  sequence: number;

  @ApiProperty({ description: '链末端的哈希（SHA-256，十六进制）' })
  hash: string;
}

/** A project's digests as the backup saw them. */
export class BackupProjectResponse {
  @ApiProperty({ description: '项目 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '项目代码', example: 'DH-1' })
  code: string;

  @ApiProperty({ description: '凭证链的末端（报表所印的账簿摘要）', type: () => BackupDigestResponse })
  vouchers: BackupDigestResponse;

  @ApiProperty({ description: '事件链的末端', type: () => BackupDigestResponse })
  events: BackupDigestResponse;
}

/** One backup file; a file whose manifest cannot be read carries `error` instead of its contents. */
export class BackupItemResponse {
  @ApiProperty({ description: '文件名，如 enclave-backup-2026-11-28T101500+0800.tar.gz' })
  file: string;

  @ApiProperty({ description: '文件大小（字节）', example: 6917 })
  bytes: number;

  @ApiPropertyOptional({ description: '快照时间（ISO 8601，北京时间）' })
  createdAt?: string;

  @ApiPropertyOptional({ description: '数据库结构版本（最后一个迁移）', example: 'OpeningBalances1764510000000' })
  schemaVersion?: string;

  @ApiPropertyOptional({ description: '各表行数之和' })
  rows?: number;

  @ApiPropertyOptional({ description: '各项目的账簿摘要', type: () => [BackupProjectResponse] })
  projects?: BackupProjectResponse[];

  @ApiPropertyOptional({ description: '审计日志链的末端', type: () => BackupDigestResponse })
  audit?: BackupDigestResponse;

  @ApiPropertyOptional({ description: '无法读出清单时的原因（文件损坏或不完整）' })
  error?: string;
}

export class BackupScheduleResponse {
  @ApiProperty({ description: '定时备份的 cron 表达式（北京时间）；关闭时为 null', nullable: true, type: String, example: '0 2 * * *' })
  cron: string | null;

  @ApiProperty({ description: '保留的份数', example: 30 })
  keep: number;

  @ApiProperty({ description: '下一次定时备份的时间（ISO 8601，北京时间）；关闭时为 null', nullable: true, type: String })
  next: string | null;
}

/** The last scheduled backup: where it went, or why it failed. */
export class ScheduledOutcomeResponse {
  @ApiProperty({ description: '是否成功' })
  ok: boolean;

  @ApiProperty({ description: '时间（ISO 8601，北京时间）' })
  at: string;

  @ApiPropertyOptional({ description: '成功时：文件路径' })
  file?: string;

  @ApiPropertyOptional({ description: '成功时：文件大小（字节）' })
  bytes?: number;

  @ApiPropertyOptional({ description: '成功时：用时（毫秒）' })
  ms?: number;

  @ApiPropertyOptional({ description: '失败时：原因' })
  error?: string;
}

export class BackupListResponse {
  @ApiProperty({ description: '备份目录' })
  dir: string;

  @ApiProperty({ description: '定时备份的设置', type: () => BackupScheduleResponse })
  schedule: BackupScheduleResponse;

  @ApiProperty({ description: '上一次定时备份的结果；还没有时为 null', nullable: true, type: () => ScheduledOutcomeResponse })
  lastScheduled: ScheduledOutcomeResponse | null;

  @ApiProperty({ description: '备份文件，最新的在前', type: () => [BackupItemResponse] })
  items: BackupItemResponse[];
}
