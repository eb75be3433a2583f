import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TrialBalanceQuery } from '../ledger/ledger.dto';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { ApiErrors, ApiOk, ApiSignedIn } from '../platform/http/openapi';
import { StatementQuery } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports 报表')
@ApiSignedIn()
@Access('read')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** 科目余额表 as of a date. */
  @ApiOperation({ summary: '科目余额表' })
  @ApiOk('截至 asOf 的各科目期初、本期发生与期末余额；村报账员看不到其他村的明细行')
  @ApiErrors(400, 404)
  @Get('projects/:projectId/reports/trial-balance')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  trialBalance(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() q: TrialBalanceQuery) {
    return this.reports.trialBalance(actor, projectId, q.asOf, q.periodStart);
  }

  /** 分红明细表 of a run as of a date; a treasurer gets their own village's line and the project's totals. */
  @ApiOperation({ summary: '分红明细表' })
  @ApiOk('一次分红各村的应付、已付与未付；村报账员只看到本村一行和项目合计')
  @ApiErrors(400, 404)
  @Get('projects/:projectId/runs/:id/statement')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  runStatement(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Query() q: StatementQuery) {
    return this.reports.runStatement(actor, projectId, id, q.asOf);
  }

  /** A village's dividends across projects and years as of a date, and the vouchers it books on its side. */
  @ApiOperation({ summary: '村对账单' })
  @ApiOk('该村在各项目各年度的分红及本村一方应记的凭证')
  @ApiErrors(400, 404)
  @Get('villages/:villageId/statement')
  @TreasurerScoped({ kind: 'village', param: 'villageId' })
  villageStatement(@Param('villageId') villageId: string, @Query() q: StatementQuery) {
    return this.reports.villageStatement(villageId, q.asOf);
  }
}
