import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, TreasurerScoped } from '../access/access.decorators';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { idempotencyKey, idempotencyScope, reply } from '../idempotency/idempotent-response';
import { CreateRunDto, OptionalYearQuery, RunDateDto } from './run.dto';
import { RunsQueries } from './runs.queries';
import { RunsService } from './runs.service';

@ApiTags('runs 分配执行')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'POSTs: the same key and body return the first response' })
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/runs')
export class RunsController {
  constructor(private readonly runs: RunsService, private readonly queries: RunsQueries, private readonly idem: IdempotencyService) {}

  @Access('write') @Post()
  async create(@Param('projectId') projectId: string, @Body() dto: CreateRunDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 201, (m, a) => this.runs.create(m, a, projectId, dto.year)));
  }

  @Access('write') @Post(':id/approve') @HttpCode(200)
  async approve(@Param('projectId') projectId: string, @Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), {}, 200, (m, a) => this.runs.approve(m, a, projectId, id)));
  }

  @Access('write') @Post(':id/post') @HttpCode(200)
  async post(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 200, (m, a) => this.runs.post(m, a, projectId, id, dto.date)));
  }

  @Access('write') @Post(':id/reverse') @HttpCode(200)
  async reverse(@Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: RunDateDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), dto, 200, (m, a) => this.runs.reverse(m, a, projectId, id, dto.date)));
  }

  @Get() list(@Param('projectId') projectId: string, @Query() q: OptionalYearQuery) { return this.queries.list(projectId, q.year); }
  @Get(':id') get(@Param('projectId') projectId: string, @Param('id') id: string) { return this.queries.get(projectId, id); }
  /** Runs the stored scenario again: `identical` is true when the result is the same bytes. */
  @Get(':id/recompute') recompute(@Param('projectId') projectId: string, @Param('id') id: string) { return this.queries.recompute(projectId, id); }
}
