import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { ParseYearPipe } from '../platform/http/year.pipe';
import { Idempotent } from '../platform/idempotency/idempotent.decorator';
import { LedgerVerificationResponse, ReopenRequestResponse, ReopenResponse, YearCloseResponse } from './ledger.responses';
import { VerificationService } from './verification.service';
import { YearCloseService } from './year-close.service';

@ApiTags('ledger 账簿')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class LedgerController {
  constructor(
    private readonly verification: VerificationService,
    private readonly closes: YearCloseService,
  ) {}

  // The journal (GET ledger/vouchers) is a report: src/reports/journal.controller.ts, with its documents.
  @ApiOperation({ summary: '校验账簿' })
  @ApiOk('账簿哈希链、借贷平衡与事件链的校验结果', LedgerVerificationResponse)
  @ApiErrors(404)
  @Get('ledger/verify')
  verify(@CurrentActor() actor: Actor, @Param('projectId') projectId: string) {
    return this.verification.verifyFor(actor, projectId);
  }

  /** Posts the year's result close (if no run did yet) and refuses any later voucher dated inside the year. */
  @ApiOperation({ summary: '年度结账' })
  @ApiOk('结账记录及所过账的年度损益结转凭证（如有）', YearCloseResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('years/:year/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseYearPipe) year: number) {
    return this.closes.close(actor, projectId, year);
  }

  /** 反结账, step one: asks to reopen the latest closed year; another user approves. */
  @ApiOperation({ summary: '申请反结账（第一步）' })
  @ApiOk('反结账申请，待另一位用户批准', ReopenRequestResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('years/:year/reopen')
  @HttpCode(200)
  requestReopen(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseYearPipe) year: number) {
    return this.closes.requestReopen(actor, projectId, year);
  }

  /** 反结账, step two: a user other than the requester reopens the year. */
  @ApiOperation({ summary: '批准反结账（第二步）' })
  @ApiOk('已重新打开的年度', ReopenResponse)
  @ApiErrors(400, 404, 409)
  @Access('money')
  @Idempotent()
  @Post('years/:year/reopen/approve')
  @HttpCode(200)
  approveReopen(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('year', ParseYearPipe) year: number) {
    return this.closes.approveReopen(actor, projectId, year);
  }
}
