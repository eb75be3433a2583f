import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateRunDto, OptionalYearQuery, RunDateDto } from './run.dto';
import { RunsQueries } from './runs.queries';
import { RunsService } from './runs.service';

@ApiTags('runs 分配执行')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/runs')
export class RunsController {
  constructor(private readonly runs: RunsService, private readonly queries: RunsQueries) {}

  @Access('write') @Idempotent() @Post()
  create(@Param('projectId') projectId: string, @Body() dto: CreateRunDto) { return this.runs.create(projectId, dto.year); }

  @Access('write') @Idempotent() @Post(':id/approve') @HttpCode(200)
  approve(@Param('projectId') projectId: string, @Param('id') id: string) { return this.runs.approve(projectId, id); }

  @Access('write') @Idempotent() @Post(':id/post') @HttpCode(200)
  post(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) { return this.runs.post(projectId, id, dto.date); }

  @Access('write') @Idempotent() @Post(':id/reverse') @HttpCode(200)
  reverse(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto) { return this.runs.reverse(projectId, id, dto.date); }

  @Get() list(@Param('projectId') projectId: string, @Query() q: OptionalYearQuery) { return this.queries.list(projectId, q.year); }
  @Get(':id') get(@Param('projectId') projectId: string, @Param('id') id: string) { return this.queries.get(projectId, id); }
  /** Runs the stored scenario again: `identical` is true when the result is the same bytes. */
  @Get(':id/recompute') recompute(@Param('projectId') projectId: string, @Param('id') id: string) { return this.queries.recompute(projectId, id); }
}
