import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { requestContext } from '../common/request-context';
import { UsersService } from '../users/users.service';
import { Access, Public } from './access.decorators';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth 登录')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService, private readonly users: UsersService) {}

  @Public() @Post('login') @HttpCode(200)
  login(@Body() dto: LoginDto) { return this.auth.login(dto.login, dto.password); }

  @Access('self') @Get('me')
  me() { return this.users.get(actorId()); }

  @Access('self') @Post('password') @HttpCode(200)
  changePassword(@Body() dto: ChangePasswordDto) { return this.auth.changePassword(actorId(), dto.currentPassword, dto.newPassword); }
}

function actorId(): string {
  return requestContext.get()!.actor!.userId;
}
