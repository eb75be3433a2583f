import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { TownshipsService } from './townships.service';

@ApiTags('townships 乡镇')
@Controller('townships')
export class TownshipsController {
  constructor(private readonly service: TownshipsService) {}

  @Post() create(@Body() dto: CreateTownshipDto) { return this.service.create(dto); }
  @Get() list(@Query() q: TownshipQuery) { return this.service.list(q); }
  @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateTownshipDto) { return this.service.update(id, dto); }
}
