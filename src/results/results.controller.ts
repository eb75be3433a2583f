import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateYearResultDto, UpdateYearResultDto } from './year-result.dto';
import { ResultsService } from './results.service';

@ApiTags('results 年度经营成果')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/results')
export class ResultsController {
  constructor(private readonly service: ResultsService) {}

  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateYearResultDto) {
    return this.service.create(actor, projectId, dto);
  }

  @Get()
  list(@Param('projectId') projectId: string) {
    return this.service.list(projectId);
  }

  @Get(':year')
  get(@Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number) {
    return this.service.get(projectId, year);
  }

  @Access('money')
  @Patch(':year')
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: UpdateYearResultDto,
  ) {
    return this.service.update(actor, projectId, year, dto);
  }
}
