import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, TreasurerScoped } from '../access/access.decorators';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { idempotencyKey, idempotencyScope, reply } from '../idempotency/idempotent-response';
import { JournalQuery } from './ledger.dto';
import { LedgerQueries } from './ledger.queries';
import { YearCloseService } from './year-close.service';

@ApiTags('ledger 账簿')
@ApiBearerAuth()
@Access('read')
@TreasurerScoped({ kind: 'project', param: 'projectId' })
@Controller('projects/:projectId')
export class LedgerController {
  constructor(private readonly queries: LedgerQueries, private readonly closes: YearCloseService, private readonly idem: IdempotencyService) {}

  @Get('ledger/vouchers') journal(@Param('projectId') projectId: string, @Query() q: JournalQuery) { return this.queries.journal(projectId, q); }
  @Get('ledger/verify') verify(@Param('projectId') projectId: string) { return this.queries.verify(projectId); }

  /** Posts the year's result close (if no run did yet) and refuses any later voucher dated inside the year. */
  @Access('write') @Post('years/:year/close') @HttpCode(200)
  async close(@Param('projectId') projectId: string, @Param('year', ParseIntPipe) year: number, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.idem.run(idempotencyKey(req), idempotencyScope(req), {}, 200, (m, a) => this.closes.close(m, a, projectId, year)));
  }
}
