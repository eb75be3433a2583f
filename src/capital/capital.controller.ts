import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { CapitalEventQuery, CreateCapitalEventDto, UpdateCapitalEventDto } from './capital-event.dto';
import { CapitalService } from './capital.service';

@ApiTags('capital 出资')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/capital-events')
export class CapitalController {
  constructor(private readonly service: CapitalService) {}

  @Access('money')
  @Idempotent()
  @Post()
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() dto: CreateCapitalEventDto) {
    return this.service.create(actor, projectId, dto);
  }

  @Get()
  list(@Param('projectId') projectId: string, @Query() q: CapitalEventQuery) {
    return this.service.list(projectId, q);
  }

  @Get(':id')
  get(@Param('projectId') projectId: string, @Param('id') id: string) {
    return this.service.get(projectId, id);
  }

  @Access('money')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Body() dto: UpdateCapitalEventDto) {
    return this.service.update(actor, projectId, id, dto);
  }
}
