import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects 项目')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly service: ProjectsService) {}

  @Post() create(@Body() dto: CreateProjectDto) { return this.service.create(dto); }
  @Get() list(@Query() q: ProjectQuery) { return this.service.list(q); }
  @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateProjectDto) { return this.service.update(id, dto); }

  @Post(':id/villages') addParticipant(@Param('id') id: string, @Body() dto: AddParticipantDto) { return this.service.addParticipant(id, dto); }
  @Get(':id/villages') listParticipants(@Param('id') id: string) { return this.service.listParticipants(id); }
  @Delete(':id/villages/:villageId') @HttpCode(204)
  removeParticipant(@Param('id') id: string, @Param('villageId') villageId: string) { return this.service.removeParticipant(id, villageId); }
}
