import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '../platform/access/roles';
import { CREATED_AT, UPDATED_AT } from '../platform/http/common.responses';

/** A user as the API shows them: never password data (UsersRepository's row). */
export class UserResponse {
  @ApiProperty({ description: '用户 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '登录名', example: 'zhang.kuaiji' })
  login: string;

  @ApiProperty({ description: '姓名', example: '张会计' })
  displayName: string;

  @ApiProperty({
    description: '角色：admin 系统管理员、accountant 乡镇会计、treasurer 村报账员、auditor 审计',
    enum: ROLES,
    example: 'accountant',
  })
  role: string;

  @ApiProperty({ description: '村报账员所属村的 id；其他角色为 null', format: 'uuid', nullable: true, type: String })
  villageId: string | null;

  @ApiProperty({ description: '是否启用' })
  enabled: boolean;

  @ApiProperty({ description: '为 true 时须先修改密码才能做别的事' })
  mustChangePassword: boolean;

  @ApiProperty({ description: '令牌版本：修改或重置密码、停用时加一，此前签发的令牌随之失效', example: 0 })
  tokenVersion: number;

  @ApiProperty(CREATED_AT)
  createdAt: string;

  @ApiProperty(UPDATED_AT)
  updatedAt: string;

  @ApiProperty({ description: '创建该账号的用户 id；系统任务创建的为 null', format: 'uuid', nullable: true, type: String })
  createdBy: string | null;

  @ApiProperty({
    description: '最后修改该账号（角色、状态、重置密码）的用户 id；未改过或系统任务为 null',
    format: 'uuid',
    nullable: true,
    type: String,
  })
  updatedBy: string | null;
}

/** A new user; with the one-time password when none was given. */
export class CreatedUserResponse extends UserResponse {
  @ApiPropertyOptional({ description: '未给密码时生成的一次性密码，只显示这一次；首次登录后须修改', example: 'k3Qp-7xZa-9LmN' })
  initialPassword?: string;
}

/** A password reset: the new one-time password, shown once. */
export class PasswordResetResponse {
  @ApiProperty({ description: '用户 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '登录名', example: 'li.baozhang' })
  login: string;

  @ApiProperty({ description: '新的一次性密码，只显示这一次；该用户原有的令牌全部失效', example: 'k3Qp-7xZa-9LmN' })
  initialPassword: string;
}
