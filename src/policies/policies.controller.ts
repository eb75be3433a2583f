import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreatePolicyDto, InForceQuery, UpdatePolicyDto } from './policy.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies 分配方案')
@Controller('projects/:projectId/policies')
export class PoliciesController {
  constructor(private readonly service: PoliciesService) {}

  @Post() create(@Param('projectId') projectId: string, @Body() dto: CreatePolicyDto) { return this.service.create(projectId, dto); }
  @Get() list(@Param('projectId') projectId: string) { return this.service.list(projectId); }
  @Get('in-force') inForce(@Param('projectId') projectId: string, @Query() q: InForceQuery) { return this.service.inForce(projectId, q.year); }
  @Get(':fromYear') get(@Param('projectId') projectId: string, @Param('fromYear', ParseIntPipe) fromYear: number) {
    return this.service.get(projectId, fromYear);
  }
  @Put(':fromYear') update(@Param('projectId') projectId: string, @Param('fromYear', ParseIntPipe) fromYear: number, @Body() dto: UpdatePolicyDto) {
    return this.service.update(projectId, fromYear, dto);
  }
}
