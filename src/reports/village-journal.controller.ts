import { Controller, Get, Headers, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { VillageJournalPageResponse } from '../ledger/village-book.responses';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat } from '../platform/documents/document-http';
import { CachedAnswers } from '../platform/http/answer-cache';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { DocumentResponder } from './document-responder';
import { VoucherDocumentResponse } from './documents.responses';
import { journalDocument } from './documents/journal.document';
import { voucherDocument } from './documents/voucher.document';
import { JournalReport } from './journal.service';
import { DocumentQuery, VillageJournalQuery } from './reports.dto';

/** A village's own book (村账) as documents: its journal and one voucher, as the project's (journal.controller.ts). */
@ApiTags('village-book 村账')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@Controller('villages/:villageId/ledger')
export class VillageJournalController {
  constructor(
    private readonly journals: JournalReport,
    private readonly documents: DocumentResponder,
  ) {}

  /** JSON: one page, each line with its account's name in the village chart; a file: every voucher of the filter. */
  @ApiOperation({ summary: '村账记账凭证（序时账；JSON 分页，或 PDF / XLSX / CSV 全部）' })
  @ApiOk('一页村账凭证及其分录（含科目名称），附村账摘要 digest', VillageJournalPageResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors(400, 404)
  @Get('vouchers')
  @UseInterceptors(CachedAnswers)
  journal(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Query() q: VillageJournalQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    if (format === 'json') return this.journals.villageJournal(villageId, q);
    return this.documents.answer(res, actor, format, () => this.journals.villageJournalDocumentData(villageId, q), journalDocument);
  }

  @ApiOperation({ summary: '村账记账凭证（按凭证号；JSON / PDF / XLSX / CSV）' })
  @ApiOk('村账一张凭证的分录（科目编码与名称）、借贷合计及大写、冲销关系、制单与记账人', VoucherDocumentResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors(400, 404)
  @Get('vouchers/:number')
  @UseInterceptors(CachedAnswers)
  voucher(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('number') number: string,
    @Query() q: DocumentQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(res, actor, format, () => this.journals.villageVoucher(villageId, number), voucherDocument);
  }
}
