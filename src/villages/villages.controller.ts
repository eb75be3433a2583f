import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../access/access.decorators';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { VillagesService } from './villages.service';

@ApiTags('villages 村集体经济组织')
@ApiBearerAuth()
@Access('read')
@Controller('villages')
export class VillagesController {
  constructor(private readonly service: VillagesService) {}

  @Access('write') @Post() create(@Body() dto: CreateVillageDto) { return this.service.create(dto); }
  @TreasurerScoped({ kind: 'filtered' }) @Get() list(@Query() q: VillageQuery) { return this.service.list(q); }
  @TreasurerScoped({ kind: 'sharedVillage', param: 'id' }) @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Access('write') @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateVillageDto) { return this.service.update(id, dto); }
}
