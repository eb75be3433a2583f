import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateVillageDto, UpdateVillageDto, VillageQuery } from './village.dto';
import { VillagesService } from './villages.service';

@ApiTags('villages 村集体经济组织')
@Controller('villages')
export class VillagesController {
  constructor(private readonly service: VillagesService) {}

  @Post() create(@Body() dto: CreateVillageDto) { return this.service.create(dto); }
  @Get() list(@Query() q: VillageQuery) { return this.service.list(q); }
  @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateVillageDto) { return this.service.update(id, dto); }
}
