import { Controller, Get, Headers, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { documentFormat } from '../platform/documents/document-http';
import { CachedAnswers } from '../platform/http/answer-cache';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { VillageRunStatementResponse } from '../village-runs/village-runs.responses';
import { DocumentResponder } from './document-responder';
import { householdSlipsDocument } from './documents/household-slips.document';
import { memberPublicityDocument } from './documents/member-publicity.document';
import { villageRunStatementDocument } from './documents/village-run-statement.document';
import { HouseholdSlipsQuery, MemberPublicityQuery, VillageRunStatementQuery } from './village-run-documents.dto';
import { HouseholdSlipsResponse, MemberPublicityResponse } from './village-run-documents.responses';
import { VillageRunDocumentsService } from './village-run-documents.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The documents of a village's member distribution run, each as JSON or, by `?format=` or the Accept header, as
 * the printed document: 户分红单, 成员分红公示表 and the run statement. The same roles as the run statement itself:
 * the village's treasurer, the accountant, the admin and the auditor (the notice board's table too: it is printed
 * by those who post it, not served to the public). Their JSON is cached by snapshot identity (CachedAnswers): each
 * is read in one snapshot.
 */
@ApiTags('village-runs 成员分红')
@ApiSignedIn()
@Access('read')
@TreasurerScoped({ kind: 'village', param: 'villageId' })
@UseInterceptors(CachedAnswers)
@Controller('villages/:villageId/runs/:runId')
export class VillageRunDocumentsController {
  constructor(
    private readonly documents: VillageRunDocumentsService,
    private readonly responder: DocumentResponder,
  ) {}

  /** 户分红单: one page per household, or one household's (`household`, a code). */
  @ApiOperation({ summary: '户分红单（JSON / PDF）' })
  @ApiOk(
    '每户一页：村、年度、户编码与户主、各股种股数及权重、算式、分红金额（含大写）、已付、未付、状态和本村账簿摘要',
    HouseholdSlipsResponse,
  )
  @ApiProduces('application/json', 'application/pdf')
  @ApiErrors(400, 404)
  @Get('slips')
  slips(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Query() q: HouseholdSlipsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept, ['pdf']);
    return this.responder.answer(
      res,
      actor,
      format,
      () => this.documents.slips(actor, villageId, runId, q.household),
      householdSlipsDocument,
    );
  }

  /** 成员分红公示表: household codes and masked names, never an account number. */
  @ApiOperation({ summary: '成员分红公示表（JSON / PDF / XLSX）' })
  @ApiOk(
    '户编码、遮蔽的户主姓名（弓*东）、各股种股数、折算股数、分红金额及合计、各项提取、公示期和本村账簿摘要（附二维码）；不含账号',
    MemberPublicityResponse,
  )
  @ApiProduces('application/json', 'application/pdf', XLSX)
  @ApiErrors(400, 404)
  @Get('publicity')
  publicity(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Query() q: MemberPublicityQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept, ['pdf', 'xlsx']);
    return this.responder.answer(res, actor, format, () => this.documents.publicity(actor, villageId, runId), memberPublicityDocument);
  }

  /** 成员分红明细表: the run statement as a document (its JSON is the run's own answer). */
  @ApiOperation({ summary: '成员分红明细表（JSON / PDF / XLSX / CSV）' })
  @ApiOk(
    '本村收入（按项目及其他收入）、各项提取、成员分红总额、每户的股数、折算股数、分红金额、已付、未付及合计、经办人',
    VillageRunStatementResponse,
  )
  @ApiProduces('application/json', 'application/pdf', XLSX, 'text/csv')
  @ApiErrors(400, 404)
  @Get('statement')
  statement(
    @CurrentActor() actor: Actor,
    @Param('villageId') villageId: string,
    @Param('runId') runId: string,
    @Query() q: VillageRunStatementQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const format = documentFormat(q.format, accept);
    const printed = format !== 'json';
    return this.responder.answer(
      res,
      actor,
      format,
      () => this.documents.statement(actor, villageId, runId, printed),
      villageRunStatementDocument,
    );
  }
}
