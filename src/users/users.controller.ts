import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users 用户')
@ApiBearerAuth()
@Access('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Post() create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.service.create(actor, dto);
  }
  @Get() list(@Query() q: UserQuery) {
    return this.service.list(q);
  }
  @Get(':id') get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.service.update(actor, id, dto);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  resetPassword(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.service.resetPassword(actor, id);
  }
}
