import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { TownshipsService } from './townships.service';
import { TownshipResponse } from './townships.responses';

@ApiTags('townships 乡镇')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'open' })
@Controller('townships')
export class TownshipsController {
  constructor(private readonly service: TownshipsService) {}

  @ApiOperation({ summary: '新建乡镇' })
  @ApiCreated('新建的乡镇', TownshipResponse)
  @ApiErrors(400, 409)
  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTownshipDto) {
    return this.service.create(actor, dto);
  }

  @ApiOperation({ summary: '乡镇列表（分页，可按代码或名称筛选）' })
  @ApiPage('一页乡镇', TownshipResponse)
  @ApiErrors(400)
  @Get()
  list(@Query() q: TownshipQuery) {
    return this.service.list(q);
  }
  @ApiOperation({ summary: '乡镇详情' })
  @ApiOk('乡镇', TownshipResponse)
  @ApiErrors(404)
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiOperation({ summary: '修改乡镇' })
  @ApiOk('修改后的乡镇', TownshipResponse)
  @ApiErrors(400, 404)
  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateTownshipDto) {
    return this.service.update(actor, id, dto);
  }
}
