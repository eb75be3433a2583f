import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateRunDto, OptionalYearQuery, RunDateDto } from './run.dto';
import { RunsService } from './runs.service';
import { RecomputeResponse, RunPostingResponse, RunResponse, RunSummaryResponse } from './runs.responses';

@ApiTags('runs 分配执行')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @ApiOperation({ summary: '新建分红计算（草稿）' })
  @ApiCreated('新的分红计算（status=draft），带方案文档、分配方案和计算结果', RunResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateRunDto) {
    return this.runs.create(actor, projectId, dto.year);
  }

  @ApiOperation({ summary: '审核分红计算' })
  @ApiOk('已审核的分红计算（status=approved）；审核人须不同于编制人', RunSummaryResponse)
  @ApiErrors(404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.approve(actor, projectId, id);
  }

  @ApiOperation({ summary: '过账' })
  @ApiOk('已入账的分红计算（status=posted）及所记的凭证号', RunPostingResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/post')
  @HttpCode(200)
  post(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) {
    return this.runs.post(actor, projectId, id, dto.date);
  }

  @ApiOperation({ summary: '冲销分红计算' })
  @ApiOk('已冲销的分红计算（status=reversed）及冲销凭证号', RunPostingResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post(':id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) {
    return this.runs.reverse(actor, projectId, id, dto.date);
  }

  @ApiOperation({ summary: '分红计算列表（可按年度筛选）' })
  @ApiList('各次分红计算的摘要：状态、哈希、经办人与时间（不含文档）', RunSummaryResponse)
  @ApiErrors(400, 404)
  @Get()
  list(@Param('projectId') projectId: string, @Query() q: OptionalYearQuery) {
    return this.runs.list(projectId, q.year);
  }
  @ApiOperation({ summary: '分红计算详情' })
  @ApiOk('分红计算及其结果；村报账员只看到本村一行和项目合计（redacted 说明）', RunResponse)
  @ApiErrors(404)
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.get(actor, projectId, id);
  }
  /** Runs the stored scenario again: `identical` is true when the result is the same bytes. */
  @ApiOperation({ summary: '按存档输入重新计算并核对' })
  @ApiOk('identical 为 true 时重新计算的结果与存档逐字节相同；records 为与现有记录的比较', RecomputeResponse)
  @ApiErrors(404)
  @Get(':id/recompute')
  recompute(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.recompute(actor, projectId, id);
  }
}
