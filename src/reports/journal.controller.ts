import { Controller, Get, Headers, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { JournalPageResponse } from '../ledger/ledger.responses';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat, sendFile } from '../platform/documents/document-http';
import { CachedAnswers } from '../platform/http/answer-cache';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { DocumentResponder } from './document-responder';
import { VoucherDocumentResponse } from './documents.responses';
import { journalDocument } from './documents/journal.document';
import { voucherDocument } from './documents/voucher.document';
import { JournalReport } from './journal.service';
import { DocumentQuery, JournalDocumentQuery, JournalExportQuery } from './reports.dto';

/** The journal, one voucher and the export for auditors' tools: the books as documents (JSON cached: CachedAnswers). */
@ApiTags('ledger 账簿')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId/ledger')
export class JournalController {
  constructor(
    private readonly journals: JournalReport,
    private readonly documents: DocumentResponder,
  ) {}

  /** JSON: one page; a file: every voucher of the filter (page and pageSize do not apply). */
  @ApiOperation({ summary: '记账凭证（序时账；JSON 分页，或 PDF / XLSX / CSV 全部）' })
  @ApiOk('一页凭证及其分录，附账簿摘要 digest；村报账员看到的其他村分录按上级科目合并（redacted 说明）', JournalPageResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors(400, 404)
  @Get('vouchers')
  @UseInterceptors(CachedAnswers)
  journal(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Query() q: JournalDocumentQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    if (format === 'json') return this.journals.journal(actor, projectId, q);
    return this.documents.answer(res, actor, format, () => this.journals.journalDocumentData(actor, projectId, q), journalDocument);
  }

  @ApiOperation({ summary: '导出账簿（hledger / beancount）' })
  @ApiOkResponse({
    description: '全部凭证（或截至 asOf）的 hledger 或 beancount 文本：科目按 211-V01 编码，名称在注释中；hledger bal 的结果即科目余额表',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(400, 404)
  @Get('export')
  async export(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() q: JournalExportQuery, @Res() res: Response) {
    const { text, fileName } = await this.journals.export(actor, projectId, q.format ?? 'hledger', q.asOf);
    const [name, extension] = [fileName.slice(0, fileName.lastIndexOf('.')), fileName.slice(fileName.lastIndexOf('.') + 1)];
    sendFile(res, Buffer.from(text, 'utf8'), { contentType: 'text/plain; charset=utf-8', fileName: name, extension });
  }

  /** One voucher by its number (2026-03-0001): the printed 记账凭证 with its signatures. */
  @ApiOperation({ summary: '记账凭证（按凭证号；JSON / PDF / XLSX / CSV）' })
  @ApiOk('凭证的分录（科目编码与名称）、借贷合计及大写、冲销关系、制单、审核、记账人', VoucherDocumentResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiErrors(400, 404)
  @Get('vouchers/:number')
  @UseInterceptors(CachedAnswers)
  voucher(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('number') number: string,
    @Query() q: DocumentQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(res, actor, format, () => this.journals.voucher(actor, projectId, number), voucherDocument);
  }
}
