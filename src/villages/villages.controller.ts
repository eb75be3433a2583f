import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { VillagesService } from './villages.service';
import { VillageResponse } from './villages.responses';

@ApiTags('villages 村集体经济组织')
@ApiSignedIn()
@Access('read')
@Controller('villages')
export class VillagesController {
  constructor(private readonly service: VillagesService) {}

  @ApiOperation({ summary: '新建村' })
  @ApiCreated('新建的村', VillageResponse)
  @ApiErrors(400, 404, 409)
  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVillageDto) {
    return this.service.create(actor, dto);
  }

  @ApiOperation({ summary: '村列表（分页，可按代码或名称、乡镇、项目筛选）' })
  @ApiPage('一页村；村报账员只看到与本村同项目的村', VillageResponse)
  @ApiErrors(400)
  @TreasurerScoped({ kind: 'filtered' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: VillageQuery) {
    return this.service.list(actor, q);
  }

  @ApiOperation({ summary: '村详情' })
  @ApiOk('村', VillageResponse)
  @ApiErrors(404)
  @TreasurerScoped({ kind: 'sharedVillage', param: 'id' })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiOperation({ summary: '修改村' })
  @ApiOk('修改后的村', VillageResponse)
  @ApiErrors(400, 404, 409)
  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateVillageDto) {
    return this.service.update(actor, id, dto);
  }
}
