import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat } from '../platform/documents/document-http';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { DocumentResponder } from './document-responder';
import { trialBalanceDocument } from './documents/trial-balance.document';
import { TrialBalanceDocumentQuery } from './reports.dto';
import { TrialBalanceResponse } from './reports.responses';
import { VillageBookReports } from './village-book-reports.service';

/** A village's own book's trial balance (村账科目余额表), as JSON or the printed document. */
@ApiTags('village-book 村账')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/reports')
export class VillageBookReportsController {
  constructor(
    private readonly reports: VillageBookReports,
    private readonly documents: DocumentResponder,
  ) {}

  @ApiOperation({ summary: '村账科目余额表（JSON / PDF / XLSX / CSV）' })
  @ApiOk('村账截至 asOf 的各科目期初、本期发生与期末余额（村集体经济组织会计科目；project 字段为村代码）', TrialBalanceResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors(400, 404)
  @Get('trial-balance')
  trialBalance(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Query() q: TrialBalanceDocumentQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(
      res,
      actor,
      format,
      () => this.reports.trialBalance(villageId, q.asOf, q.periodStart),
      (tb, print) => trialBalanceDocument({ ...tb, book: 'village' }, print),
    );
  }
}
