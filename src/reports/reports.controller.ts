import { Controller, Get, Headers, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat } from '../platform/documents/document-http';
import { CachedAnswers } from '../platform/http/answer-cache';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { DocumentResponder } from './document-responder';
import { incomeDistributionDocument } from './documents/income-distribution.document';
import { noticesDocument } from './documents/notices.document';
import { publicityDocument } from './documents/publicity.document';
import { runStatementDocument } from './documents/run-statement.document';
import { trialBalanceDocument } from './documents/trial-balance.document';
import { villageStatementDocument } from './documents/village-statement.document';
import { IncomeDistributionService } from './income-distribution.service';
import { IncomeDistributionQuery, NoticesQuery, PublicityQuery, StatementQuery, TrialBalanceDocumentQuery } from './reports.dto';
import { RunStatementResponse, TrialBalanceResponse, VillageStatementResponse } from './reports.responses';
import { ReportsService } from './reports.service';
import { IncomeDistributionResponse, NoticesResponse, PublicityResponse } from './documents.responses';
import { RunDocumentsService } from './run-documents.service';

const JSON_PDF_XLSX_CSV = [
  'application/json',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
];

/**
 * The reports, each as JSON or, by `?format=` or the Accept header, as the printed document (spec/documents.md):
 * the same data, the same roles and the same treasurer's cut. Their JSON is cached by snapshot identity
 * (CachedAnswers): every read of each is in its one snapshot.
 */
@ApiTags('reports 报表')
@ApiSignedIn()
@Access('read')
@UseInterceptors(CachedAnswers)
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly incomes: IncomeDistributionService,
    private readonly runDocuments: RunDocumentsService,
    private readonly documents: DocumentResponder,
  ) {}

  /** 科目余额表 as of a date. */
  @ApiOperation({ summary: '科目余额表（JSON / PDF / XLSX / CSV）' })
  @ApiOk('截至 asOf 的各科目期初、本期发生与期末余额；村报账员看不到其他村的明细行', TrialBalanceResponse)
  @ApiProduces(...JSON_PDF_XLSX_CSV)
  @ApiErrors(400, 404)
  @Get('projects/:projectId/reports/trial-balance')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  trialBalance(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Query() q: TrialBalanceDocumentQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(
      res,
      actor,
      format,
      () => this.reports.trialBalance(actor, projectId, q.asOf, q.periodStart),
      trialBalanceDocument,
    );
  }

  /** 分红明细表 of a run as of a date; a treasurer gets their own village's line and the project's totals. */
  @ApiOperation({ summary: '分红明细表（JSON / PDF / XLSX / CSV）' })
  @ApiOk('一次分红的分配过程、各村的应付、已付与未付及经办人；村报账员只看到本村一行和项目合计', RunStatementResponse)
  @ApiProduces(...JSON_PDF_XLSX_CSV)
  @ApiErrors(400, 404)
  @Get('projects/:projectId/runs/:id/statement')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  runStatement(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('id') id: string,
    @Query() q: StatementQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(res, actor, format, () => this.reports.runStatement(actor, projectId, id, q.asOf), runStatementDocument);
  }

  /** 分红通知单: one page per village; a treasurer gets their own village's. */
  @ApiOperation({ summary: '分红通知单（JSON / PDF）' })
  @ApiOk(
    '每村一页：出资与持有天数、保底分红与分成及其算式、合计（含大写）、已付、未付、本村应记的凭证；村报账员只得到本村的',
    NoticesResponse,
  )
  @ApiProduces('application/json', 'application/pdf')
  @ApiErrors(400, 404)
  @Get('projects/:projectId/runs/:id/notices')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  notices(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('id') id: string,
    @Query() q: NoticesQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept, ['pdf']);
    return this.documents.answer(
      res,
      actor,
      format,
      () => this.runDocuments.notices(actor, projectId, id, q.village, q.asOf),
      noticesDocument,
    );
  }

  /** 公示表: public among the project's villages, so the same for every role. */
  @ApiOperation({ summary: '分红公示表（JSON / PDF / XLSX）' })
  @ApiOk('各村出资与分红合计、分配过程、公示期、异议受理和账簿摘要（附二维码）；在项目各村公开，村报账员看到的也是全表', PublicityResponse)
  @ApiProduces('application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiErrors(400, 404)
  @Get('projects/:projectId/runs/:id/publicity')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  publicity(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('id') id: string,
    @Query() q: PublicityQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept, ['pdf', 'xlsx']);
    return this.documents.answer(res, actor, format, () => this.runDocuments.publicity(projectId, id), publicityDocument);
  }

  /** 收益及收益分配表 of a project-year. */
  @ApiOperation({ summary: '收益及收益分配表（JSON / PDF / XLSX / CSV）' })
  @ApiOk(
    '经营收入、经营支出、本年收益、年初未分配收益、其他转入、可分配收益、提取公积公益金、各项分配、年末未分配收益',
    IncomeDistributionResponse,
  )
  @ApiProduces(...JSON_PDF_XLSX_CSV)
  @ApiErrors(400, 404)
  @Get('projects/:projectId/reports/income-distribution')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  incomeDistribution(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Query() q: IncomeDistributionQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(res, actor, format, () => this.incomes.statement(projectId, q.year), incomeDistributionDocument);
  }

  /** A village's dividends across projects and years as of a date, its payments and the vouchers it books on its side. */
  @ApiOperation({ summary: '村对账单（JSON / PDF / XLSX / CSV）' })
  @ApiOk('该村在各项目各年度的应收、已收（含已冲销的付款）、未收及本村一方应记的凭证', VillageStatementResponse)
  @ApiProduces(...JSON_PDF_XLSX_CSV)
  @ApiErrors(400, 404)
  @Get('villages/:villageId/statement')
  @TreasurerScoped({ kind: 'village', param: 'villageId' })
  villageStatement(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Query() q: StatementQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    return this.documents.answer(res, actor, format, () => this.reports.villageStatement(villageId, q.asOf), villageStatementDocument);
  }
}
