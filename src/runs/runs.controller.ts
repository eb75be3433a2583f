import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateRunDto, OptionalYearQuery, RunDateDto } from './run.dto';
import { RunsService } from './runs.service';

@ApiTags('runs 分配执行')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateRunDto) {
    return this.runs.create(actor, projectId, dto.year);
  }

  @Access('money')
  @Idempotent()
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.approve(actor, projectId, id);
  }

  @Access('money')
  @Idempotent()
  @Post(':id/post')
  @HttpCode(200)
  post(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) {
    return this.runs.post(actor, projectId, id, dto.date);
  }

  @Access('money')
  @Idempotent()
  @Post(':id/reverse')
  @HttpCode(200)
  reverse(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) {
    return this.runs.reverse(actor, projectId, id, dto.date);
  }

  @Get() list(@Param('projectId') projectId: string, @Query() q: OptionalYearQuery) {
    return this.runs.list(projectId, q.year);
  }
  @Get(':id') get(@Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.get(projectId, id);
  }
  /** Runs the stored scenario again: `identical` is true when the result is the same bytes. */
  @Get(':id/recompute') recompute(@Param('projectId') projectId: string, @Param('id') id: string) {
    return this.runs.recompute(projectId, id);
  }
}
