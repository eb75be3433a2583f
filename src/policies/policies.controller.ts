import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ParseYearPipe } from '../platform/http/year.pipe';
import { CreatePolicyDto, InForceQuery, UpdatePolicyDto } from './policy.dto';
import { PoliciesService } from './policies.service';
import { PolicyResponse } from './policies.responses';

@ApiTags('policies 分配方案')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/policies')
export class PoliciesController {
  constructor(private readonly service: PoliciesService) {}

  @ApiOperation({ summary: '新建分配方案版本' })
  @ApiCreated('新的分配方案版本', PolicyResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreatePolicyDto) {
    return this.service.create(actor, projectId, dto);
  }

  @ApiOperation({ summary: '分配方案各版本' })
  @ApiList('按起始年度排列的各版本；村报账员看到的方案只含本村的条款（redacted 说明）', PolicyResponse)
  @ApiErrors(404)
  @Get()
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.service.list(actor, projectId);
  }

  @ApiOperation({ summary: '某年度生效的分配方案' })
  @ApiOk('该年度生效的版本', PolicyResponse)
  @ApiErrors(400, 404)
  @Get('in-force')
  inForce(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() q: InForceQuery) {
    return this.service.inForceFor(actor, projectId, q.year);
  }

  @ApiOperation({ summary: '分配方案版本详情（按起始年度）' })
  @ApiOk('自该年度起生效的版本', PolicyResponse)
  @ApiErrors(400, 404)
  @Get(':fromYear')
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('fromYear', ParseYearPipe) fromYear: number) {
    return this.service.get(actor, projectId, fromYear);
  }

  @ApiOperation({ summary: '修改分配方案版本（尚无已过账分红使用时）' })
  @ApiOk('修改后的版本', PolicyResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Put(':fromYear')
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('fromYear', ParseYearPipe) fromYear: number,
    @Body() dto: UpdatePolicyDto,
  ) {
    return this.service.update(actor, projectId, fromYear, dto);
  }
}
