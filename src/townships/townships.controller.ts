import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { TownshipsService } from './townships.service';

@ApiTags('townships 乡镇')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'open' })
@Controller('townships')
export class TownshipsController {
  constructor(private readonly service: TownshipsService) {}

  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTownshipDto) {
    return this.service.create(actor, dto);
  }

  @Get() list(@Query() q: TownshipQuery) {
    return this.service.list(q);
  }
  @Get(':id') get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateTownshipDto) {
    return this.service.update(actor, id, dto);
  }
}
