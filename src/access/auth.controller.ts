import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, Public } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiDone, ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { SignedInResponse } from './access.responses';
import { UserResponse } from '../users/users.responses';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  // security: [] marks the operation public in the document (no bearer token).
  @ApiOperation({ summary: '登录', security: [] })
  @ApiOk('令牌和用户', SignedInResponse)
  @ApiErrors(400, 401, 429, 503)
  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request) {
    return this.auth.login(dto.login, dto.password, req.ip ?? 'unknown');
  }

  @ApiOperation({ summary: '当前登录用户' })
  @ApiSignedIn()
  @ApiOk('当前登录的用户（不含密码数据）', UserResponse)
  @Access('self')
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor.userId!);
  }

  @ApiOperation({ summary: '修改自己的密码' })
  @ApiSignedIn()
  @ApiOk('新的令牌：原有的令牌全部失效', SignedInResponse)
  @ApiErrors(400, 429)
  @Access('self')
  @Post('password')
  @HttpCode(200)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Req() req: Request) {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword, req.ip ?? 'unknown');
  }

  /** Ends the token this request carries; the user's other tokens stay good. */
  @ApiOperation({ summary: '注销当前令牌' })
  @ApiSignedIn()
  @ApiDone('已注销：此令牌不再有效')
  @Access('self')
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Headers('authorization') authorization: string): Promise<void> {
    await this.auth.logout(actor, authorization ?? '');
  }
}
