import { ApiProperty } from '@nestjs/swagger';

/** One entry of the audit trail: who, when, from where, did what to what, and the change. */
export class AuditEntryResponse {
  @ApiProperty({ description: '审计记录 id（递增的整数，字符串形式）', example: '1024' })
  id: string;

  @ApiProperty({ description: '时间（ISO 8601，UTC）', format: 'date-time' })
  at: string;

  @ApiProperty({ description: '操作人的用户 id；未登录（如登录失败）或系统任务为 null', format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ description: '操作人的登录名（登录失败时为所填的登录名）；系统任务为命令名', nullable: true, type: String })
  actorLogin: string | null;

  @ApiProperty({ description: '操作，如 create、update、post、sign-in、refused', example: 'post' })
  action: string;

  @ApiProperty({ description: '对象类型，如 project、distribution-run、payment', example: 'distribution-run' })
  entity: string;

  @ApiProperty({ description: '对象 id；没有时为 null', nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({ description: '请求来源地址；系统任务为 null', nullable: true, type: String, example: '10.0.0.8' })
  ip: string | null;

  @ApiProperty({ description: '请求编号；系统任务为 null', nullable: true, type: String })
  requestId: string | null;

  @ApiProperty({
    description: '变更内容（新建记录的字段，或修改前后的值 {字段: {from, to}}）；没有时为 null。从不含密码数据',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  changes: Record<string, unknown> | null;
}

/** The end of the audit chain. */
export class AuditDigestResponse {
  @ApiProperty({ description: '最后一条记录的序号', example: 1024 })
  sequence: number;

  @ApiProperty({ description: '最后一条记录的哈希' })
  hash: string;
}

/** The audit chain verified: ok, or the first entry (or audit_head) that fails, with the kind of failure and why. */
export class AuditVerificationResponse {
  @ApiProperty({ description: '为 true 时整条审计链完好' })
  ok: boolean;

  @ApiProperty({ description: '校验通过时：链上的记录条数', required: false })
  count?: number;

  @ApiProperty({ description: '校验通过时：链的末端（最后一条记录的序号和哈希）', required: false, type: () => AuditDigestResponse })
  digest?: AuditDigestResponse;

  @ApiProperty({ description: '校验不通过时：第一条对不上的记录的 id，或 audit_head', required: false, example: '1024' })
  id?: string;

  @ApiProperty({ description: '校验不通过时：该记录在链上的序号（没有哈希的记录为 null）', required: false, nullable: true, type: Number })
  sequence?: number | null;

  @ApiProperty({
    description: '校验不通过时：问题的类型（稳定的英文代码）',
    required: false,
    enum: ['AUDIT_SEQUENCE_BROKEN', 'AUDIT_LINK_BROKEN', 'AUDIT_HASH_MISMATCH', 'AUDIT_HEAD_MISMATCH', 'AUDIT_ENTRY_UNCHAINED'],
  })
  code?: string;

  @ApiProperty({ description: '校验不通过时：中文说明', required: false, example: '存储的哈希与审计记录的内容不符：该审计记录被改动过' })
  reason?: string;
}
