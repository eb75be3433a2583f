import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiDone, ApiErrors, ApiList, ApiOk, ApiPage, ApiSignedIn } from '../platform/http/openapi';
import { AddParticipantDto, CreateProjectDto, ProjectQuery, UpdateProjectDto } from './project.dto';
import { ProjectsService } from './projects.service';
import { ParticipantResponse, ProjectResponse } from './projects.responses';

@ApiTags('projects 项目')
@ApiSignedIn()
@Access('read')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly service: ProjectsService) {}

  @ApiOperation({ summary: '新建项目' })
  @ApiCreated('新建的项目', ProjectResponse)
  @ApiErrors(400, 404, 409)
  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto) {
    return this.service.create(actor, dto);
  }

  @ApiOperation({ summary: '项目列表（分页，可按代码或名称、乡镇、参与村筛选）' })
  @ApiPage('一页项目；村报账员只看到本村参与的项目', ProjectResponse)
  @ApiErrors(400)
  @TreasurerScoped({ kind: 'filtered' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ProjectQuery) {
    return this.service.list(actor, q);
  }

  @ApiOperation({ summary: '项目详情' })
  @ApiOk('项目', ProjectResponse)
  @ApiErrors(404)
  @TreasurerScoped({ kind: 'project', param: 'id' })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @ApiOperation({ summary: '修改项目' })
  @ApiOk('修改后的项目', ProjectResponse)
  @ApiErrors(400, 404, 409)
  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateProjectDto) {
    return this.service.update(actor, id, dto);
  }

  @ApiOperation({ summary: '添加参与村' })
  @ApiCreated('参与记录：村、加入日期及现有出资额', ParticipantResponse)
  @ApiErrors(400, 404, 409)
  @Access('write')
  @Post(':id/villages')
  addParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AddParticipantDto) {
    return this.service.addParticipant(actor, id, dto);
  }

  @ApiOperation({ summary: '参与村列表（含各村出资额）' })
  @ApiList('参与本项目的村（按村代码排列），各带现有出资额 capital；村报账员只看到本村的出资额', ParticipantResponse)
  @ApiErrors(404)
  @TreasurerScoped({ kind: 'project', param: 'id' })
  @Get(':id/villages')
  listParticipants(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.service.participants(actor, id);
  }

  @ApiOperation({ summary: '移除参与村（尚无出资记录时）' })
  @ApiDone('已移除')
  @ApiErrors(404, 409)
  @Access('write')
  @Delete(':id/villages/:villageId')
  @HttpCode(204)
  removeParticipant(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('villageId') villageId: string) {
    return this.service.removeParticipant(actor, id, villageId);
  }
}
