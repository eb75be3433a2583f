import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DISTRIBUTION_WORKER, distributeToJson, distributionInput, SLICED } from '../core/distribution/distribution.worker';
import { VillageView } from '../core/village-view';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { DeferredJson } from '../platform/http/raw-input';
import { sendJson } from '../platform/workers/send-json';
import { Workers } from '../platform/workers/workers';
import { DistributionViews } from './distribution-views';
import { DistributionResultResponse, ScenarioResponse } from './distributions.responses';
import { assertPreviewSize, assertVillageCount, villageLimit } from './preview-limits';
import { PREVIEW_WORKER, previewJson } from './preview.worker';
import { YearQuery } from './preview.dto';
import { ScenarioBuilder } from './scenario-builder';

/** The engine runs in a worker thread and its JSON goes out as the thread wrote it: a large preview never holds the event loop. */
@ApiTags('distributions 分红计算')
@ApiSignedIn()
@Access('read')
@Controller()
export class PreviewController {
  constructor(
    private readonly scenarios: ScenarioBuilder,
    private readonly workers: Workers,
    private readonly views: DistributionViews,
  ) {}

  /**
   * Computes the result of any scenario document (distribution.md); stores nothing. The same as `npm run distribute`.
   * At most 2,000 villages for a treasurer, 100,000 for the other roles (preview-limits.ts): more is a 413.
   * A body above 64 KiB reaches the handler as its bytes (app.factory.ts, raw-input.ts), parsed only in the worker.
   */
  @ApiOperation({ summary: '分红计算预览（任意方案文档，不保存）' })
  @ApiOk('计算结果：各村的分红、扣除、项目合计、计算过程 trace 和输入与结果的哈希', DistributionResultResponse)
  @ApiErrors(400, 413)
  @Post('distributions/preview')
  @HttpCode(200)
  @TreasurerScoped({ kind: 'open' })
  @ApiBody({ description: 'a scenario document (see fixtures/scenarios)', schema: { type: 'object' } })
  async preview(@CurrentActor() actor: Actor, @Body() scenario: object, @Res() res: Response): Promise<void> {
    if (scenario instanceof DeferredJson) {
      // A large body, checked in a worker and still bytes (raw-input.ts): parsed, counted and computed in one.
      const outcome = await this.workers.run(PREVIEW_WORKER, previewJson, { json: scenario.bytes, villageLimit: villageLimit(actor) });
      if (!('json' in outcome)) return assertVillageCount(actor, outcome.villages);
      return sendJson(res, outcome.json);
    }
    assertPreviewSize(actor, scenario);
    await sendJson(res, await this.distribute(scenario));
  }

  /** The scenario document built from the project's stored records for a year. */
  @ApiOperation({ summary: '由项目记录生成年度方案文档' })
  @ApiOk('方案文档：参与村、出资、年度经营成果和生效的分配方案', ScenarioResponse)
  @ApiErrors(400, 404)
  @Get('projects/:projectId/distributions/scenario')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  async scenario(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() q: YearQuery) {
    return this.views.scenario(actor, await this.scenarios.build(projectId, q.year));
  }

  /** The year's distribution computed from the stored records; stores nothing. */
  @ApiOperation({ summary: '项目年度分红计算预览（不保存）' })
  @ApiOk('按项目记录计算的结果，格式同分红计算预览', DistributionResultResponse)
  @ApiErrors(400, 404)
  @Get('projects/:projectId/distributions/preview')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  async projectPreview(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Query() q: YearQuery,
    @Res() res: Response,
  ): Promise<void> {
    const scenario = await this.scenarios.build(projectId, q.year);
    await sendJson(res, await this.distribute(scenario, await this.views.of(actor)));
  }

  /** The result's JSON bytes, computed in a worker thread; cut there to a treasurer's view when one is given. */
  private async distribute(scenario: unknown, view?: VillageView): Promise<Uint8Array> {
    const input = { ...distributionInput(scenario), view };
    return (await this.workers.run(DISTRIBUTION_WORKER, distributeToJson, input, { sliced: SLICED })).json;
  }
}
