import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat, sendDocument } from '../platform/documents/document-http';
import { ApiCreated, ApiErrors, ApiList, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import {
  ConfirmPaymentFileDto,
  CreateVillageRunDto,
  HouseholdPaymentDto,
  PaymentFileQuery,
  ReverseHouseholdPaymentDto,
  VillageRunPostDto,
  VillageRunReverseDto,
  VillageRunYearQuery,
} from './village-run.dto';
import { VillagePaymentsService } from './village-payments.service';
import { VillageRunsService } from './village-runs.service';
import {
  NewPaymentFileResponse,
  PaymentFileResponse,
  PaymentFileSummaryResponse,
  VillagePaymentResponse,
  VillageRunPostingResponse,
  VillageRunRecomputeResponse,
  VillageRunStatementResponse,
  VillageRunSummaryResponse,
} from './village-runs.responses';

/**
 * A village's member distribution runs and their payments (村账乡代管: the village's treasurer prepares, posts and
 * pays (`villageMoney`); an accountant approves and reverses (`money`, never the preparer); roles.ts).
 */
@ApiTags('village-runs 村级分红')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/runs')
export class VillageRunsController {
  constructor(
    private readonly runs: VillageRunsService,
    private readonly payments: VillagePaymentsService,
  ) {}

  @ApiOperation({ summary: '编制村级分红（草稿）' })
  @ApiCreated(
    '新的村级分红（status=draft）及其明细：按本村账上的收益、当年的分配方案和 12 月 31 日生效的股权登记计算',
    VillageRunStatementResponse,
  )
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post()
  create(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Body() dto: CreateVillageRunDto) {
    return this.runs.create(actor, villageId, dto.year, dto.postingDate);
  }

  @ApiOperation({ summary: '村级分红列表（可按年度筛选）' })
  @ApiList('各次村级分红的摘要：状态、合计、哈希、经办人与时间', VillageRunSummaryResponse)
  @ApiErrors(400, 404)
  @Get()
  list(@Param('villageId') villageId: string, @Query() q: VillageRunYearQuery) {
    return this.runs.list(villageId, q.year);
  }

  @ApiOperation({ summary: '村级分红明细' })
  @ApiOk('村级分红的收益、提留、各户分得、已付与尚欠、计算说明与账簿摘要（不含银行账号）', VillageRunStatementResponse)
  @ApiErrors(404)
  @Get(':runId')
  statement(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.runs.get(actor, villageId, runId);
  }

  @ApiOperation({ summary: '审核村级分红' })
  @ApiOk('已审核的村级分红（status=approved）；须由乡镇会计审核，且不是编制人', VillageRunSummaryResponse)
  @ApiErrors(403, 404, 409)
  @Idempotent()
  @Access('money')
  @Post(':runId/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.runs.approve(actor, villageId, runId);
  }

  @ApiOperation({ summary: '村级分红入账' })
  @ApiOk('已入账的村级分红（status=posted）及本村账簿中的凭证号', VillageRunPostingResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post(':runId/post')
  @HttpCode(200)
  post(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('runId') runId: string, @Body() dto: VillageRunPostDto) {
    return this.runs.post(actor, villageId, runId, dto.date);
  }

  @ApiOperation({ summary: '冲销村级分红' })
  @ApiOk('已冲销的村级分红（status=reversed）及冲销凭证号；已有支付时须先冲销支付', VillageRunPostingResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('money')
  @Post(':runId/reverse')
  @HttpCode(200)
  reverse(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Body() dto: VillageRunReverseDto,
  ) {
    return this.runs.reverse(actor, villageId, runId, dto.reason, dto.date);
  }

  @ApiOperation({ summary: '村级分红按存档输入重新计算并核对' })
  @ApiOk('identical 为 true 时重新计算的结果与存档逐字节相同；records 为与现有记录的比较', VillageRunRecomputeResponse)
  @ApiErrors(404)
  @Get(':runId/recompute')
  recompute(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.runs.recompute(actor, villageId, runId);
  }

  @ApiOperation({ summary: '向农户支付分红（单户）' })
  @ApiCreated('新的支付记录及其凭证号；不能超过尚欠该户的金额', VillagePaymentResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post(':runId/payments')
  pay(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Body() dto: HouseholdPaymentDto,
  ) {
    return this.payments.pay(actor, villageId, runId, dto);
  }

  @ApiOperation({ summary: '向农户支付记录列表' })
  @ApiList('这次村级分红的各笔支付', VillagePaymentResponse)
  @ApiErrors(404)
  @Get(':runId/payments')
  listPayments(@Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.payments.listPayments(villageId, runId);
  }

  @ApiOperation({ summary: '冲销向农户的支付' })
  @ApiOk('已冲销的支付记录，带冲销凭证号', VillagePaymentResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('money')
  @Post(':runId/payments/:paymentId/reverse')
  @HttpCode(200)
  reversePayment(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Param('paymentId') paymentId: string,
    @Body() dto: ReverseHouseholdPaymentDto,
  ) {
    return this.payments.reversePayment(actor, villageId, runId, paymentId, dto.date);
  }

  @ApiOperation({ summary: '生成银行代发文件' })
  @ApiCreated('新的支付文件（尚欠款且有银行账号的各户，账号遮蔽）；skipped 为没有放进文件的户', NewPaymentFileResponse)
  @ApiErrors(403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post(':runId/payment-files')
  createFile(@CurrentActor() actor: Actor, @Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.payments.createFile(actor, villageId, runId);
  }

  @ApiOperation({ summary: '银行代发文件列表' })
  @ApiList('这次村级分红的各个支付文件', PaymentFileSummaryResponse)
  @ApiErrors(404)
  @Get(':runId/payment-files')
  listFiles(@Param('villageId') villageId: string, @Param('runId') runId: string) {
    return this.payments.listFiles(villageId, runId);
  }

  /** JSON with the accounts masked; ?format=csv the bank's file with whole accounts (audited). */
  @ApiOperation({ summary: '银行代发文件（JSON，或 CSV 文件）' })
  @ApiOk('支付文件及各户（账号遮蔽）；?format=csv 为银行代发文件：户编码,户主,开户行,账号,金额,摘要', PaymentFileResponse)
  @ApiProduces('application/json', 'text/csv')
  @ApiErrors(400, 403, 404, 409)
  @Get(':runId/payment-files/:fileId')
  async getFile(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Param('fileId') fileId: string,
    @Query() q: PaymentFileQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (documentFormat(q.format, accept, ['csv'] as const) === 'json') return this.payments.getFile(villageId, runId, fileId);
    const { bytes, fileName } = await this.payments.fileCsv(actor, villageId, runId, fileId);
    sendDocument(res, bytes, 'csv', fileName);
  }

  @ApiOperation({ summary: '确认银行代发文件已支付' })
  @ApiOk('已确认的支付文件及其各笔支付（每户一张凭证，全部入账或全部不入账；重复确认不再入账）', PaymentFileResponse)
  @ApiErrors(400, 403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post(':runId/payment-files/:fileId/confirm')
  @HttpCode(200)
  confirm(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Param('fileId') fileId: string,
    @Body() dto: ConfirmPaymentFileDto,
  ) {
    return this.payments.confirm(actor, villageId, runId, fileId, dto);
  }

  @ApiOperation({ summary: '作废银行代发文件' })
  @ApiOk('已作废的支付文件（未确认的才能作废）', PaymentFileResponse)
  @ApiErrors(403, 404, 409)
  @Idempotent()
  @Access('villageMoney')
  @Post(':runId/payment-files/:fileId/cancel')
  @HttpCode(200)
  cancel(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Param('fileId') fileId: string,
  ) {
    return this.payments.cancelFile(actor, villageId, runId, fileId);
  }
}
