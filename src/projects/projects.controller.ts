import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects 项目')
@ApiBearerAuth()
@Access('read')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly service: ProjectsService) {}

  @Access('write') @Post() create(@Body() dto: CreateProjectDto) { return this.service.create(dto); }
  @TreasurerScoped({ kind: 'filtered' }) @Get() list(@Query() q: ProjectQuery) { return this.service.list(q); }
  @TreasurerScoped({ kind: 'project', param: 'id' }) @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Access('write') @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateProjectDto) { return this.service.update(id, dto); }

  @Access('write') @Post(':id/villages') addParticipant(@Param('id') id: string, @Body() dto: AddParticipantDto) { return this.service.addParticipant(id, dto); }
  @TreasurerScoped({ kind: 'project', param: 'id' }) @Get(':id/villages') listParticipants(@Param('id') id: string) { return this.service.listParticipants(id); }
  @Access('write') @Delete(':id/villages/:villageId') @HttpCode(204)
  removeParticipant(@Param('id') id: string, @Param('villageId') villageId: string) { return this.service.removeParticipant(id, villageId); }
}
