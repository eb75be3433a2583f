import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { VillagesService } from './villages.service';

@ApiTags('villages 村集体经济组织')
@ApiBearerAuth()
@Access('read')
@Controller('villages')
export class VillagesController {
  constructor(private readonly service: VillagesService) {}

  @Access('write')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateVillageDto) {
    return this.service.create(actor, dto);
  }

  @TreasurerScoped({ kind: 'filtered' })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: VillageQuery) {
    return this.service.list(actor, q);
  }

  @TreasurerScoped({ kind: 'sharedVillage', param: 'id' })
  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Access('write')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateVillageDto) {
    return this.service.update(actor, id, dto);
  }
}
