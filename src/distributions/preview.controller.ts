import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { runScenario } from '../core/distribution';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { YearQuery } from './preview.dto';
import { ScenarioBuilder } from './scenario-builder';

@ApiTags('distributions 分红计算')
@ApiBearerAuth()
@Access('read')
@Controller()
export class PreviewController {
  constructor(private readonly scenarios: ScenarioBuilder) {}

  /** Computes the result of any scenario document (distribution.md); stores nothing. The same as `npm run distribute`. */
  @Post('distributions/preview')
  @HttpCode(200)
  @TreasurerScoped({ kind: 'open' })
  @ApiBody({ description: 'a scenario document (see fixtures/scenarios)', schema: { type: 'object' } })
  preview(@Body() scenario: object) {
    return runScenario(scenario);
  }

  /** The scenario document built from the project's stored records for a year. */
  @Get('projects/:projectId/distributions/scenario')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  scenario(@Param('projectId') projectId: string, @Query() q: YearQuery) {
    return this.scenarios.build(projectId, q.year);
  }

  /** The year's distribution computed from the stored records; stores nothing. */
  @Get('projects/:projectId/distributions/preview')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  async projectPreview(@Param('projectId') projectId: string, @Query() q: YearQuery) {
    return runScenario(await this.scenarios.build(projectId, q.year));
  }
}
