import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { CreateShareRegisterDto, InForceDateQuery } from './share-register.dto';
import { ShareRegistersService } from './share-registers.service';
import { ShareRegisterResponse, ShareRegisterSummaryResponse } from './households.responses';

/** Versions of the village's share register; written by `villageRecords` as the households (roles.ts). */
@ApiTags('share-registers 股权登记')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/share-registers')
export class ShareRegistersController {
  constructor(private readonly service: ShareRegistersService) {}

  @ApiOperation({ summary: '登记新的股权版本（按股权登记日；已有版本不能修改）' })
  @ApiCreated('新的股权登记版本', ShareRegisterResponse)
  @ApiErrors(400, 404, 409)
  @Access('villageRecords')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: CreateShareRegisterDto) {
    return this.service.create(actor, villageId, dto);
  }

  @ApiOperation({ summary: '股权登记各版本' })
  @ApiList('按登记日排列的各版本，含户数、条数和各股种合计', ShareRegisterSummaryResponse)
  @ApiErrors(404)
  @Get()
  list(@Param('villageId') villageId: string) {
    return this.service.list(villageId);
  }

  @ApiOperation({ summary: '某日生效的股权登记' })
  @ApiOk('该日生效的版本（登记日在该日或以前的最近一个）', ShareRegisterResponse)
  @ApiErrors(400, 404)
  @Get('in-force')
  inForce(@Param('villageId') villageId: string, @Query() q: InForceDateQuery) {
    return this.service.inForceView(villageId, q.date);
  }

  @ApiOperation({ summary: '股权登记版本详情' })
  @ApiOk('该版本的股种、各户股权和合计', ShareRegisterResponse)
  @ApiErrors(404)
  @Get(':registerId')
  get(@Param('villageId') villageId: string, @Param('registerId') id: string) {
    return this.service.get(villageId, id);
  }
}
