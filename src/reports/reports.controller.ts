import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TrialBalanceQuery } from '../ledger/ledger.dto';
import { Access, TreasurerScoped } from '../platform/access/access.decorators';
import { Actor, CurrentActor } from '../platform/context/actor';
import { StatementQuery } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports 报表')
@ApiBearerAuth()
@Access('read')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** 科目余额表 as of a date. */
  @Get('projects/:projectId/reports/trial-balance')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  trialBalance(@Param('projectId') projectId: string, @Query() q: TrialBalanceQuery) {
    return this.reports.trialBalance(projectId, q.asOf, q.periodStart);
  }

  /** 分红明细表 of a run as of a date; a treasurer gets only their own village's line. */
  @Get('projects/:projectId/runs/:id/statement')
  @TreasurerScoped({ kind: 'project', param: 'projectId' })
  runStatement(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('id') id: string, @Query() q: StatementQuery) {
    return this.reports.runStatement(actor, projectId, id, q.asOf);
  }

  /** A village's dividends across projects and years as of a date, and the vouchers it books on its side. */
  @Get('villages/:villageId/statement')
  @TreasurerScoped({ kind: 'village', param: 'villageId' })
  villageStatement(@Param('villageId') villageId: string, @Query() q: StatementQuery) {
    return this.reports.villageStatement(villageId, q.asOf);
  }
}
