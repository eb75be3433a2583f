import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { CreatePolicyDto, InForceQuery, UpdatePolicyDto } from './policy.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies 分配方案')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/policies')
export class PoliciesController {
  constructor(private readonly service: PoliciesService) {}

  @Access('money')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreatePolicyDto) {
    return this.service.create(actor, projectId, dto);
  }

  @Get()
  list(@Param('projectId') projectId: string) {
    return this.service.list(projectId);
  }

  @Get('in-force')
  inForce(@Param('projectId') projectId: string, @Query() q: InForceQuery) {
    return this.service.inForce(projectId, q.year);
  }

  @Get(':fromYear')
  get(@Param('projectId') projectId: string, @Param('fromYear', ParseIntPipe) fromYear: number) {
    return this.service.get(projectId, fromYear);
  }

  @Access('money')
  @Put(':fromYear')
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('fromYear', ParseIntPipe) fromYear: number,
    @Body() dto: UpdatePolicyDto,
  ) {
    return this.service.update(actor, projectId, fromYear, dto);
  }
}
