import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects 项目')
@ApiBearerAuth()
@Access('read')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly service: ProjectsService) {}

  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto) {
    return this.service.create(actor, dto);
  }

  @TreasurerScoped({ kind: 'filtered' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ProjectQuery) {
    return this.service.list(actor, q);
  }

  @TreasurerScoped({ kind: 'project', param: 'id' })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateProjectDto) {
    return this.service.update(actor, id, dto);
  }

  @Access('write')
  @Post(':id/villages')
  addParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AddParticipantDto) {
    return this.service.addParticipant(actor, id, dto);
  }

  @TreasurerScoped({ kind: 'project', param: 'id' })
  @Get(':id/villages')
  listParticipants(@Param('id') id: string) {
    return this.service.participants(id);
  }

  @Access('write')
  @Delete(':id/villages/:villageId')
  @HttpCode(204)
  removeParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('villageId') villageId: string) {
    return this.service.removeParticipant(actor, id, villageId);
  }
}
