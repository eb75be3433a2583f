import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ParseYearPipe } from '../platform/http/year.pipe';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CreateYearResultDto, UpdateYearResultDto } from './year-result.dto';
import { ResultsService } from './results.service';
import { YearResultResponse } from './results.responses';

@ApiTags('results 年度经营成果')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/results')
export class ResultsController {
  constructor(private readonly service: ResultsService) {}

  @ApiOperation({ summary: '登记年度经营成果' })
  @ApiCreated('新登记的年度经营成果', YearResultResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateYearResultDto) {
    return this.service.create(actor, projectId, dto);
  }

  @ApiOperation({ summary: '年度经营成果列表' })
  @ApiList('各年度的经营成果，按年度排列', YearResultResponse)
  @ApiErrors(404)
  @Get()
  list(@Param('projectId') projectId: string) {
    return this.service.list(projectId);
  }

  @ApiOperation({ summary: '某年度经营成果' })
  @ApiOk('该年度的经营成果', YearResultResponse)
  @ApiErrors(400, 404)
  @Get(':year')
  get(@Param('projectId') projectId: string, @Param('year', ParseYearPipe) year: number) {
    return this.service.get(projectId, year);
  }

  @ApiOperation({ summary: '修改年度经营成果' })
  @ApiOk('修改后的经营成果', YearResultResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Patch(':year')
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('year', ParseYearPipe) year: number,
    @Body() dto: UpdateYearResultDto,
  ) {
    return this.service.update(actor, projectId, year, dto);
  }
}
