import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { CreateHouseholdDto, HouseholdQuery, LeaveHouseholdDto, UpdateHouseholdDto } from './household.dto';
import { HouseholdsService } from './households.service';
import { BankAccountResponse, HouseholdResponse } from './households.responses';

/**
 * Every role that reads may read (a treasurer held to their own village by the guard); writes are `villageRecords`
 * (the village's treasurer, the accountant, the admin) and the whole bank account `villageTreasurer` (roles.ts).
 */
@ApiTags('households 成员户')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/households')
export class HouseholdsController {
  constructor(private readonly service: HouseholdsService) {}

  @ApiOperation({ summary: '登记成员户（本村村报账员、乡镇会计或系统管理员）' })
  @ApiCreated('新登记的户；银行账号已遮蔽', HouseholdResponse)
  @ApiErrors(400, 404, 409)
  @Access('villageRecords')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: CreateHouseholdDto) {
    return this.service.create(actor, villageId, dto);
  }

  @ApiOperation({ summary: '成员户列表（分页，可按户编码、户主姓名和是否在册筛选）' })
  @ApiPage('一页成员户，按户编码排列；银行账号已遮蔽', HouseholdResponse)
  @ApiErrors(400, 404)
  @Get()
  list(@Param('villageId') villageId: string, @Query() q: HouseholdQuery) {
    return this.service.list(villageId, q);
  }

  @ApiOperation({ summary: '成员户详情' })
  @ApiOk('成员户；银行账号已遮蔽', HouseholdResponse)
  @ApiErrors(404)
  @Get(':householdId')
  get(@Param('villageId') villageId: string, @Param('householdId') id: string) {
    return this.service.get(villageId, id);
  }

  @ApiOperation({ summary: '更正成员户（每项更正记入审计日志，账号以遮蔽形式记录）' })
  @ApiOk('更正后的成员户；银行账号已遮蔽', HouseholdResponse)
  @ApiErrors(400, 404, 409)
  @Access('villageRecords')
  @Patch(':householdId')
  update(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('householdId') id: string,
    @Body() dto: UpdateHouseholdDto,
  ) {
    return this.service.update(actor, villageId, id, dto);
  }

  @ApiOperation({ summary: '成员户退出（此后的股权登记不再含该户）' })
  @ApiCreated('退出后的成员户', HouseholdResponse)
  @ApiErrors(400, 404, 409)
  @Access('villageRecords')
  @Post(':householdId/leave')
  leave(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('householdId') id: string,
    @Body() dto: LeaveHouseholdDto,
  ) {
    return this.service.leave(actor, villageId, id, dto);
  }

  @ApiOperation({ summary: '查看完整银行账号（只限本村村报账员；每次查看记入审计日志）' })
  @ApiOk('开户行和完整账号', BankAccountResponse)
  @ApiErrors(404)
  @Access('villageTreasurer')
  @Get(':householdId/bank-account')
  bankAccount(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('householdId') id: string) {
    return this.service.bankAccount(actor, villageId, id);
  }
}
