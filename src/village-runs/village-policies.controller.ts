import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ParseYearPipe } from '../platform/http/year.pipe';
import { CreateVillagePolicyDto, UpdateVillagePolicyDto, VillagePolicyInForceQuery } from './village-policy.dto';
import { VillagePoliciesService } from './village-policies.service';
import { VillagePolicyResponse } from './village-policies.responses';

/**
 * Every role that reads may read (a treasurer held to their own village by the guard); writes are `villageMoney`:
 * the village's treasurer or the accountant (村账乡代管, roles.ts).
 */
@ApiTags('village-policies 村级分配方案')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/policies')
export class VillagePoliciesController {
  constructor(private readonly service: VillagePoliciesService) {}

  @ApiOperation({ summary: '新建村级分配方案版本（本村村报账员、乡镇会计或系统管理员）' })
  @ApiCreated('新的村级分配方案版本', VillagePolicyResponse)
  @ApiErrors(400, 403, 404, 409)
  @Access('villageMoney')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: CreateVillagePolicyDto) {
    return this.service.create(actor, villageId, dto);
  }

  @ApiOperation({ summary: '村级分配方案各版本' })
  @ApiList('按起始年度排列的各版本', VillagePolicyResponse)
  @ApiErrors(404)
  @Get()
  list(@Param('villageId') villageId: string) {
    return this.service.list(villageId);
  }

  @ApiOperation({ summary: '某年度生效的村级分配方案' })
  @ApiOk('该年度生效的版本', VillagePolicyResponse)
  @ApiErrors(400, 404)
  @Get('in-force')
  inForce(@Param('villageId') villageId: string, @Query() q: VillagePolicyInForceQuery) {
    return this.service.inForceFor(villageId, q.year);
  }

  @ApiOperation({ summary: '村级分配方案版本详情（按起始年度）' })
  @ApiOk('自该年度起生效的版本', VillagePolicyResponse)
  @ApiErrors(400, 404)
  @Get(':fromYear')
  get(@Param('villageId') villageId: string, @Param('fromYear', ParseYearPipe) fromYear: number) {
    return this.service.get(villageId, fromYear);
  }

  @ApiOperation({ summary: '修改村级分配方案版本（尚无已入账的村级分红使用时）' })
  @ApiOk('修改后的版本（修订号加 1）', VillagePolicyResponse)
  @ApiErrors(400, 403, 404, 409)
  @Access('villageMoney')
  @Put(':fromYear')
  update(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('fromYear', ParseYearPipe) fromYear: number,
    @Body() dto: UpdateVillagePolicyDto,
  ) {
    return this.service.update(actor, villageId, fromYear, dto);
  }
}
