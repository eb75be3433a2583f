import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { UsersService } from './users.service';
import { CreatedUserResponse, PasswordResetResponse, UserResponse } from './users.responses';

@ApiTags('users 用户')
@ApiSignedIn()
@Access('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @ApiOperation({ summary: '新建用户' })
  @ApiCreated('新建的用户；未给密码时附一次性密码 initialPassword（只显示这一次）', CreatedUserResponse)
  @ApiErrors(400, 404, 409)
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.service.create(actor, dto);
  }
  @ApiOperation({ summary: '用户列表（分页，不含密码数据）' })
  @ApiPage('一页用户（不含密码数据）', UserResponse)
  @ApiErrors(400)
  @Access('readUsers')
  @Get()
  list(@Query() q: UserQuery) {
    return this.service.list(q);
  }
  @ApiOperation({ summary: '用户详情（不含密码数据）' })
  @ApiOk('用户（不含密码数据）', UserResponse)
  @ApiErrors(404)
  @Access('readUsers')
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiOperation({ summary: '修改用户（姓名、角色、所属村、启用或停用）' })
  @ApiOk('修改后的用户', UserResponse)
  @ApiErrors(400, 404, 409)
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.service.update(actor, id, dto);
  }

  @ApiOperation({ summary: '重置用户密码' })
  @ApiOk('新的一次性密码（只显示这一次）；该用户原有的令牌全部失效', PasswordResetResponse)
  @ApiErrors(404, 409)
  @Post(':id/reset-password')
  @HttpCode(200)
  resetPassword(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.service.resetPassword(actor, id);
  }
}
