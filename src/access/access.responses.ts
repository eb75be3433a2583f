import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../platform/access/roles';

/** The signed-in user, as a sign-in answers it (tokens.ts, SignedIn). */
export class SignedInUserResponse {
  @ApiProperty({ description: '用户 id', format: 'uuid' })
  id: string;

  @ApiProperty({ description: '登录名', example: 'zhang.kuaiji' })
  login: string;

  @ApiProperty({ description: '姓名', example: '张会计' })
  displayName: string;

  @ApiProperty({ description: '角色', enum: ROLES, example: 'accountant' })
  role: string;

  @ApiProperty({ description: '村报账员所属村的 id；其他角色为 null', format: 'uuid', nullable: true, type: String })
  villageId: string | null;

  @ApiProperty({ description: '为 true 时须先修改密码' })
  mustChangePassword: boolean;
}

/** A sign-in or a password change: the token and who it is for. */
export class SignedInResponse {
  @ApiProperty({ description: '放在请求头 Authorization: Bearer … 中的令牌' })
  accessToken: string;

  @ApiProperty({ description: '令牌类型', enum: ['Bearer'] })
  tokenType: string;

  @ApiProperty({ description: '令牌有效的秒数', example: 3600 })
  expiresIn: number;

  @ApiProperty({ description: '登录的用户', type: () => SignedInUserResponse })
  user: SignedInUserResponse;
}
