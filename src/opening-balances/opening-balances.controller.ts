import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateOpeningBalanceDto } from './opening-balance.dto';
import { OpeningBalanceResponse } from './opening-balances.responses';
import { OpeningBalancesService } from './opening-balances.service';

@ApiTags('opening-balances 期初余额')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/opening-balances')
export class OpeningBalancesController {
  constructor(private readonly service: OpeningBalancesService) {}

  @ApiOperation({ summary: '编制期初余额（草稿，截至项目的期初日期）' })
  @ApiCreated('期初余额：id、asOf（期初日期）、status=draft、lines（科目、借方、贷方）', OpeningBalanceResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateOpeningBalanceDto) {
    return this.service.create(actor, projectId, dto);
  }

  @ApiOperation({ summary: '期初余额列表' })
  @ApiList('本项目编制过的各份期初余额，先编制的在前；村报账员看到的其他村明细按科目合并', OpeningBalanceResponse)
  @ApiErrors(404)
  @Get()
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.service.list(actor, projectId);
  }

  @ApiOperation({ summary: '期初余额详情' })
  @ApiOk('期初余额及其分录、经办人、凭证号', OpeningBalanceResponse)
  @ApiErrors(404)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.get(actor, projectId, id);
  }

  @ApiOperation({ summary: '审核期初余额' })
  @ApiOk('已审核的期初余额（status=approved）；审核人须不同于编制人', OpeningBalanceResponse)
  @ApiErrors(404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.approve(actor, projectId, id);
  }

  @ApiOperation({ summary: '期初余额入账（账簿的第一张凭证）' })
  @ApiOk('已入账的期初余额（status=posted）及凭证号 voucherNumber', OpeningBalanceResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/post')
  @HttpCode(200)
  post(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.post(actor, projectId, id);
  }

  @ApiOperation({ summary: '冲销期初余额（仅当其后没有凭证时）' })
  @ApiOk('已冲销的期初余额（status=reversed）及冲销凭证号 reversalVoucherNumber', OpeningBalanceResponse)
  @ApiErrors(404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.reverse(actor, projectId, id);
  }
}
