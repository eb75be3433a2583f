import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CapitalEventQuery, CreateCapitalEventDto, UpdateCapitalEventDto } from './capital-event.dto';
import { CapitalService } from './capital.service';
import { CapitalEventResponse } from './capital.responses';

@ApiTags('capital 出资')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/capital-events')
export class CapitalController {
  constructor(private readonly service: CapitalService) {}

  @ApiOperation({ summary: '登记出资' })
  @ApiCreated('新登记的出资记录', CapitalEventResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateCapitalEventDto) {
    return this.service.create(actor, projectId, dto);
  }

  @ApiOperation({ summary: '出资记录列表（分页，可按村和日期筛选）' })
  @ApiPage('一页出资记录；村报账员只看到本村的', CapitalEventResponse)
  @ApiErrors(400, 404)
  @Get()
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() q: CapitalEventQuery) {
    return this.service.list(actor, projectId, q);
  }

  @ApiOperation({ summary: '出资记录详情' })
  @ApiOk('出资记录', CapitalEventResponse)
  @ApiErrors(404)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.get(actor, projectId, id);
  }

  @ApiOperation({ summary: '更正出资记录' })
  @ApiOk('更正后的出资记录', CapitalEventResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: UpdateCapitalEventDto) {
    return this.service.update(actor, projectId, id, dto);
  }
}
