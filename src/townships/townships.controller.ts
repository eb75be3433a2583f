import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../access/access.decorators';
import { CreateTownshipDto, TownshipQuery, UpdateTownshipDto } from './township.dto';
import { TownshipsService } from './townships.service';

@ApiTags('townships 乡镇')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'open' })
@Controller('townships')
export class TownshipsController {
  constructor(private readonly service: TownshipsService) {}

  @Access('write') @Post() create(@Body() dto: CreateTownshipDto) { return this.service.create(dto); }
  @Get() list(@Query() q: TownshipQuery) { return this.service.list(q); }
  @Get(':id') get(@Param('id') id: string) { return this.service.get(id); }
  @Access('write') @Patch(':id') update(@Param('id') id: string, @Body() dto: UpdateTownshipDto) { return this.service.update(id, dto); }
}
